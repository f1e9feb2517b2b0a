// The inbound path's cost in database round trips, counted on the real databases: every statement
// the process sends (on PostgreSQL each pg query is one round trip; on PGlite each query is one
// statement in process). From a stored inbox row to its committed snapshot, records and outbox
// rows: one read and one write (which also deletes the row), and no transaction held open while
// the machine runs. The scheduler's batch: one read and one write for the whole batch.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Inbound } from "../../src/engine/inbound.js";
import type { Inbox } from "../../src/engine/inbox.js";
import { type Database, openDatabase } from "../../src/store/database.js";
import { createHarness, type Harness, harnessInbox, onboard } from "../support/harness.js";
import { createScratchDatabase, describePostgres, type ScratchDatabase } from "../support/postgres.js";
import { statementsDuring } from "../support/statements.js";

const message = (eventId: string, user: string, text: string): Inbound => ({
  kind: "message",
  text,
  eventId,
  tenant: { platform: "console", externalId: "local", name: "Console" },
  user: { platformUserId: user },
});

function roundTrips(label: string, open: () => Promise<{ db: Database; drop: () => Promise<void> }>) {
  let h: Harness;
  let drop: () => Promise<void>;
  let inbox: Inbox;
  beforeAll(async () => {
    const opened = await open();
    drop = opened.drop;
    h = await createHarness(opened.db);
    // Delivery is the outbox's own path, counted elsewhere: here it does nothing.
    inbox = harnessInbox(h, { leaseMs: 30_000 });
    await onboard(h, "ria");
    await h.send("ria", { kind: "command", name: "checkin", args: [] });
  }, 300_000);
  afterAll(async () => {
    await h?.db.close();
    await drop?.();
  });

  it(`${label}: a stored event is applied with one read and one write that deletes its inbox row`, async () => {
    const row = await inbox.receiveInbound(message(`rt-${label}-1`, "ria", "8"));
    const sent = await statementsDuring(async () => expect(await inbox.process(row!)).toBe("processed"));
    expect(sent.length).toBeLessThanOrEqual(3);
    expect(sent).toHaveLength(2);
    expect(sent.some((sql) => /^\s*BEGIN/i.test(sql))).toBe(false);
    // Everything is there: the answer, the next question queued, the event id, and the row is gone.
    const client = await h.db.prisma.client.findFirstOrThrow({ where: { platformUserId: "ria" }, include: { actorSnapshot: true } });
    const answer = await h.db.prisma.answer.findFirst({ where: { conversation: { clientId: client.id, script: "checkin" } }, orderBy: { answeredAt: "desc" } });
    expect(answer?.value).toBe(8);
    expect(await h.db.prisma.outboxMessage.count({ where: { dedupeKey: `rt-${label}-1#0` } })).toBe(1);
    expect(await h.db.prisma.processedEvent.count({ where: { eventId: `rt-${label}-1` } })).toBe(1);
    expect(await h.db.prisma.inboxEvent.count({ where: { id: row!.id } })).toBe(0);
  });

  it(`${label}: a redelivered event costs the same and changes nothing but the row`, async () => {
    const version = (await h.db.prisma.actorSnapshot.findFirstOrThrow({ where: { client: { platformUserId: "ria" } } })).version;
    const row = await inbox.receiveInbound(message(`rt-${label}-1`, "ria", "8"));
    const sent = await statementsDuring(async () => expect(await inbox.process(row!)).toBe("processed"));
    expect(sent).toHaveLength(2);
    expect((await h.db.prisma.actorSnapshot.findFirstOrThrow({ where: { client: { platformUserId: "ria" } } })).version).toBe(version);
    expect(await h.db.prisma.inboxEvent.count()).toBe(0);
  });

  it(`${label}: rows taken over by a sweep add one claim for the batch`, async () => {
    const dying = harnessInbox(h, { leaseMs: 30_000 });
    for (const user of ["sol", "tam", "uma"]) {
      await h.send(user, { kind: "start" });
      await dying.receiveInbound(message(`rt-${label}-sweep-${user}`, user, "Sol"));
    }
    h.clock.advance(30_001);
    let taken = 0;
    const sent = await statementsDuring(async () => {
      taken = await inbox.sweep();
    });
    expect(taken).toBe(3);
    // One claim, a read and a write per event at most (events in progress together share them),
    // and the claim that finds nothing more.
    expect(sent.length).toBeLessThanOrEqual(2 + 2 * 3);
    expect(sent.length / taken).toBeLessThanOrEqual(3);
    expect(await h.db.prisma.processedEvent.count({ where: { eventId: { startsWith: `rt-${label}-sweep-` } } })).toBe(3);
  });

  it(`${label}: the scheduler's batch of events for many clients is one read and one write`, { timeout: 300_000 }, async () => {
    for (const user of ["vic", "wyn", "xan", "yul"]) await onboard(h, user);
    const clients = await h.db.prisma.client.findMany({ where: { platformUserId: { in: ["vic", "wyn", "xan", "yul"] } } });
    let results: Awaited<ReturnType<Harness["engine"]["dispatchMany"]>> = [];
    const sent = await statementsDuring(async () => {
      results = await h.engine.dispatchMany([
        ...clients.map((c) => ({ clientId: c.id, eventId: `rt-${label}-due-${c.id}`, build: (at: string) => ({ type: "CHECKIN_DUE" as const, at }) })),
        { clientId: "no-such-client", eventId: `rt-${label}-due-none`, build: (at: string) => ({ type: "CHECKIN_DUE" as const, at }) },
      ]);
    });
    expect(sent).toHaveLength(2);
    expect(results.map((r) => r.status)).toEqual(["applied", "applied", "applied", "applied", "missing"]);
    expect(results.slice(0, 4).every((r) => r.after?.conversation === "checkin" && r.messagesQueued === 1)).toBe(true);
  });
}

describe("inbound round trips on PGlite", () => {
  roundTrips("pglite", async () => ({ db: await openDatabase({ kind: "pglite", dataDir: "memory" }), drop: async () => {} }));
});

describePostgres("inbound round trips on PostgreSQL", () => {
  let scratch: ScratchDatabase | undefined;
  roundTrips("postgres", async () => {
    scratch = await createScratchDatabase("roundtrips");
    return { db: await openDatabase({ kind: "postgres", url: scratch.url, poolSize: 4 }), drop: () => scratch!.drop() };
  });
});
