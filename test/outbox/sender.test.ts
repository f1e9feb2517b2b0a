// Delivery under failure: rate limits, transient errors, permanent refusals, and crashes
// between claim, send and record. Real database (PGlite), a stand-in platform in process.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { OutboxSender, type OutgoingMessage, PermanentDeliveryError, RateLimitedError, type SenderDeps } from "../../src/outbox/sender.js";
import { runSchedulerPass } from "../../src/scheduler/pass.js";
import { claimDueJobs } from "../../src/store/jobs.js";
import { seedClients } from "../support/bulk.js";
import { catalog, createHarness, type Harness, silent } from "../support/harness.js";
import { schedulerDeps } from "../support/scheduler.js";

let h: Harness;
let tenantId: string;

beforeEach(async () => {
  h = await createHarness();
  tenantId = (await h.db.prisma.tenant.create({ data: { platform: "console", externalId: "local", name: "Console" } })).id;
});
afterEach(() => h.db.close());

async function queue(recipient: string, texts: string[], clientId: string | null = null) {
  for (const text of texts) {
    await h.db.prisma.outboxMessage.create({
      data: {
        tenantId,
        clientId,
        recipient,
        kind: "prompt",
        dedupeKey: `${recipient}:${text}`,
        payload: { prompts: [{ id: text, text, input: { kind: "none" } }] },
        availableAt: h.clock.now(),
      },
    });
  }
}

/** Delivers until nothing is pending, moving the clock to each retry; returns the passes made. */
/** A sender on the harness's database and clock, logging nothing; `options` say where and how it delivers. */
function consoleSender(options: Omit<SenderDeps, "prisma" | "catalog" | "clock" | "log">): OutboxSender {
  return new OutboxSender({ prisma: h.db.prisma, catalog, clock: h.clock, log: silent, ...options });
}

async function drain(sender: OutboxSender, maxPasses = 100): Promise<number> {
  for (let pass = 1; pass <= maxPasses; pass++) {
    await sender.deliverDue();
    if ((await h.db.prisma.outboxMessage.count({ where: { status: "pending" } })) === 0) return pass;
    // Everything left waits for a retry time: move the clock to the earliest one.
    const next = await h.db.prisma.outboxMessage.findFirst({
      where: { status: "pending", availableAt: { gt: h.clock.now() } },
      orderBy: { availableAt: "asc" },
    });
    if (next) h.clock.set(next.availableAt);
  }
  throw new Error(
    `outbox did not drain: ${JSON.stringify(await h.db.prisma.outboxMessage.findMany({ select: { recipient: true, status: true, availableAt: true, attempts: true }, orderBy: { id: "asc" } }))} at ${h.clock.now().toISOString()}`,
  );
}

describe("a platform that rate-limits and fails transiently", () => {
  it("delivers everything eventually, in order for each client", async () => {
    const calls = new Map<string, number>();
    const received: OutgoingMessage[] = [];
    const flaky = {
      async deliver(m: OutgoingMessage) {
        const n = (calls.get(m.recipient) ?? 0) + 1;
        calls.set(m.recipient, n);
        if (n % 3 === 1) throw new RateLimitedError(1_000);
        if (n % 3 === 2) throw new Error("503 service unavailable");
        received.push(m);
        return { platformMessageId: `ts-${received.length}` };
      },
    };
    const sender = consoleSender({ deliverers: { console: flaky }, baseDelayMs: 500 });
    for (const who of ["a", "b", "c", "d", "e"]) await queue(who, ["1", "2", "3"]);
    await drain(sender);
    expect(received).toHaveLength(15);
    for (const who of ["a", "b", "c", "d", "e"]) {
      expect(received.filter((m) => m.recipient === who).map((m) => m.prompts[0]!.text)).toEqual(["1", "2", "3"]);
    }
    const rows = await h.db.prisma.outboxMessage.findMany();
    expect(rows.every((r) => r.status === "sent" && r.platformMessageId?.startsWith("ts-"))).toBe(true);
    // A rate limit is a delay, not a failed attempt: each row counts its one transient failure.
    expect(rows.every((r) => r.attempts === 2)).toBe(true);
  });

  it("ends a permanently failing client as dead, marks them unreachable and tells the coach once", async () => {
    const coach = await h.db.prisma.coach.create({ data: { tenantId, platformUserId: "coach-1", name: "Kim" } });
    const client = await h.db.prisma.client.create({ data: { tenantId, coachId: coach.id, platformUserId: "gone", name: "Gone" } });
    const received: OutgoingMessage[] = [];
    const deliverer = {
      async deliver(m: OutgoingMessage) {
        if (m.recipient === "gone") throw new PermanentDeliveryError("Cannot send messages to this user", "dms_closed");
        received.push(m);
        return {};
      },
    };
    const sender = consoleSender({ deliverers: { console: deliverer } });
    await queue("gone", ["1", "2"], client.id);
    await drain(sender);
    expect(await h.db.prisma.outboxMessage.count({ where: { recipient: "gone", status: "dead" } })).toBe(2);
    expect(await h.db.prisma.client.findUniqueOrThrow({ where: { id: client.id } })).toMatchObject({ reachable: false, unreachableReason: "dms_closed" });
    expect(received.map((m) => [m.recipient, m.prompts[0]!.text])).toEqual([["coach-1", expect.stringMatching(/can't reach Gone .*dms_closed/)]]);
  });

  it("gives up after the configured attempts on errors that never clear", async () => {
    const sender = consoleSender({
      maxAttempts: 4,
      baseDelayMs: 100,
      deliverers: {
        console: {
          deliver: async () => {
            throw new Error("connection reset");
          },
        },
      },
    });
    await queue("x", ["1"]);
    await drain(sender);
    expect(await h.db.prisma.outboxMessage.findFirstOrThrow()).toMatchObject({ status: "dead", attempts: 4, lastError: "connection reset" });
  });

  it("records a long error cut between whole characters, never through an emoji", async () => {
    // 499 letters, then an emoji of two UTF-16 units: cut at 500 units, half of it would remain.
    const message = `${"x".repeat(499)}🙂 and more after the cut`;
    const sender = consoleSender({
      deliverers: {
        console: {
          deliver: async () => {
            throw new Error(message);
          },
        },
      },
    });
    await queue("x", ["1"]);
    expect(await sender.deliverDue()).toMatchObject({ sent: 0, retried: 1 });
    expect(await h.db.prisma.outboxMessage.findFirstOrThrow()).toMatchObject({
      status: "pending",
      attempts: 1,
      lockedAt: null,
      lastError: `${"x".repeat(499)}🙂`,
    });
  });
});

describe("crashes", () => {
  it("a row claimed by an instance that died before sending is sent once, after the stale timeout", async () => {
    await queue("a", ["1"]);
    await h.db.prisma.$executeRaw`UPDATE "OutboxMessage" SET status = 'sending', "lockedAt" = ${h.clock.now()}`;
    await h.sender.deliverDue();
    expect(h.delivered).toHaveLength(0);
    h.clock.advance(5 * 60_000 + 1);
    await h.sender.deliverDue();
    await h.sender.deliverDue();
    expect(h.delivered).toHaveLength(1);
  });

  it("documented window: a crash after the platform accepted but before the row was recorded resends", async () => {
    await queue("a", ["1"]);
    await h.sender.deliverDue();
    // As if the process died between the platform's answer and the status update.
    await h.db.prisma.$executeRaw`UPDATE "OutboxMessage" SET status = 'sending', "platformMessageId" = NULL, "lockedAt" = ${h.clock.now()}`;
    h.clock.advance(5 * 60_000 + 1);
    await h.sender.deliverDue();
    expect(h.delivered.map((m) => m.prompts[0]!.text)).toEqual(["1", "1"]);
  });

  it("narrowed window: answered messages are recorded a chunk at a time while the batch is still sending", async () => {
    let releaseLast: () => void = () => {};
    const answered: string[] = [];
    const platform = {
      async deliver(m: OutgoingMessage) {
        if (m.recipient === "last") await new Promise<void>((resolve) => (releaseLast = resolve));
        answered.push(m.recipient);
        return { platformMessageId: `id-${m.recipient}` };
      },
    };
    const sender = consoleSender({ deliverers: { console: platform }, concurrency: 8, recordEvery: 2 });
    for (const who of ["a", "b", "c", "d", "last"]) await queue(who, ["1"]);
    const run = sender.deliverDue();
    const sentRows = () => h.db.prisma.outboxMessage.count({ where: { status: "sent" } });
    // Wait (without a timer) until the sender is stuck on the last message with four answered.
    for (let i = 0; i < 10_000 && (answered.length < 4 || (await sentRows()) < 4); i++) await new Promise((resolve) => setImmediate(resolve));
    // Were the process to die now, only "last" (in flight) would be sent again after the lease.
    expect(await h.db.prisma.outboxMessage.findMany({ where: { status: "sending" }, select: { recipient: true } })).toEqual([{ recipient: "last" }]);
    releaseLast();
    expect(await run).toEqual({ sent: 5, retried: 0, dead: 0 });
    expect(await sentRows()).toBe(5);
  });

  it("a job claimed by an instance that died before or after applying it still gives one check-in per client", async () => {
    const at = new Date("2026-11-30T09:00:00Z");
    h.clock.set(at);
    const { clientIds } = await seedClients(h.db.prisma, catalog, { count: 2, due: 2, dueAt: at });
    const deps = schedulerDeps({ prisma: h.db.prisma, engine: h.engine, sender: h.sender, catalog, clock: h.clock, log: silent });
    const claimed = await claimDueJobs(h.db.prisma, at, 10);
    expect(claimed).toHaveLength(2);
    // The dead instance had already applied the first job (its event and outbox row are in).
    const first = claimed.find((j) => j.clientId === clientIds[0])!;
    await h.engine.dispatch(first.clientId!, `job:${first.id}`, (t) => ({ type: "CHECKIN_DUE", at: t }));
    // Before the stale timeout nothing happens; after it, both jobs are taken back and finished.
    expect((await runSchedulerPass(deps, at)).claimed).toBe(0);
    const later = new Date(at.getTime() + 11 * 60_000);
    h.clock.set(later);
    const report = await runSchedulerPass(deps, later);
    expect(report.claimed).toBe(2);
    const checkins = h.delivered.filter((m) => /How are you doing right now/.test(m.prompts[0]!.text));
    expect(checkins.map((m) => m.recipient).sort()).toEqual(["bulk-0", "bulk-1"]);
  });
});

describe("a claimed batch", () => {
  /** Counts UPDATE statements on the outbox table (a statement-level trigger, so rows do not count). */
  async function countOutboxUpdates(): Promise<() => Promise<number>> {
    await h.db.prisma.$executeRawUnsafe(`CREATE TABLE "BenchUpdates" (n int NOT NULL)`);
    await h.db.prisma.$executeRawUnsafe(`INSERT INTO "BenchUpdates" VALUES (0)`);
    await h.db.prisma.$executeRawUnsafe(
      `CREATE FUNCTION count_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE "BenchUpdates" SET n = n + 1; RETURN NULL; END $$`,
    );
    await h.db.prisma.$executeRawUnsafe(`CREATE TRIGGER counted AFTER UPDATE ON "OutboxMessage" FOR EACH STATEMENT EXECUTE FUNCTION count_update()`);
    return async () => (await h.db.prisma.$queryRawUnsafe<{ n: number }[]>(`SELECT n FROM "BenchUpdates"`))[0]!.n;
  }

  it("goes out concurrently to different recipients, never two at once to one recipient", async () => {
    let inFlight = 0;
    let mostInFlight = 0;
    const inFlightTo = new Set<string>();
    const received: string[] = [];
    const slowPlatform = {
      async deliver(m: OutgoingMessage) {
        expect(inFlightTo.has(m.recipient)).toBe(false);
        inFlightTo.add(m.recipient);
        mostInFlight = Math.max(mostInFlight, ++inFlight);
        // Yield to the event loop a few times, as a network round trip would (no timer, no wait).
        for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
        inFlight--;
        inFlightTo.delete(m.recipient);
        received.push(`${m.recipient}:${m.prompts[0]!.text}`);
        return {};
      },
    };
    const sender = consoleSender({ deliverers: { console: slowPlatform }, concurrency: 4 });
    for (const who of ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"]) await queue(who, ["1", "2"]);
    await sender.deliverDue();
    expect(mostInFlight).toBe(4);
    expect(received).toHaveLength(20);
    for (const who of ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"]) {
      expect(received.filter((r) => r.startsWith(`${who}:`))).toEqual([`${who}:1`, `${who}:2`]);
    }
  });

  it("records every outcome of a batch (sent, rate-limited, failed) in one statement", async () => {
    const updates = await countOutboxUpdates();
    const mixed = {
      async deliver(m: OutgoingMessage) {
        if (m.recipient === "slow") throw new RateLimitedError(3_000);
        if (m.recipient === "flaky") throw new Error("502 bad gateway");
        return { platformMessageId: `id-${m.recipient}` };
      },
    };
    const sender = consoleSender({ deliverers: { console: mixed }, baseDelayMs: 1_000 });
    for (const who of ["a", "b", "c", "d", "flaky", "slow"]) await queue(who, ["1"]);
    const before = await updates();
    expect(await sender.deliverDue()).toEqual({ sent: 4, retried: 2, dead: 0 });
    // Release of stale claims, the claim, the batch's outcomes, and the claim that found nothing.
    expect((await updates()) - before).toBe(4);
    const rows = await h.db.prisma.outboxMessage.findMany({ orderBy: { recipient: "asc" } });
    const byRecipient = Object.fromEntries(rows.map((r) => [r.recipient, r]));
    expect(byRecipient.a).toMatchObject({ status: "sent", attempts: 1, platformMessageId: "id-a", lockedAt: null, sentAt: h.clock.now() });
    expect(byRecipient.flaky).toMatchObject({ status: "pending", attempts: 1, lastError: "502 bad gateway", lockedAt: null, sentAt: null });
    expect(byRecipient.flaky!.availableAt.getTime()).toBeGreaterThan(h.clock.now().getTime());
    expect(byRecipient.slow).toMatchObject({ status: "pending", attempts: 0, lastError: null, lockedAt: null, platformMessageId: null });
    expect(byRecipient.slow!.availableAt.getTime() - h.clock.now().getTime()).toBe(3_000);
  });

  it("keeps a declared per-recipient pace without calling the platform early", async () => {
    const calls: { to: string; text: string; at: number }[] = [];
    const pacedPlatform = {
      limits: { perRecipientMs: 1_000 },
      async deliver(m: OutgoingMessage) {
        calls.push({ to: m.recipient, text: m.prompts[0]!.text, at: h.clock.now().getTime() });
        return {};
      },
    };
    const sender = consoleSender({ deliverers: { console: pacedPlatform } });
    await queue("a", ["1", "2", "3"]);
    await queue("b", ["1"]);
    const passes = await drain(sender);
    expect(calls.map((c) => `${c.to}:${c.text}`)).toEqual(["a:1", "b:1", "a:2", "a:3"]);
    const toA = calls.filter((c) => c.to === "a").map((c) => c.at);
    expect(toA[1]! - toA[0]!).toBeGreaterThanOrEqual(1_000);
    expect(toA[2]! - toA[1]!).toBeGreaterThanOrEqual(1_000);
    expect(passes).toBe(3);
    // Waiting for the pace is not a failed attempt.
    expect((await h.db.prisma.outboxMessage.findMany()).every((r) => r.status === "sent" && r.attempts === 1)).toBe(true);
  });

  it("a 429 on a recipient that used up its burst holds that recipient alone, the others keep going", async () => {
    const calls: string[] = [];
    let refuse = true;
    const sender = consoleSender({
      deliverers: {
        console: {
          limits: { perRecipientMs: 1_000, perRecipientBurst: 3 },
          async deliver(m: OutgoingMessage) {
            calls.push(`${m.recipient}:${m.prompts[0]!.text}`);
            // The platform counted something we did not (another instance's sends): a's second message is refused once.
            if (m.recipient === "a" && m.prompts[0]!.text === "2" && refuse) {
              refuse = false;
              throw new RateLimitedError(1_000);
            }
            return {};
          },
        },
      },
    });
    await queue("a", ["1", "2", "3"]);
    await queue("b", ["1", "2", "3"]);
    // The burst goes out one message per recipient and run; the last of a burst of 3 keeps a
    // small margin (ARRIVAL_SPREAD_MS) before it.
    await sender.deliverDue();
    await sender.deliverDue();
    h.clock.advance(250);
    expect(await sender.deliverDue()).toEqual({ sent: 1, retried: 0, dead: 0 });
    // b was not held by a's 429.
    expect(calls).toEqual(["a:1", "b:1", "a:2", "b:2", "b:3"]);
    // a waits for Retry-After, then keeps the platform's pace from there.
    h.clock.advance(749);
    expect(await sender.deliverDue()).toEqual({ sent: 0, retried: 0, dead: 0 });
    h.clock.advance(1);
    expect(await sender.deliverDue()).toEqual({ sent: 1, retried: 1, dead: 0 });
    h.clock.advance(999);
    expect(await sender.deliverDue()).toEqual({ sent: 0, retried: 0, dead: 0 });
    h.clock.advance(1);
    expect(await sender.deliverDue()).toEqual({ sent: 1, retried: 0, dead: 0 });
    expect(calls.slice(5)).toEqual(["a:2", "a:3"]);
  });

  it("anchors a recipient's pace at the platform's answers, so a slow first request draws no 429 later", async () => {
    // The platform keeps 1 message/s per recipient after a burst of 3, counted when a request
    // arrives; the first request takes 600 ms to get there, the others none. Our clock moves as
    // the request travels.
    const interval = 1_000;
    const burst = 3;
    let theoreticalArrival = 0;
    const arrivals: number[] = [];
    let refused = 0;
    const distantPlatform = {
      limits: { perRecipientMs: interval, perRecipientBurst: burst },
      async deliver() {
        h.clock.advance(arrivals.length === 0 ? 600 : 0);
        const now = h.clock.now().getTime();
        const freeAt = Math.max(now, theoreticalArrival);
        if (freeAt - now > (burst - 1) * interval) {
          refused++;
          throw new RateLimitedError(1_000);
        }
        theoreticalArrival = freeAt + interval;
        arrivals.push(now);
        return {};
      },
    };
    const sender = consoleSender({ deliverers: { console: distantPlatform } });
    await queue("a", ["1", "2", "3", "4", "5", "6", "7", "8"]);
    await drain(sender);
    expect(arrivals).toHaveLength(8);
    expect(refused).toBe(0);
    // Still the platform's pace: after the burst, one a second (plus a small margin).
    expect(arrivals.at(-1)! - arrivals[0]!).toBeLessThanOrEqual((8 - burst) * interval + 250);
  });

  it("holds the whole workspace after a 429 instead of answering it with more requests", async () => {
    let calls = 0;
    const sender = consoleSender({
      concurrency: 1,
      deliverers: {
        console: {
          async deliver() {
            if (++calls === 1) throw new RateLimitedError(2_000);
            return {};
          },
        },
      },
    });
    for (const who of ["a", "b", "c", "d", "e"]) await queue(who, ["1"]);
    expect(await sender.deliverDue()).toEqual({ sent: 0, retried: 5, dead: 0 });
    expect(calls).toBe(1);
    h.clock.advance(1_999);
    expect(await sender.deliverDue()).toEqual({ sent: 0, retried: 0, dead: 0 });
    h.clock.advance(1);
    expect(await sender.deliverDue()).toEqual({ sent: 5, retried: 0, dead: 0 });
    expect(calls).toBe(6);
  });
});
