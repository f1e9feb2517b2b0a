// The scheduler's statements on both carriers: the driver (a pass) and Prisma's raw API inside a
// transaction (a schedule change). Timestamps cross as UTC text and epoch milliseconds, so what
// goes in comes back to the millisecond on PGlite and PostgreSQL alike.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../../src/store/database.js";
import { addJobs, answeredCheckins, claimDueJobs, jobStatuses, loadScheduledClients, settleJobs } from "../../src/store/jobs.js";
import { seedClients } from "../support/bulk.js";
import { catalog } from "../support/harness.js";
import { createScratchDatabase, describePostgres, type ScratchDatabase } from "../support/postgres.js";

const dueAt = new Date("2026-11-30T09:00:00.123Z");
const now = new Date("2026-11-30T09:00:30.456Z");

function statementsOn(name: string, open: () => Promise<{ db: Database; drop: () => Promise<void> }>) {
  describe(name, () => {
    let db: Database;
    let drop: () => Promise<void>;
    let clientIds: string[];

    beforeAll(async () => {
      ({ db, drop } = await open());
      ({ clientIds } = await seedClients(db.prisma, catalog, { count: 3, due: 2, dueAt }));
    }, 120_000);
    afterAll(async () => {
      await db?.close();
      await drop?.();
    });

    it("claims the due jobs in their order with their instant to the millisecond, as many as asked, and settles them", async () => {
      const due = await db.prisma.scheduledJob.findMany({ where: { dueAt }, orderBy: [{ kind: "asc" }, { dedupeKey: "asc" }] });
      const first = await claimDueJobs(db.prisma, now, 1);
      const claimed = [...first, ...(await claimDueJobs(db.prisma, now, 10))];
      expect(first).toHaveLength(1);
      expect(claimed.map((j) => [j.id, j.clientId, j.dueAt.toISOString()])).toEqual(due.map((j) => [j.id, j.clientId, dueAt.toISOString()]));
      expect(claimed.map((j) => j.clientId).sort()).toEqual(clientIds.slice(0, 2).sort());
      expect(await claimDueJobs(db.prisma, now, 10)).toEqual([]);

      const until = new Date("2026-11-30T17:00:00.789Z");
      await settleJobs(
        db.prisma,
        [
          { id: claimed[0]!.id, outcome: { status: "done", detail: "sent" } },
          { id: claimed[1]!.id, outcome: { status: "postponed", until, detail: "quiet hours" } },
        ],
        now,
      );
      const [done, postponed] = await Promise.all(claimed.map((j) => db.prisma.scheduledJob.findUniqueOrThrow({ where: { id: j.id } })));
      expect(done).toMatchObject({ status: "done", detail: "sent", doneAt: now, lockedAt: null });
      expect(postponed).toMatchObject({ status: "pending", dueAt: until, doneAt: null, lockedAt: null });
      const statuses = await jobStatuses(db.prisma, [done!.dedupeKey, postponed!.dedupeKey, "checkin:nobody:2026-W49"]);
      expect(Object.fromEntries(statuses)).toEqual({ [done!.dedupeKey]: "done", [postponed!.dedupeKey]: "pending" });
    });

    it("adds jobs once per dedupe key, on the driver and inside a transaction alike", async () => {
      const job = (clientId: string) => ({ kind: "checkin_reminder" as const, clientId, period: "2026-W49", dueAt: new Date("2026-12-01T09:00:00.001Z") });
      expect(await addJobs(db.prisma, [job(clientIds[0]!), job(clientIds[0]!), job(clientIds[1]!)])).toBe(2);
      expect(await addJobs(db.prisma, [job(clientIds[1]!)])).toBe(0);
      const added = await db.prisma.$transaction(async (tx) => [await addJobs(tx, [job(clientIds[2]!)]), await addJobs(tx, [job(clientIds[2]!)])]);
      expect(added).toEqual([1, 0]);
      // Inside a transaction the insert is the transaction's: undone with it.
      const undone = { kind: "goal_review" as const, clientId: clientIds[2]!, period: "2026-W50", dueAt: new Date("2026-12-07T09:00:00Z") };
      await expect(
        db.prisma.$transaction(async (tx) => {
          await addJobs(tx, [undone]);
          throw new Error("changed my mind");
        }),
      ).rejects.toThrow("changed my mind");
      expect(await db.prisma.scheduledJob.count({ where: { kind: "goal_review" } })).toBe(0);
      const rows = await db.prisma.scheduledJob.findMany({ where: { kind: "checkin_reminder" } });
      expect(rows.map((r) => r.dueAt.toISOString())).toEqual(Array(3).fill("2026-12-01T09:00:00.001Z"));
    });

    it("reads a paused client's end of pause, and an early check-in's instant, to the millisecond", async () => {
      const pausedUntil = new Date("2026-12-14T08:30:00.250Z");
      const openedAt = new Date("2026-11-29T19:45:10.500Z");
      await db.prisma.client.update({ where: { id: clientIds[0]! }, data: { status: "paused", pausedUntil } });
      await db.prisma.conversation.create({
        data: {
          clientId: clientIds[0]!,
          key: "early",
          script: "checkin",
          period: "2026-W48",
          status: "closed",
          openedAt,
          closedAt: new Date(openedAt.getTime() + 60_000),
        },
      });
      const clients = await loadScheduledClients(db.prisma, [clientIds[0]!, clientIds[1]!]);
      expect(clients.get(clientIds[0]!)).toMatchObject({ status: "paused", pausedUntil });
      expect(clients.get(clientIds[1]!)).toMatchObject({ status: "active", pausedUntil: null });
      const answered = await answeredCheckins(db.prisma, [
        { job: "j0", clientId: clientIds[0]!, since: new Date(dueAt.getTime() - 7 * 86_400_000), early: new Date(dueAt.getTime() - 3.5 * 86_400_000) },
        { job: "j1", clientId: clientIds[1]!, since: new Date(dueAt.getTime() - 7 * 86_400_000), early: new Date(dueAt.getTime() - 3.5 * 86_400_000) },
      ]);
      expect([...answered.answered]).toEqual(["j0"]);
      expect(answered.early.get("j0")).toEqual(openedAt);
    });
  });
}

statementsOn("the scheduler's statements on PGlite", async () => ({ db: await openDatabase({ kind: "pglite", dataDir: "memory" }), drop: async () => {} }));

describePostgres("the scheduler's statements on PostgreSQL", () => {
  statementsOn("on a scratch database", async () => {
    const scratch: ScratchDatabase = await createScratchDatabase("scheduler-statements");
    return { db: await openDatabase({ kind: "postgres", url: scratch.url, poolSize: 2 }), drop: () => scratch.drop() };
  });
});
