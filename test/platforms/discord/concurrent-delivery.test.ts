// The Discord deliverer inside the concurrent outbox sender, against the REST stand-in through
// discord.js's own REST queue (its global and per-route buckets, its handling of 429s): many
// people's messages in flight at once, 429s with Retry-After on the way, and still every
// message arrives exactly once and in order for each person.
import { afterEach, beforeEach, expect, it } from "vitest";
import { fixedClock } from "../../../src/clock.js";
import { createLogger } from "../../../src/log.js";
import { OutboxSender } from "../../../src/outbox/sender.js";
import { catalog, type DiscordHarness, startHarness } from "./support/harness.js";

const log = createLogger("silent");
let h: DiscordHarness;

beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

it("sends concurrently through 429s with Retry-After: no message lost, none twice, each person's in order", async () => {
  const clock = fixedClock("2026-11-30T09:00:00Z");
  const tenant = await h.db.prisma.tenant.create({ data: { platform: "discord", externalId: "guild-1", name: "Guild" } });
  const people = Array.from({ length: 12 }, (_, i) => String(800_000_000_000_000_000n + BigInt(i)));
  for (const round of [1, 2, 3]) {
    for (const person of people) {
      await h.db.prisma.outboxMessage.create({
        data: {
          tenantId: tenant.id,
          recipient: person,
          kind: "prompt",
          dedupeKey: `${person}:${round}`,
          payload: { prompts: [{ id: `p${round}`, text: `message ${round}`, input: { kind: "none" } }] },
          availableAt: clock.now(),
        },
      });
    }
  }
  // A per-route limit hit, then a shared-scope one, each answered the way Discord does.
  h.rest.failNext("POST", /^\/channels\/\d+\/messages$/, 429, { code: 0, message: "You are being rate limited.", retry_after: 0.02, global: false }, 3, {
    "retry-after": "0.02",
    "x-ratelimit-scope": "user",
  });
  h.rest.failNext("POST", /^\/channels\/\d+\/messages$/, 429, { code: 0, message: "You are being rate limited.", retry_after: 0.03, global: false }, 2, {
    "retry-after": "0.03",
    "x-ratelimit-scope": "shared",
  });
  const sender = new OutboxSender({ prisma: h.db.prisma, catalog, clock, log, deliverers: { discord: h.adapter.deliverer }, concurrency: 8 });

  // Each run sends one message per person (the claim keeps order); three rounds drain it all.
  for (const _ of [1, 2, 3]) await sender.deliverDue();

  const rows = await h.db.prisma.outboxMessage.findMany();
  expect(rows.every((r) => r.status === "sent" && r.attempts === 1)).toBe(true);
  for (const person of people) {
    expect(h.rest.dmMessages(person).map((m) => m.content)).toEqual(["message 1", "message 2", "message 3"]);
  }
  // The five 429s were retried by discord.js, not re-posted by us as new messages.
  const posts = h.rest.callsTo("POST", /^\/channels\/\d+\/messages$/);
  expect(posts).toHaveLength(people.length * 3 + 5);
  expect(new Set(posts.map((p) => p.body.nonce)).size).toBe(people.length * 3);
});
