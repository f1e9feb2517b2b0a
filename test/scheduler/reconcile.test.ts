// Start-up reconcile at scale: every active or paused client ends with exactly one pending weekly
// check-in, at 100,000 clients (a NOT IN list of scheduled clients failed above ~34,000, P2029).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nextCheckinJob } from "../../src/domain/schedule.js";
import { reconcileSchedules } from "../../src/scheduler/reconcile.js";
import { type Database, openDatabase } from "../../src/store/database.js";
import { seedBareClients } from "../support/bulk.js";
import { createScratchDatabase, describePostgres, type ScratchDatabase } from "../support/postgres.js";

const now = new Date("2026-11-24T10:00:00Z");

function reconcileContract(label: string, open: () => Promise<{ db: Database; drop(): Promise<void> }>, count: number) {
  describe(`reconcile on ${label} with ${count.toLocaleString("en")} clients`, () => {
    let db: Database;
    let drop: () => Promise<void>;
    beforeAll(async () => {
      ({ db, drop } = await open());
      await seedBareClients(db.prisma, { count, withJobEvery: 2, closedEvery: 10, dueAt: new Date("2026-11-30T09:00:00Z") });
    }, 300_000);
    afterAll(async () => {
      await db?.close();
      await drop?.();
    });

    it("plans one check-in for each active or paused client without one, and none for closed programs", async () => {
      const started = Date.now();
      const planned = await reconcileSchedules(db.prisma, now);
      console.info(`[reconcile] ${label}, ${count} clients: ${planned} check-ins planned in ${Date.now() - started} ms`);
      // Fresh statistics for the checks below (reconcile itself ran on the stale ones of a bulk load).
      await db.prisma.$executeRawUnsafe("ANALYZE");
      const [stats] = await db.prisma.$queryRaw<{ eligible: bigint; without: bigint; twice: bigint; closed: bigint }[]>`
        SELECT
          (SELECT count(*) FROM "Client" WHERE status IN ('active', 'paused')) AS eligible,
          (SELECT count(*) FROM "Client" c WHERE status IN ('active', 'paused')
             AND NOT EXISTS (SELECT 1 FROM "ScheduledJob" j WHERE j."clientId" = c.id AND j.kind = 'checkin' AND j.status = 'pending')) AS without,
          (SELECT count(*) FROM (SELECT "clientId" FROM "ScheduledJob" WHERE kind = 'checkin' AND status = 'pending' GROUP BY "clientId" HAVING count(*) > 1) d) AS twice,
          (SELECT count(*) FROM "ScheduledJob" j JOIN "Client" c ON c.id = j."clientId" WHERE c.status = 'closed' AND j.period <> 'seeded') AS closed`;
      // Clients 2, 4, 6, ... had a check-in; of the odd ones, every tenth is closed, i.e. none.
      expect(planned).toBe(count / 2);
      expect(Number(stats!.eligible)).toBe(count - count / 10);
      expect(Number(stats!.without)).toBe(0);
      expect(Number(stats!.twice)).toBe(0);
      expect(Number(stats!.closed)).toBe(0);
      // Each new job is the one the domain plans for that client (slot, time zone, period).
      const sample = await db.prisma.client.findFirstOrThrow({ where: { platformUserId: "bare-3" } });
      const job = await db.prisma.scheduledJob.findFirstOrThrow({ where: { clientId: sample.id, kind: "checkin" } });
      const expected = nextCheckinJob(sample, now);
      expect({ period: job.period, dueAt: job.dueAt }).toEqual({ period: expected.period, dueAt: expected.dueAt });

      expect(await reconcileSchedules(db.prisma, now)).toBe(0);
    }, 300_000);
  });
}

reconcileContract("PGlite", async () => ({ db: await openDatabase({ kind: "pglite", dataDir: "memory" }), drop: async () => {} }), 40_000);

describePostgres("reconcile on PostgreSQL", () => {
  let scratch: ScratchDatabase;
  reconcileContract(
    "PostgreSQL",
    async () => {
      scratch = await createScratchDatabase("reconcile");
      return { db: await openDatabase({ kind: "postgres", url: scratch.url, poolSize: 4 }), drop: () => scratch.drop() };
    },
    100_000,
  );
});
