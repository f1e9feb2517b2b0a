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
import { type Database, openDatabase } from "../src/store/database.js";
import { seedClients } from "../test/support/bulk.js";
import { createScratchDatabase } from "../test/support/postgres.js";
import { schedulerDeps } from "../test/support/scheduler.js";
import { checkinAnswers, FULL_ONBOARDING } from "../test/support/scripts.js";

const [kind, dbKind] = process.argv.slice(2, 4) as ["scheduler" | "delivery" | "inbound", "pglite" | "postgres"];
const { values } = parseArgs({
  args: process.argv.slice(4),
  options: {
    clients: { type: "string", default: "10000" },
    due: { type: "string", default: "1000" },
    messages: { type: "string", default: "2000" },
    limit: { type: "string", default: "none" },
    events: { type: "string", default: "2000" },
  },
});
const catalog = loadCatalog();
const log = createLogger("silent");

async function open(): Promise<{ db: Database; drop: () => Promise<void> }> {
  if (dbKind === "pglite") return { db: await openDatabase({ kind: "pglite", dataDir: "memory" }), drop: async () => {} };
  const scratch = await createScratchDatabase("bench");
  return { db: await openDatabase({ kind: "postgres", url: scratch.url, poolSize: 8 }), drop: () => scratch.drop() };
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
      // Delivery is measured separately: this pass queues the check-ins and sends them to a no-op platform.
      const sender = new OutboxSender({ prisma: db.prisma, catalog, clock, log, deliverers: { console: { deliver: async () => ({}) } } });
      const rssBefore = process.memoryUsage().rss;
      const statementsBefore = statements;
      const started = performance.now();
      const report = await runSchedulerPass(schedulerDeps({ prisma: db.prisma, engine, sender, catalog, clock, log }), at);
      Object.assign(result, {
        clients,
        due,
        passMs: Math.round(performance.now() - started),
        done: report.done,
        statementsPerJob: dbKind === "postgres" ? +((statements - statementsBefore) / due).toFixed(1) : null,
        rssGrowthMb: Math.round((process.memoryUsage().rss - rssBefore) / 1e6),
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
