// Inbound at fixed arrival rates: messages arrive on a schedule (not when the last one is done),
// each is stored in the inbox (the acknowledgement waits for that), then processed by the engine
// from its row, as Discord and the console do. Latency runs from the scheduled arrival to the
// committed snapshot, records and outbox rows, so a backlog shows. Prints one JSON line per rate
// and engine; before (main) and after alternate in one process, on one database.
//   tsx bench/inbound.ts <postgres,pglite|postgres|pglite> [--rates 100,300,500] [--seconds 4] [--clients 200]
//     [--engines main,current] [--main-src /tmp/main-build]
// Delivery is left out (the inbox's deliver hook does nothing): it is measured by the delivery benches.
// CPU per event is reported beside the latencies (this process; and on PostgreSQL, the local
// server's processes): on a shared 2-core machine it varies far less from run to run than a p99.
// Before each round the PostgreSQL database is vacuumed and analysed, as autovacuum would keep a
// production server (this project's CI server runs with autovacuum off).
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { fixedClock } from "../src/clock.js";
import type { CoachingEngine } from "../src/engine/engine.js";
import type { Inbound } from "../src/engine/inbound.js";
import type { Inbox, InboxRow } from "../src/engine/inbox.js";
import { createLogger } from "../src/log.js";
import { createClientMachine } from "../src/machines/client.machine.js";
import { type Database, openDatabase } from "../src/store/database.js";
import { catalog } from "../test/support/harness.js";
import { createScratchDatabase } from "../test/support/postgres.js";
import { checkinAnswers, FULL_ONBOARDING } from "../test/support/scripts.js";
import { postgresCpuSeconds } from "./postgres-cpu.js";

const dbKinds = (process.argv[2] ?? "postgres,pglite").split(",").map((kind) => (kind === "postgres" ? "postgres" : "pglite"));
const { values } = parseArgs({
  args: process.argv.slice(3),
  options: {
    rates: { type: "string", default: "100,300,500" },
    seconds: { type: "string", default: "4" },
    clients: { type: "string", default: "200" },
    engines: { type: "string", default: "main,current" },
    "main-src": { type: "string", default: "/tmp/main-build" },
  },
});
const log = createLogger("silent");
const clients = Number(values.clients);
const TENANT = { platform: "console" as const, externalId: "bench", name: "Bench" };
// Each client answers check-ins over and over: the answers, then "/checkin" for the next one.
const SCRIPT = [...checkinAnswers(70), "/checkin"];

/** Statements sent (PostgreSQL: pg queries, one round trip each; PGlite: queries in process). */
let statements = 0;
const pgQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  statements++;
  return (pgQuery as (...a: unknown[]) => unknown).apply(this, args);
} as typeof pgQuery;
const pgliteQuery = PGlite.prototype.query;
PGlite.prototype.query = function (this: PGlite, ...args: unknown[]) {
  statements++;
  return (pgliteQuery as (...a: unknown[]) => unknown).apply(this, args);
} as typeof pgliteQuery;

interface Modules {
  CoachingEngine: typeof import("../src/engine/engine.js").CoachingEngine;
  Inbox: typeof import("../src/engine/inbox.js").Inbox;
  // Each build opens the database with its own code: the engine reaches the driver through it.
  openDatabase: typeof openDatabase;
}

async function modules(engine: string): Promise<Modules> {
  if (engine === "main") {
    const root = values["main-src"];
    const [e, i, d] = await Promise.all([
      import(`${root}/src/engine/engine.ts`),
      import(`${root}/src/engine/inbox.ts`),
      import(`${root}/src/store/database.ts`),
    ]);
    return { CoachingEngine: e.CoachingEngine, Inbox: i.Inbox, openDatabase: d.openDatabase };
  }
  const [e, i] = await Promise.all([import("../src/engine/engine.js"), import("../src/engine/inbox.js")]);
  return { CoachingEngine: e.CoachingEngine, Inbox: i.Inbox, openDatabase };
}

const inbound = (user: string, text: string, eventId: string): Inbound => {
  const kind = text.startsWith("/") ? { kind: "command" as const, name: text.slice(1), args: [] } : { kind: "message" as const, text };
  return { ...kind, eventId, tenant: TENANT, user: { platformUserId: user } };
};

/** One client onboarded through the engine, copied to `users` (client row and snapshot), each in a check-in. */
async function seed(db: Database, engine: CoachingEngine, users: string[]): Promise<void> {
  await engine.handle({ kind: "start", eventId: "seed-start", tenant: TENANT, user: { platformUserId: "seed" } });
  for (const [i, text] of FULL_ONBOARDING.entries()) await engine.handle(inbound("seed", text, `seed-${i}`));
  const template = await db.prisma.client.findFirstOrThrow({ where: { platformUserId: "seed" }, include: { actorSnapshot: true } });
  const { id: _id, actorSnapshot, ...fields } = template;
  await db.prisma.client.createMany({ data: users.map((platformUserId) => ({ ...fields, platformUserId })) });
  const copies = await db.prisma.client.findMany({ where: { platformUserId: { in: users } }, select: { id: true } });
  await db.prisma.actorSnapshot.createMany({
    data: copies.map((c) => ({ clientId: c.id, machineVersion: actorSnapshot!.machineVersion, version: 1, snapshot: actorSnapshot!.snapshot as object })),
  });
  for (const [u, user] of users.entries()) await engine.handle(inbound(user, "/checkin", `seed-checkin-${u}`));
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

let run = 0;

/** Arrivals at `rate` per second for `seconds` (after a second of warm-up, not counted). */
async function measure(inbox: Inbox, users: string[], position: number[], rate: number, seconds: number) {
  run++;
  const warmup = rate;
  const total = warmup + rate * seconds;
  const latencies: number[] = [];
  const acks: number[] = [];
  let failures = 0;
  let statementsAtStart = 0;
  let measuredStart = 0;
  let lastDone = 0;
  const inFlight: Promise<void>[] = [];
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const start = performance.now() + 20;
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (next < total && start + (next * 1000) / rate <= now) {
        const i = next++;
        const arrival = start + (i * 1000) / rate;
        if (i === warmup) {
          statementsAtStart = statements;
          measuredStart = arrival;
        }
        const u = i % users.length;
        const user = users[u]!;
        const text = SCRIPT[position[u]! % SCRIPT.length]!;
        position[u]!++;
        inFlight.push(
          (async () => {
            const row = (await inbox.receiveInbound(inbound(user, text, `r${run}-${i}`))) as InboxRow;
            const acked = performance.now();
            const outcome = await inbox.process(row);
            const done = performance.now();
            if (outcome !== "processed") failures++;
            if (i >= warmup) {
              acks.push(acked - arrival);
              latencies.push(done - arrival);
              lastDone = Math.max(lastDone, done);
            }
          })(),
        );
      }
      if (next < total) setTimeout(tick, 1);
      else resolve();
    };
    setTimeout(tick, 20);
  });
  await Promise.all(inFlight);
  await inbox.idle();
  loop.disable();
  const events = latencies.length;
  latencies.sort((a, b) => a - b);
  acks.sort((a, b) => a - b);
  return {
    events,
    failures,
    p50Ms: +percentile(latencies, 50).toFixed(1),
    p99Ms: +percentile(latencies, 99).toFixed(1),
    ackP99Ms: +percentile(acks, 99).toFixed(1),
    eventsPerSecond: Math.round(events / ((lastDone - measuredStart) / 1000)),
    roundTripsPerEvent: +((statements - statementsAtStart) / events).toFixed(2),
    // The bot's own stalls (garbage collection, long synchronous work) beside the latencies.
    eventLoopMaxDelayMs: +(loop.max / 1e6).toFixed(1),
  };
}

async function main() {
  for (const dbKind of dbKinds) await runOn(dbKind);
}

async function runOn(dbKind: "postgres" | "pglite") {
  const rates = values.rates.split(",").map(Number);
  const engines = values.engines.split(",");
  const scratch = dbKind === "postgres" ? await createScratchDatabase("bench_inbound") : null;
  const options = scratch ? ({ kind: "postgres", url: scratch.url, poolSize: 10 } as const) : ({ kind: "pglite", dataDir: "memory" } as const);
  const opened: Database[] = [];
  try {
    const clock = fixedClock(new Date("2026-11-30T09:00:00Z"));
    const machine = createClientMachine(catalog);
    const users = Array.from({ length: clients }, (_, u) => `u${u}`);
    const position = users.map(() => 0);
    const built = [];
    for (const name of engines) {
      const m = await modules(name);
      const db = await m.openDatabase(options);
      opened.push(db);
      const engine = new m.CoachingEngine({ prisma: db.prisma, machine, catalog, clock, log });
      // PostgreSQL: one database for both builds; PGlite in memory: one each, seeded alike.
      if (dbKind === "pglite" || opened.length === 1) await seed(db, engine, users);
      const inbox = new m.Inbox({ prisma: db.prisma, statementsOnThisThread: db.kind === "pglite", engine, clock, log, deliver: async () => {} });
      built.push({ name, inbox });
    }
    // Before and after alternate at each rate, so a busy machine weighs on both alike.
    for (const rate of rates) {
      for (const { name, inbox } of built) {
        if (scratch) await opened[0]!.prisma.$executeRawUnsafe("VACUUM ANALYZE");
        const cpuBefore = { bot: process.cpuUsage(), postgres: scratch ? postgresCpuSeconds() : null };
        const figures = await measure(inbox, users, position, rate, Number(values.seconds));
        const bot = process.cpuUsage(cpuBefore.bot);
        const postgres = cpuBefore.postgres === null ? null : postgresCpuSeconds();
        // Warm-up events included: the CPU counts cover the whole round.
        const roundEvents = figures.events + rate;
        const cpu = {
          botCpuMsPerEvent: +((bot.user + bot.system) / 1000 / roundEvents).toFixed(2),
          postgresCpuMsPerEvent: postgres === null ? null : +(((postgres - cpuBefore.postgres!) * 1000) / roundEvents).toFixed(2),
        };
        const line = { scenario: "inbound-rate", db: dbKind, engine: name, clients, arrivalPerSecond: rate, ...figures, ...cpu };
        process.stdout.write(`${JSON.stringify(line)}\n`);
      }
    }
  } finally {
    for (const db of opened) await db.close();
    await scratch?.drop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
