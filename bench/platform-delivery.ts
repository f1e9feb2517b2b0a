// Delivery against a platform stand-in that answers every request after 100 ms and enforces the
// platform's limit with 429s and Retry-After, through the real deliverer and SDK:
//   discord: discord.js's REST queue; Discord's global 50 requests/s is the limit to reach.
//   slack:   the Web API client; about 1 message/s per channel (after a burst) is the limit.
// Prints one JSON line: messages/s against the limit, 429s seen, lost and duplicated messages.
//   tsx bench/platform-delivery.ts <discord|slack> <pglite|postgres> [--sender current|main] [--messages N]
// `--sender main` runs main's sender (built at /tmp/main-build by `npm run bench`) for a before/after pair.
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { webApi } from "@slack/bolt";
import pg from "pg";
import { systemClock } from "../src/clock.js";
import { createLogger } from "../src/log.js";
import type { Deliverer } from "../src/outbox/sender.js";
import { slackDeliverer } from "../src/platforms/slack/deliverer.js";
import { type Database, openDatabase } from "../src/store/database.js";
import { startHarness } from "../test/platforms/discord/support/harness.js";
import { ACME, FakeSlackApi } from "../test/platforms/slack/support/fake-slack-api.js";
import { catalog } from "../test/support/harness.js";
import { createScratchDatabase } from "../test/support/postgres.js";

const [platform, dbKind] = process.argv.slice(2, 4) as ["discord" | "slack", "pglite" | "postgres"];
const { values } = parseArgs({
  args: process.argv.slice(4),
  options: { sender: { type: "string", default: "current" }, messages: { type: "string" }, latency: { type: "string", default: "100" } },
});
const log = createLogger("silent");
const latencyMs = Number(values.latency);
const SLACK_BURST = 20;

/** Statements sent to PostgreSQL (each pg query call is one round trip), as bench/scenario.ts counts them. */
let statements = 0;
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  statements++;
  return (query as (...a: unknown[]) => unknown).apply(this, args);
} as typeof query;

async function open(): Promise<{ db: Database; drop: () => Promise<void> }> {
  if (dbKind === "pglite") return { db: await openDatabase({ kind: "pglite", dataDir: "memory" }), drop: async () => {} };
  const scratch = await createScratchDatabase("benchdelivery");
  return { db: await openDatabase({ kind: "postgres", url: scratch.url, poolSize: 8 }), drop: () => scratch.drop() };
}

interface SenderLike {
  deliverDue(): Promise<unknown>;
  close?(): void;
}

async function makeSender(db: Database, deliverer: Deliverer): Promise<SenderLike> {
  const deps = { prisma: db.prisma, catalog, clock: systemClock, log, deliverers: { [platform]: deliverer }, wakeForRetriesWithinMs: undefined };
  if (values.sender === "main") {
    const { OutboxSender } = (await import("/tmp/main-build/src/outbox/sender.ts" as string)) as typeof import("../src/outbox/sender.js");
    return new OutboxSender(deps);
  }
  const { OutboxSender } = await import("../src/outbox/sender.js");
  return new OutboxSender(deps);
}

async function queue(db: Database, tenantId: string, recipients: string[], perRecipient: number) {
  const at = systemClock.now();
  const data = [];
  for (let round = 0; round < perRecipient; round++) {
    for (const recipient of recipients) {
      data.push({
        tenantId,
        recipient,
        kind: "prompt",
        dedupeKey: `${recipient}:${round}`,
        availableAt: at,
        payload: { prompts: [{ id: `p${round}`, text: `message ${round}`, input: { kind: "none" } }] },
      });
    }
  }
  await db.prisma.outboxMessage.createMany({ data });
}

/**
 * Runs the sender until nothing is pending, waiting (for real) for the earliest retry in between.
 * Returns the wall time and the sender's statements (the bench's own look-ups left out).
 */
async function drain(db: Database, sender: SenderLike): Promise<{ wallMs: number; senderStatements: number }> {
  const started = performance.now();
  const statementsBefore = statements;
  let lookups = 0;
  for (;;) {
    await sender.deliverDue();
    lookups++;
    const next = await db.prisma.outboxMessage.findFirst({ where: { status: { in: ["pending", "sending"] } }, orderBy: { availableAt: "asc" } });
    if (!next) return { wallMs: performance.now() - started, senderStatements: statements - statementsBefore - lookups };
    const wait = next.availableAt.getTime() - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/** Lost: a queued message that never arrived; duplicated: one that arrived more than once. */
function count(received: Map<string, string[]>, recipients: string[], perRecipient: number) {
  let lost = 0;
  let duplicated = 0;
  let outOfOrder = 0;
  for (const recipient of recipients) {
    const texts = received.get(recipient) ?? [];
    const expected = Array.from({ length: perRecipient }, (_, i) => `message ${i}`);
    lost += expected.filter((t) => !texts.includes(t)).length;
    duplicated += texts.length - new Set(texts).size;
    if (JSON.stringify([...new Set(texts)]) !== JSON.stringify(expected.filter((t) => texts.includes(t)))) outOfOrder++;
  }
  return { lost, duplicated, recipientsOutOfOrder: outOfOrder };
}

async function main() {
  const { db, drop } = await open();
  const result: Record<string, unknown> = { scenario: `delivery-${platform}`, db: dbKind, sender: values.sender, latencyMs };
  try {
    if (platform === "discord") {
      const messages = Number(values.messages ?? 2000);
      const recipients = Array.from({ length: 200 }, (_, i) => String(700_000_000_000_000_000n + BigInt(i)));
      const h = await startHarness();
      try {
        const benchTenant = await db.prisma.tenant.create({ data: { platform: "discord", externalId: "bench-guild", name: "Bench" } });
        h.rest.latencyMs = latencyMs;
        h.rest.globalLimitPerSecond = 50;
        const perRecipient = Math.ceil(messages / recipients.length);
        const sender = await makeSender(db, h.adapter.deliverer);
        // Untimed: open every DM channel first (discord.js caches them). Opening one is a request
        // on a single route, which discord.js sends one at a time: first contact costs a latency each.
        await Promise.all(
          recipients.map((recipient) => h.adapter.deliverer.deliver({ id: 0, recipient, prompts: [{ id: "w", text: "warm-up", input: { kind: "none" } }] })),
        );
        await queue(db, benchTenant.id, recipients, perRecipient);
        const callsBefore = h.rest.calls.length;
        const { wallMs, senderStatements } = await drain(db, sender);
        const requests = h.rest.calls.length - callsBefore;
        const received = new Map(
          recipients.map((r) => [
            r,
            h.rest
              .dmMessages(r)
              .map((m) => m.content)
              .filter((t) => t !== "warm-up"),
          ]),
        );
        const total = recipients.length * perRecipient;
        Object.assign(result, {
          messages: total,
          recipients: recipients.length,
          wallMs: Math.round(wallMs),
          messagesPerSecond: +(total / (wallMs / 1000)).toFixed(1),
          requestsPerSecond: +(requests / (wallMs / 1000)).toFixed(1),
          limitPerSecond: 50,
          ofLimitPercent: Math.round((100 * requests) / (wallMs / 1000) / 50),
          rateLimited429: h.rest.globalRateLimited,
          statementsPerMessage: dbKind === "postgres" ? +(senderStatements / total).toFixed(3) : null,
          ...count(received, recipients, perRecipient),
        });
      } finally {
        await h.close();
      }
    } else {
      const api = await FakeSlackApi.start();
      try {
        api.latencyMs = latencyMs;
        api.channelIntervalMs = 1000;
        api.channelBurst = SLACK_BURST;
        const recipients = Array.from({ length: 20 }, (_, i) => `U${String(i).padStart(4, "0")}`);
        const perRecipient = Number(values.messages ?? 1200) / recipients.length;
        const tenant = await db.prisma.tenant.create({ data: { platform: "slack", externalId: ACME.teamId, name: "Bench" } });
        await queue(db, tenant.id, recipients, perRecipient);
        const client = new webApi.WebClient(ACME.token, { slackApiUrl: api.url, rejectRateLimitedCalls: true });
        const sender = await makeSender(db, slackDeliverer(client, log));
        const { wallMs, senderStatements } = await drain(db, sender);
        const received = new Map<string, string[]>();
        for (const call of api.callsTo("chat.postMessage")) {
          if (call.response.ok !== true) continue;
          const to = String(call.body.channel);
          received.set(to, [...(received.get(to) ?? []), String(call.body.text)]);
        }
        const total = recipients.length * perRecipient;
        // The best any sender could do under this rule: a burst per channel, then one per second.
        const bestSeconds = Math.max(0, perRecipient - SLACK_BURST) + latencyMs / 1000;
        Object.assign(result, {
          messages: total,
          recipients: recipients.length,
          wallMs: Math.round(wallMs),
          messagesPerSecond: +(total / (wallMs / 1000)).toFixed(1),
          limitPerSecond: recipients.length,
          channelBurst: SLACK_BURST,
          ofLimitPercent: Math.round((100 * bestSeconds) / (wallMs / 1000)),
          rateLimited429: api.channelRateLimited,
          statementsPerMessage: dbKind === "postgres" ? +(senderStatements / total).toFixed(3) : null,
          ...count(received, recipients, perRecipient),
        });
      } finally {
        await api.close();
      }
    }
  } finally {
    await db.close();
    await drop();
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
