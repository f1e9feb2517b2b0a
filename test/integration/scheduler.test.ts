// Several scheduler instances on one PostgreSQL database: each due client gets exactly one
// check-in, however many instances tick at the same instant, and repeated ticks add nothing.
import { afterAll, beforeAll, expect, it } from "vitest";
import { fixedClock } from "../../src/clock.js";
import { queueCoachDigest } from "../../src/coach/digest.js";
import { CoachingEngine } from "../../src/engine/engine.js";
import { createClientMachine } from "../../src/machines/client.machine.js";
import { OutboxSender, type OutgoingMessage } from "../../src/outbox/sender.js";
import { DEFAULT_SCHEDULER_SETTINGS, runSchedulerPass } from "../../src/scheduler/pass.js";
import { type Database, openDatabase } from "../../src/store/database.js";
import { seedClients } from "../support/bulk.js";
import { catalog, silent } from "../support/harness.js";
import { createScratchDatabase, describePostgres, type ScratchDatabase } from "../support/postgres.js";

describePostgres("scheduler on PostgreSQL", () => {
  let scratch: ScratchDatabase;
  let instances: Database[] = [];
  const delivered: OutgoingMessage[] = [];
  const dueAt = new Date("2026-11-30T09:00:00Z");

  beforeAll(async () => {
    scratch = await createScratchDatabase("scheduler");
    instances = await Promise.all([1, 2, 3].map(() => openDatabase({ kind: "postgres", url: scratch.url, poolSize: 4 })));
    await seedClients(instances[0]!.prisma, catalog, { count: 1200, due: 1000, dueAt });
  }, 120_000);
  afterAll(async () => {
    await Promise.all(instances.map((db) => db.close()));
    await scratch?.drop();
  });

  /** One instance: its own connections, engine and sender, delivering to the shared stand-in. */
  const pass = (db: Database, at: Date) => {
    const clock = fixedClock(at);
    const engine = new CoachingEngine({ prisma: db.prisma, machine: createClientMachine(catalog), catalog, clock, log: silent });
    const sender = new OutboxSender({
      prisma: db.prisma,
      catalog,
      clock,
      log: silent,
      deliverers: { console: { deliver: async (m) => void delivered.push(m) ?? {} } },
    });
    return runSchedulerPass(
      {
        prisma: db.prisma,
        engine,
        sender,
        catalog,
        log: silent,
        settings: DEFAULT_SCHEDULER_SETTINGS,
        sendDigest: (id, now, eventId) => queueCoachDigest(db.prisma, catalog, id, now, eventId),
      },
      at,
    );
  };

  it("three instances ticking at once send exactly one check-in to each of 1,000 due clients", async () => {
    const reports = await Promise.all(instances.map((db) => pass(db, dueAt)));
    expect(reports.reduce((sum, r) => sum + r.done, 0)).toBe(1000);
    expect(reports.every((r) => r.failed === 0)).toBe(true);
    // Work was shared, not done three times or by one instance alone.
    expect(reports.filter((r) => r.claimed > 0).length).toBeGreaterThan(1);
    const prisma = instances[0]!.prisma;
    expect(await prisma.outboxMessage.count({ where: { dedupeKey: { startsWith: "job:" } } })).toBe(1000);
    expect(delivered).toHaveLength(1000);
    expect(new Set(delivered.map((m) => m.recipient)).size).toBe(1000);
    expect(delivered.every((m) => /How are you doing right now/.test(m.prompts[0]!.text))).toBe(true);
    expect(await prisma.scheduledJob.count({ where: { kind: "checkin_reminder", status: "pending" } })).toBe(1000);
    expect(await prisma.scheduledJob.count({ where: { kind: "checkin", status: "done" } })).toBe(1000);
  }, 180_000);

  it("a repeated tick for the same instant adds nothing", async () => {
    const before = await instances[0]!.prisma.outboxMessage.count();
    const reports = await Promise.all(instances.map((db) => pass(db, dueAt)));
    expect(reports.reduce((sum, r) => sum + r.claimed, 0)).toBe(0);
    expect(await instances[0]!.prisma.outboxMessage.count()).toBe(before);
    expect(delivered).toHaveLength(1000);
  }, 60_000);
});
