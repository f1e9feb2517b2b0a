// MESSAGE_RETENTION_DAYS: a delivered message's text is purged once it is older than the setting;
// waiting messages and recent ones keep theirs. Idempotent, and on PostgreSQL several instances
// purging at once purge each body exactly once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { PURGED_PAYLOAD, purgeDeliveredBodies } from "../../src/outbox/retention.js";
import { type Database, openDatabase } from "../../src/store/database.js";
import { createScratchDatabase, describePostgres, type ScratchDatabase } from "../support/postgres.js";

const NOW = new Date("2026-12-01T12:00:00Z");
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000);

async function seed(db: Database, rows: { status: string; sentDaysAgo: number | null; kind?: string }[], prefix: string): Promise<void> {
  const tenant = await db.prisma.tenant.create({ data: { platform: "console", externalId: `t-${prefix}`, name: "T" } });
  await db.prisma.outboxMessage.createMany({
    data: rows.map((r, i) => ({
      tenantId: tenant.id,
      recipient: "someone",
      kind: r.kind ?? "prompt",
      dedupeKey: `${prefix}:${i}`,
      payload: { prompts: [{ id: "p", text: `private words ${i}`, input: { kind: "none" } }] },
      status: r.status,
      availableAt: daysAgo(r.sentDaysAgo ?? 0),
      createdAt: daysAgo(r.sentDaysAgo ?? 0),
      sentAt: r.status === "sent" && r.sentDaysAgo !== null ? daysAgo(r.sentDaysAgo) : null,
    })),
  });
}

describe("message retention on PGlite", () => {
  let db: Database;
  beforeAll(async () => {
    db = await openDatabase({ kind: "pglite", dataDir: "memory" });
  }, 60_000);
  afterAll(() => db?.close());

  it("defaults to 30 days and refuses nonsense", () => {
    expect(loadConfig({}).MESSAGE_RETENTION_DAYS).toBe(30);
    expect(loadConfig({ MESSAGE_RETENTION_DAYS: "7" }).MESSAGE_RETENTION_DAYS).toBe(7);
    expect(() => loadConfig({ MESSAGE_RETENTION_DAYS: "0" })).toThrow(/MESSAGE_RETENTION_DAYS must be between 1 and 3650 days/);
    expect(() => loadConfig({ MESSAGE_RETENTION_DAYS: "a month" })).toThrow(/MESSAGE_RETENTION_DAYS must be a whole number of days/);
  });

  it("purges the text of delivered messages older than the setting, and only theirs, once", async () => {
    await seed(
      db,
      [
        { status: "sent", sentDaysAgo: 31 },
        { status: "sent", sentDaysAgo: 31, kind: "digest" },
        { status: "dead", sentDaysAgo: 40 },
        { status: "sent", sentDaysAgo: 29 },
        { status: "pending", sentDaysAgo: 45 },
      ],
      "one",
    );
    expect(await purgeDeliveredBodies(db.prisma, NOW, 30)).toBe(3);
    const rows = await db.prisma.outboxMessage.findMany({ orderBy: { id: "asc" } });
    expect(rows.map((r) => JSON.stringify(r.payload).includes("private words"))).toEqual([false, false, false, true, true]);
    expect(rows[0]!.payload).toEqual(PURGED_PAYLOAD);
    // Nothing left to purge: a second run (or another instance) changes nothing.
    expect(await purgeDeliveredBodies(db.prisma, NOW, 30)).toBe(0);
    // The rows stay: their dedupe keys still stop the same message from being queued again.
    expect(rows).toHaveLength(5);
  });
});

describePostgres("message retention on PostgreSQL", () => {
  let scratch: ScratchDatabase;
  let instances: Database[] = [];
  beforeAll(async () => {
    scratch = await createScratchDatabase("retention");
    instances = await Promise.all([1, 2, 3].map(() => openDatabase({ kind: "postgres", url: scratch.url, poolSize: 3 })));
  }, 120_000);
  afterAll(async () => {
    await Promise.all(instances.map((db) => db.close()));
    await scratch?.drop();
  });

  it("three instances purging at once purge each of 2,500 old bodies exactly once", async () => {
    await seed(instances[0]!, [...Array.from({ length: 2500 }, () => ({ status: "sent", sentDaysAgo: 60 })), { status: "sent", sentDaysAgo: 1 }], "many");
    const counts = await Promise.all(instances.map((db) => purgeDeliveredBodies(db.prisma, NOW, 30)));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(2500);
    const kept = await instances[0]!.prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "OutboxMessage" WHERE payload::text LIKE '%private words%'`;
    expect(Number(kept[0]!.n)).toBe(1);
    expect((await Promise.all(instances.map((db) => purgeDeliveredBodies(db.prisma, NOW, 30)))).every((n) => n === 0)).toBe(true);
  }, 120_000);
});
