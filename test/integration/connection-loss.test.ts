// The engine on PostgreSQL while the server drops its connections (failover, restart, an admin's
// pg_terminate_backend) in the middle of a burst: every event is applied, each exactly once.
import pg from "pg";
import { expect, it } from "vitest";
import { describePostgres, postgresSuite } from "../support/postgres.js";

describePostgres("engine under lost connections", () => {
  const suite = postgresSuite("terminate");

  it("applies all 300 messages of a burst once each while backends are terminated", async () => {
    const { scratch, db, h } = suite;
    const admin = new pg.Client({ connectionString: scratch.url });
    await admin.connect();
    let terminated = 0;
    let bursting = true;
    const killer = (async () => {
      // Terminate every other connection to this database a few times while the burst runs.
      for (let round = 0; round < 6 && bursting; round++) {
        await new Promise((resolve) => setTimeout(resolve, 150));
        const { rowCount } = await admin.query(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
        );
        terminated += rowCount ?? 0;
      }
    })();
    const events = Array.from({ length: 300 }, (_, i) => ({ user: `burst-${i % 60}`, eventId: `burst-event-${i}` }));
    const results = await Promise.allSettled(events.map((e) => h.send(e.user, { kind: "message", text: "hello" }, e.eventId)));
    bursting = false;
    await killer;
    await admin.end();

    const failed = results.filter((r) => r.status === "rejected");
    expect(failed.map((r) => String((r as PromiseRejectedResult).reason).slice(0, 200))).toEqual([]);
    expect(terminated).toBeGreaterThan(0);
    expect(await db.prisma.processedEvent.count({ where: { eventId: { startsWith: "burst-event-" } } })).toBe(300);
    expect(await db.prisma.client.count({ where: { platformUserId: { startsWith: "burst-" } } })).toBe(60);
    // Each event's reply was queued once, however often its transaction was retried.
    const perEvent = await db.prisma.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM "OutboxMessage" WHERE "dedupeKey" LIKE 'burst-event-%' GROUP BY split_part("dedupeKey", '#', 1) HAVING count(*) > 1`;
    expect(perEvent).toEqual([]);
    console.info(`[connection loss] ${terminated} backends terminated during the burst; ${results.length - failed.length}/300 applied`);
  }, 300_000);
});
