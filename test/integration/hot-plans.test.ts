// The inbound path's statements look rows up by index on PostgreSQL. Each event brings a row or
// two in JSON arrays; planned as the 100 rows PostgreSQL assumes for a set-returning function,
// they made the planner scan ProcessedEvent, ActorSnapshot and Client whole and hash them, on
// every event, at a cost that grows with every event the practice has ever had. The plans are checked
// as PostgreSQL caches them for a prepared statement (generic), on a practice with history.
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Inbox } from "../../src/engine/inbox.js";
import { OutboxSender } from "../../src/outbox/sender.js";
import { openDatabase } from "../../src/store/database.js";
import { seedClients } from "../support/bulk.js";
import { catalog, createHarness, type Harness, harnessInbox, silent } from "../support/harness.js";
import { createScratchDatabase, describePostgres, type ScratchDatabase } from "../support/postgres.js";
import { statementsDuring } from "../support/statements.js";

/** Tables that grow with the practice's history, never to be read whole for one event. */
const GROWING = ["ProcessedEvent", "ActorSnapshot", "Client"];

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Actual Rows"?: number;
  "Rows Removed by Filter"?: number;
  Plans?: PlanNode[];
}

/** Rows each scan of `table` read (returned or filtered out), from EXPLAIN ANALYZE. */
function rowsRead(node: PlanNode, table: string): number[] {
  const own = node["Relation Name"] === table && node["Node Type"].includes("Scan") ? [(node["Actual Rows"] ?? 0) + (node["Rows Removed by Filter"] ?? 0)] : [];
  return [...own, ...(node.Plans ?? []).flatMap((child) => rowsRead(child, table))];
}

/** Tables the plan inserts into, updates or deletes from. */
function modifiedTables(node: PlanNode): string[] {
  const own = node["Node Type"] === "ModifyTable" && node["Relation Name"] ? [node["Relation Name"]] : [];
  return [...own, ...(node.Plans ?? []).flatMap(modifiedTables)];
}

function scannedWhole(node: PlanNode): string[] {
  const own = node["Node Type"] === "Seq Scan" && node["Relation Name"] ? [node["Relation Name"]] : [];
  return [...own, ...(node.Plans ?? []).flatMap(scannedWhole)];
}

describePostgres("plans of the inbound path's statements", () => {
  let scratch: ScratchDatabase;
  let h: Harness;
  let inbox: Inbox;
  let tenantKey: string;
  beforeAll(async () => {
    scratch = await createScratchDatabase("hotplans");
    h = await createHarness(await openDatabase({ kind: "postgres", url: scratch.url, poolSize: 2 }));
    inbox = harnessInbox(h);
    const { tenantId, clientIds } = await seedClients(h.db.prisma, catalog, { count: 2000, due: 0, dueAt: new Date("2026-11-30T09:00:00Z") });
    tenantKey = (await h.db.prisma.tenant.findUniqueOrThrow({ where: { id: tenantId } })).externalId;
    await h.db.prisma.$executeRaw`
      INSERT INTO "ProcessedEvent" ("eventId", "clientId", "processedAt")
      SELECT 'history-' || g, ${clientIds[0]}, now() FROM generate_series(1, 20000) AS g`;
    await h.db.prisma.$executeRawUnsafe("ANALYZE");
  }, 120_000);
  afterAll(async () => {
    await h?.db.close();
    await scratch?.drop();
  });

  it("stores, reads and writes one event without reading a growing table whole", async () => {
    const sent = await statementsDuring(async () => {
      const row = await inbox.receiveInbound({
        kind: "message",
        text: "hello",
        eventId: "plans-1",
        tenant: { platform: "console", externalId: tenantKey, name: "Bulk" },
        user: { platformUserId: "bulk-7" },
      });
      expect(await inbox.process(row!)).toBe("processed");
    });
    // The store, the read of the client, the write.
    expect(sent).toHaveLength(3);
    const admin = new pg.Client({ connectionString: scratch.url });
    await admin.connect();
    try {
      await admin.query("SET plan_cache_mode = force_generic_plan");
      for (const [i, text] of sent.entries()) {
        await admin.query(`PREPARE hot_${i} AS ${text}`);
        const parameters = new Set(text.match(/\$\d+/g)).size;
        const { rows } = await admin.query(`EXPLAIN (FORMAT JSON) EXECUTE hot_${i}(${Array(parameters).fill("NULL").join(", ")})`);
        const plan = (rows[0]["QUERY PLAN"] as { Plan: PlanNode }[])[0]!.Plan;
        expect({ statement: text.trim().slice(0, 40), scanned: scannedWhole(plan).filter((t) => GROWING.includes(t)) }).toEqual({
          statement: text.trim().slice(0, 40),
          scanned: [],
        });
      }
    } finally {
      await admin.end();
    }
  });

  it("writes an event with a plan that touches only the tables it has rows for", async () => {
    const sent = await statementsDuring(async () => {
      const row = await inbox.receiveInbound({
        kind: "message",
        text: "hello again",
        eventId: "plans-2",
        tenant: { platform: "console", externalId: tenantKey, name: "Bulk" },
        user: { platformUserId: "bulk-8" },
      });
      expect(await inbox.process(row!)).toBe("processed");
    });
    const write = sent.find((text) => text.includes('INSERT INTO "ProcessedEvent"'))!;
    const admin = new pg.Client({ connectionString: scratch.url });
    await admin.connect();
    try {
      await admin.query("SET plan_cache_mode = force_generic_plan");
      await admin.query(`PREPARE hot_write AS ${write}`);
      const parameters = new Set(write.match(/\$\d+/g)).size;
      const { rows } = await admin.query(`EXPLAIN (FORMAT JSON) EXECUTE hot_write(${Array(parameters).fill("NULL").join(", ")})`);
      const plan = (rows[0]["QUERY PLAN"] as { Plan: PlanNode }[])[0]!.Plan;
      // A greeting answered: its reply is queued, nothing is assessed, flagged or moved a stage.
      const modified = new Set(modifiedTables(plan));
      expect(modified).toContain("OutboxMessage");
      for (const untouched of ["Flag", "Assessment", "StageTransition", "CoachingSession", "Goal", "ClientDomain"]) expect(modified).not.toContain(untouched);
    } finally {
      await admin.end();
    }
  });

  it("claims due outbox messages without reading every message ever sent", async () => {
    const { id: tenantId } = await h.db.prisma.tenant.findFirstOrThrow();
    await h.db.prisma.$executeRaw`
      INSERT INTO "OutboxMessage" ("tenantId", recipient, kind, "dedupeKey", payload, status, "availableAt", "sentAt", attempts, "createdAt")
      SELECT ${tenantId}, 'bulk-' || (g % 2000), 'prompt', 'history-' || g, '{"prompts":[]}'::jsonb, 'sent',
             now() - interval '30 days', now() - interval '30 days', 1, now() - interval '30 days'
      FROM generate_series(1, 20000) AS g`;
    await h.db.prisma.$executeRaw`
      INSERT INTO "OutboxMessage" ("tenantId", recipient, kind, "dedupeKey", payload, status, "availableAt", attempts, "createdAt")
      SELECT ${tenantId}, 'bulk-' || g, 'prompt', 'due-' || g, '{"prompts":[]}'::jsonb, 'pending', now() - interval '1 minute', 0, now()
      FROM generate_series(1, 300) AS g`;
    await h.db.prisma.$executeRawUnsafe("ANALYZE");
    const sender = new OutboxSender({ prisma: h.db.prisma, catalog, clock: h.clock, log: silent, deliverers: {} });
    const sent = await statementsDuring(() => sender.deliverDue());
    const claim = sent.find((text) => text.includes("SET status = 'sending'"))!;
    const admin = new pg.Client({ connectionString: scratch.url });
    await admin.connect();
    try {
      await admin.query("BEGIN");
      await admin.query("SET LOCAL plan_cache_mode = force_generic_plan");
      await admin.query(`PREPARE outbox_claim AS ${claim}`);
      const { rows } = await admin.query("EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE outbox_claim(localtimestamp, 100)");
      const plan = (rows[0]["QUERY PLAN"] as { Plan: PlanNode }[])[0]!.Plan;
      // The 300 seeded, beside any reply the other tests left queued.
      const [{ due }] = (await admin.query(`SELECT count(*)::int AS due FROM "OutboxMessage" WHERE status <> 'sent'`)).rows;
      expect(due).toBeLessThan(310);
      // 300 due among 20,300: each scan reads at most the due ones (and, per due one, its recipient's few).
      expect(Math.max(...rowsRead(plan, "OutboxMessage"))).toBeLessThanOrEqual(due);
    } finally {
      await admin.query("ROLLBACK");
      await admin.end();
    }
  });
});
