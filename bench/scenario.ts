// One benchmark scenario in its own process, so its peak memory is its own. Prints one JSON
// line. Run through bench/run.ts (npm run bench), or alone:
//   tsx bench/scenario.ts <scheduler|delivery|inbound> <pglite|postgres> [options]
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import pg from "pg";
import { fixedClock } from "../src/clock.js";
import { CoachingEngine } from "../src/engine/engine.js";
import { loadCatalog } from "../src/flows/loader.js";
import { createLogger } from "../src/log.js";
import { createClientMachine } from "../src/machines/client.machine.js";
import { type Deliverer, OutboxSender, RateLimitedError } from "../src/outbox/sender.js";
import { runSchedulerPass } from "../src/scheduler/pass.js";
import { reconcileSchedules } from "../src/scheduler/reconcile.js";
import { type Database, openDatabase } from "../src/store/database.js";
import { seedBareClients, seedClients } from "../test/support/bulk.js";
import { createScratchDatabase } from "../test/support/postgres.js";
import { schedulerDeps } from "../test/support/scheduler.js";
import { checkinAnswers, FULL_ONBOARDING } from "../test/support/scripts.js";
import { postgresCpuSeconds } from "./postgres-cpu.js";

const [kind, dbKind] = process.argv.slice(2, 4) as ["scheduler" | "reconcile" | "delivery" | "inbound", "pglite" | "postgres"];
const MAIN_BUILD = process.env.MAIN_BUILD ?? "/tmp/main-build";
const { values } = parseArgs({
  args: process.argv.slice(4),
  options: {
    clients: { type: "string", default: "10000" },
    due: { type: "string", default: "1000" },
    messages: { type: "string", default: "2000" },
    limit: { type: "string", default: "none" },
    events: { type: "string", default: "2000" },
    // "main": the scheduler pass and engine as main's build has them (bench/run.ts builds it), for before/after pairs.
    code: { type: "string", default: "current" },
  },
});
const catalog = loadCatalog();
const log = createLogger("silent");

async function open(): Promise<{ db: Database; drop: () => Promise<void> }> {
  // main's engine finds the driver beneath Prisma through its own store module: the database is opened by it too.
  const opener: typeof openDatabase =
    kind === "scheduler" && values.code === "main"
      ? ((await import(`${MAIN_BUILD}/dist/store/database.js`)) as { openDatabase: typeof openDatabase }).openDatabase
      : openDatabase;
  if (dbKind === "pglite") return { db: await opener({ kind: "pglite", dataDir: "memory" }), drop: async () => {} };
  const scratch = await createScratchDatabase("bench");
  return { db: await opener({ kind: "postgres", url: scratch.url, poolSize: 8 }), drop: () => scratch.drop() };
}

/**
 * Statements sent to PostgreSQL (every pg query call: one round trip each, BEGIN and COMMIT
 * included). Counted in this process only; PGlite runs in process and is not counted.
 */
let statements = 0;
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  statements++;
  return (query as (...a: unknown[]) => unknown).apply(this, args);
} as typeof query;

/** Counts the statements sent, and the time spent, while the named methods of `target` run. */
function countDuring(target: object, methods: string[]): { count: number; ms: number } {
  const tally = { count: 0, ms: 0 };
  const record = target as Record<string, unknown>;
  // One method may call another (dispatch inside dispatchMany, or the reverse): only the outermost counts.
  let depth = 0;
  for (const name of methods) {
    const original = record[name];
    if (typeof original !== "function") continue;
    record[name] = async (...args: unknown[]) => {
      const [before, started] = [statements, performance.now()];
      depth++;
      try {
        return await original.apply(target, args);
      } finally {
        if (--depth === 0) {
          tally.count += statements - before;
          tally.ms += performance.now() - started;
        }
      }
    };
  }
  return tally;
}

type PassFunction = typeof runSchedulerPass;

/** This checkout's scheduler pass, or main's (its built pass, engine and outbox sender) for the "before" half of a pair. */
async function schedulerCode(engine: CoachingEngine, prisma: Database["prisma"], clock: ReturnType<typeof fixedClock>) {
  if (values.code !== "main") return { runSchedulerPass, engine, Sender: OutboxSender };
  const pass = (await import(`${MAIN_BUILD}/dist/scheduler/pass.js`)) as { runSchedulerPass: PassFunction };
  const { CoachingEngine: MainEngine } = (await import(`${MAIN_BUILD}/dist/engine/engine.js`)) as { CoachingEngine: typeof CoachingEngine };
  const { OutboxSender: MainSender } = (await import(`${MAIN_BUILD}/dist/outbox/sender.js`)) as { OutboxSender: typeof OutboxSender };
  return {
    runSchedulerPass: pass.runSchedulerPass,
    engine: new MainEngine({ prisma, machine: createClientMachine(catalog), catalog, clock, log }),
    Sender: MainSender,
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main() {
  const { db, drop } = await open();
  const at = new Date("2026-11-30T09:00:00Z");
  const clock = fixedClock(at);
  const engine = new CoachingEngine({ prisma: db.prisma, machine: createClientMachine(catalog), catalog, clock, log });
  const result: Record<string, unknown> = { scenario: kind, db: dbKind };
  try {
    if (kind === "scheduler") {
      const clients = Number(values.clients);
      const due = Number(values.due);
      await seedClients(db.prisma, catalog, { count: clients, due, dueAt: at, snapshotsForDueOnly: true });
      // As autovacuum keeps a live database (CI's PostgreSQL runs without it): statistics current.
      if (dbKind === "postgres") await db.prisma.$executeRawUnsafe("VACUUM ANALYZE");
      // Delivery is measured separately: this pass queues the check-ins and sends them to a no-op platform.
      const code = await schedulerCode(engine, db.prisma, clock);
      const sender = new code.Sender({ prisma: db.prisma, catalog, clock, log, deliverers: { console: { deliver: async () => ({}) } } });
      // The pass runs one step at a time, so statements counted while the engine or the sender
      // works are theirs; the rest (claims, reads, job writes) are the scheduler's own.
      const engineStatements = countDuring(code.engine, ["dispatch", "dispatchMany"]);
      const deliveryStatements = countDuring(sender, ["deliverDue"]);
      const rssBefore = process.memoryUsage().rss;
      const statementsBefore = statements;
      const cpuBefore = { bot: process.cpuUsage(), postgres: dbKind === "postgres" ? postgresCpuSeconds() : null };
      const started = performance.now();
      const report = await code.runSchedulerPass(schedulerDeps({ prisma: db.prisma, engine: code.engine, sender, catalog, clock, log }), at);
      const passMs = performance.now() - started;
      const botCpu = process.cpuUsage(cpuBefore.bot);
      const postgresCpu = cpuBefore.postgres === null ? null : postgresCpuSeconds();
      if (report.done !== due) throw new Error(`the pass finished ${report.done} of ${due} due jobs: its figures would mean nothing`);
      const perJob = (n: number) => (dbKind === "postgres" ? +(n / due).toFixed(2) : null);
      const total = statements - statementsBefore;
      Object.assign(result, {
        code: values.code,
        clients,
        due,
        passMs: Math.round(passMs),
        deliveryMs: Math.round(deliveryStatements.ms),
        // CPU of the pass (delivery included): steadier than passMs on a shared machine.
        botCpuMs: Math.round((botCpu.user + botCpu.system) / 1000),
        postgresCpuMs: postgresCpu === null ? null : Math.round((postgresCpu - cpuBefore.postgres!) * 1000),
        done: report.done,
        // The pass without delivery (which has its own scenario): scheduler and engine statements.
        statementsPerJob: perJob(total - deliveryStatements.count),
        schedulerStatementsPerJob: perJob(total - deliveryStatements.count - engineStatements.count),
        engineStatementsPerJob: perJob(engineStatements.count),
        deliveryStatementsPerJob: perJob(deliveryStatements.count),
        rssGrowthMb: Math.round((process.memoryUsage().rss - rssBefore) / 1e6),
      });
    } else if (kind === "reconcile") {
      // Start-up at scale: half of the enrolled clients lack a pending check-in (a tenth are closed).
      const clients = Number(values.clients);
      await seedBareClients(db.prisma, { count: clients, withJobEvery: 2, closedEvery: 10, dueAt: at });
      // As after a bulk load and a restart: statistics are current, the cache is warm.
      await db.prisma.$executeRawUnsafe("ANALYZE");
      const statementsBefore = statements;
      const started = performance.now();
      const planned = await reconcileSchedules(db.prisma, at);
      Object.assign(result, {
        clients,
        planned,
        passMs: Math.round(performance.now() - started),
        statements: dbKind === "postgres" ? statements - statementsBefore : null,
      });
    } else if (kind === "delivery") {
      const messages = Number(values.messages);
      const tenant = await db.prisma.tenant.create({ data: { platform: "console", externalId: "bench", name: "Bench" } });
      const recipients = 500;
      await db.prisma.outboxMessage.createMany({
        data: Array.from({ length: messages }, (_, i) => ({
          tenantId: tenant.id,
          recipient: `u${i % recipients}`,
          kind: "prompt",
          dedupeKey: `m${i}`,
          availableAt: at,
          payload: { prompts: [{ id: "p", text: "Hi, how was your week?", input: { kind: "none" } }] },
        })),
      });
      // "slack": about one message per second per channel, answered with Retry-After like Slack.
      const lastSent = new Map<string, number>();
      const deliverer: Deliverer = {
        async deliver(m) {
          if (values.limit === "slack") {
            const now = clock.now().getTime();
            const previous = lastSent.get(m.recipient);
            if (previous !== undefined && now - previous < 1000) throw new RateLimitedError(1000 - (now - previous));
            lastSent.set(m.recipient, now);
          }
          return { platformMessageId: String(m.id) };
        },
      };
      const sender = new OutboxSender({ prisma: db.prisma, catalog, clock, log, deliverers: { console: deliverer } });
      const started = performance.now();
      let simulatedMs = 0;
      for (;;) {
        await sender.deliverDue();
        if ((await db.prisma.outboxMessage.count({ where: { status: { not: "sent" } } })) === 0) break;
        // Platform time passes while we wait for rate limits; it is simulated, not slept.
        clock.advance(250);
        simulatedMs += 250;
      }
      const wallMs = performance.now() - started;
      Object.assign(result, {
        limit: values.limit,
        messages,
        recipients,
        wallMs: Math.round(wallMs),
        perSecondProcessing: Math.round(messages / (wallMs / 1000)),
        simulatedPlatformSeconds: simulatedMs / 1000,
      });
    } else {
      const events = Number(values.events);
      const users = 50;
      // Each user onboards first (not measured); then check-in answers are measured.
      for (let u = 0; u < users; u++) {
        const send = (text: string, i: number) =>
          engine.handle({
            kind: "message",
            text,
            eventId: `warm-${u}-${i}`,
            tenant: { platform: "console", externalId: "bench", name: "Bench" },
            user: { platformUserId: `u${u}` },
          });
        await engine.handle({
          kind: "start",
          eventId: `start-${u}`,
          tenant: { platform: "console", externalId: "bench", name: "Bench" },
          user: { platformUserId: `u${u}` },
        });
        for (const [i, text] of FULL_ONBOARDING.entries()) await send(text, i);
      }
      const latencies: number[] = [];
      const answers = ["/checkin", ...checkinAnswers(70)];
      const started = performance.now();
      let n = 0;
      // 50 users answer concurrently (one in flight per user), as in a busy workspace.
      await Promise.all(
        Array.from({ length: users }, async (_, u) => {
          for (let i = 0; n < events; i++) {
            n++;
            const text = answers[i % answers.length]!;
            const t0 = performance.now();
            const kindOf = text.startsWith("/") ? { kind: "command" as const, name: "checkin", args: [] } : { kind: "message" as const, text };
            await engine.handle({
              ...kindOf,
              eventId: `e-${u}-${i}`,
              tenant: { platform: "console", externalId: "bench", name: "Bench" },
              user: { platformUserId: `u${u}` },
            });
            latencies.push(performance.now() - t0);
          }
        }),
      );
      const wallMs = performance.now() - started;
      latencies.sort((a, b) => a - b);
      Object.assign(result, {
        events: latencies.length,
        concurrentUsers: users,
        p50Ms: +percentile(latencies, 50).toFixed(1),
        p99Ms: +percentile(latencies, 99).toFixed(1),
        eventsPerSecond: Math.round(latencies.length / (wallMs / 1000)),
      });
    }
  } finally {
    await db.close();
    await drop();
  }
  result.peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
