// The engine on PostgreSQL while the server drops its connections (failover, restart, an admin's
// pg_terminate_backend) in the middle of a burst: every event is applied, each exactly once.
import { expect, it } from "vitest";
import { describePostgres, postgresSuite, terminateBackendsMeanwhile } from "../support/postgres.js";

describePostgres("engine under lost connections", () => {
  const suite = postgresSuite("terminate");

  it("applies all 300 messages of a burst once each while backends are terminated", async () => {
    const { scratch, db, h } = suite;
    const killer = await terminateBackendsMeanwhile(scratch.url);
    const events = Array.from({ length: 300 }, (_, i) => ({ user: `burst-${i % 60}`, eventId: `burst-event-${i}` }));
    const results = await Promise.allSettled(events.map((e) => h.send(e.user, { kind: "message", text: "hello" }, e.eventId)));
    const terminated = await killer.stop();

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
