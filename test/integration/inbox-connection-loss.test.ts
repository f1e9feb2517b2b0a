// The inbox on PostgreSQL while the server drops its connections in the middle of a burst: every
// event that was stored (acknowledged) is applied, each once, and the inbox ends empty. The engine
// retries a lost connection a few times itself; what outlasts that stays in the inbox and is
// taken again by the sweep, as after a restart.
import { expect, it } from "vitest";
import { Inbox } from "../../src/engine/inbox.js";
import { silent } from "../support/harness.js";
import { describePostgres, postgresSuite, terminateBackendsMeanwhile } from "../support/postgres.js";

describePostgres("inbox under lost connections", () => {
  const suite = postgresSuite("inbox_terminate");

  it("applies all 300 stored messages of a burst once each while backends are terminated", async () => {
    const { scratch, db, h } = suite;
    // A lease of 0: a postponed event may be taken by the next sweep at once (no real waiting).
    const inbox = new Inbox({
      prisma: db.prisma,
      statementsOnThisThread: db.kind === "pglite",
      engine: h.engine,
      clock: h.clock,
      log: silent,
      deliver: () => h.sender.deliverDue(),
      leaseMs: 0,
    });
    const killer = await terminateBackendsMeanwhile(scratch.url);
    const events = Array.from({ length: 300 }, (_, i) => ({ user: `inbox-burst-${i % 60}`, eventId: `inbox-burst-event-${i}` }));
    let stored = 0;
    let refused = 0;
    const outcomes = await Promise.all(
      events.map(async (e) => {
        // What an adapter does: store (or refuse the acknowledgement, so the platform retries), then process.
        let row = null;
        for (let tries = 0; row === null && tries < 20; tries++) {
          try {
            row = await inbox.receiveInbound({
              kind: "message",
              text: "hello",
              eventId: e.eventId,
              tenant: { platform: "console", externalId: "local", name: "Console" },
              user: { platformUserId: e.user },
            });
            if (row === null) throw new Error("stored twice");
          } catch (error) {
            if (String(error).includes("stored twice")) throw error;
            refused++;
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
        }
        stored++;
        return inbox.process(row!);
      }),
    );
    const terminated = await killer.stop();
    // Whatever was postponed is taken over by the sweep, as any instance would.
    let swept = 0;
    for (let round = 0; round < 100 && (await db.prisma.inboxEvent.count()) > 0; round++) {
      h.clock.advance(120_000);
      swept += await inbox.sweep();
    }

    expect(terminated).toBeGreaterThan(0);
    expect(stored).toBe(300);
    expect(await db.prisma.processedEvent.count({ where: { eventId: { startsWith: "inbox-burst-event-" } } })).toBe(300);
    expect(await db.prisma.inboxEvent.count()).toBe(0);
    expect(await db.prisma.client.count({ where: { platformUserId: { startsWith: "inbox-burst-" } } })).toBe(60);
    const perEvent = await db.prisma.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM "OutboxMessage" WHERE "dedupeKey" LIKE 'inbox-burst-event-%' GROUP BY split_part("dedupeKey", '#', 1) HAVING count(*) > 1`;
    expect(perEvent).toEqual([]);
    const postponed = outcomes.filter((o) => o === "postponed").length;
    console.info(
      `[inbox connection loss] ${terminated} backends terminated; 300 tried, ${refused} stores refused and retried, ${outcomes.filter((o) => o === "processed").length} processed at once, ${postponed} postponed, ${swept} taken over by the sweep, ${outcomes.filter((o) => o === "failed").length} failed; 300/300 applied`,
    );
  }, 300_000);
});
