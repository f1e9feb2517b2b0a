// Backups: every row of every table survives a round trip, within PGlite, within PostgreSQL and
// between them, and the bot carries on with the restored clients.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BackupError, backupDatabase, restoreDatabase, tablesInInsertOrder } from "../../src/store/backup.js";
import { type Database, openDatabase } from "../../src/store/database.js";
import { createHarness, type Harness, onboard } from "../support/harness.js";
import { createScratchDatabase, describePostgres, type ScratchDatabase } from "../support/postgres.js";

const dir = mkdtempSync(path.join(tmpdir(), "coach-backup-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every table's rows as JSON text, in primary-key order. */
async function allRows(db: Database): Promise<Record<string, string[]>> {
  const result: Record<string, string[]> = {};
  for (const table of await tablesInInsertOrder(db.prisma)) {
    const rows = await db.prisma.$queryRawUnsafe<{ line: string }[]>(`SELECT row_to_json(t)::text AS line FROM "${table}" t ORDER BY 1`);
    result[table] = rows.map((r) => r.line).sort();
  }
  return result;
}

/** A practice with onboarded clients, a paused one, a crisis flag, queued and sent messages. */
async function practice(db: Database): Promise<Harness> {
  const h = await createHarness(db);
  await onboard(h, "alex", "Alex");
  await onboard(h, "sam", "Sam");
  await h.say("sam", "I want to end my life");
  await h.say("alex", "/pause 2026-12-10");
  return h;
}

async function expectTheBotCarriesOn(db: Database) {
  const h = await createHarness(db);
  const replies = await h.say("sam", "/status");
  expect(replies.join("\n")).toMatch(/Sam/);
  // A new client after the restore: fresh ids and outbox numbers do not collide with restored ones.
  await onboard(h, "newcomer", "Noor");
  expect(await db.prisma.client.count()).toBe(3);
}

describe("backup and restore on PGlite", () => {
  let source: Harness;
  let file: string;
  beforeAll(async () => {
    source = await practice(await openDatabase({ kind: "pglite", dataDir: "memory" }));
    file = path.join(dir, "pglite.jsonl");
  }, 300_000);
  afterAll(async () => source?.db.close());

  it("restores every row of every table into an empty database, and the bot carries on", async () => {
    const summary = await backupDatabase(source.db, file);
    expect(summary.tables.Client).toBe(2);
    expect(summary.tables.OutboxMessage).toBeGreaterThan(0);
    const target = await openDatabase({ kind: "pglite", dataDir: "memory" });
    try {
      const restored = await restoreDatabase(target, file);
      expect(restored.tables).toEqual(summary.tables);
      const before = await allRows(source.db);
      expect(Object.values(before).flat().length).toBeGreaterThan(50);
      expect(await allRows(target)).toEqual(before);
      await expectTheBotCarriesOn(target);
    } finally {
      await target.close();
    }
  }, 300_000);

  it("refuses a database that already holds data unless told to replace it; nothing changes when refused", async () => {
    const target = await openDatabase({ kind: "pglite", dataDir: "memory" });
    try {
      const other = await createHarness(target);
      await onboard(other, "someone-else", "Kim");
      const before = await allRows(target);
      await expect(restoreDatabase(target, file)).rejects.toThrow(/already holds data \(table \w+ has rows\)/);
      expect(await allRows(target)).toEqual(before);
      await restoreDatabase(target, file, { replace: true });
      expect(await allRows(target)).toEqual(await allRows(source.db));
    } finally {
      await target.close();
    }
  }, 300_000);

  it("refuses a file that is not a backup, or one made at other migrations", async () => {
    const target = await openDatabase({ kind: "pglite", dataDir: "memory" });
    try {
      const notBackup = path.join(dir, "notes.txt");
      writeFileSync(notBackup, "hello\n");
      await expect(restoreDatabase(target, notBackup)).rejects.toThrow(BackupError);
      const [header, ...rest] = readFileSync(file, "utf8").split("\n");
      const older = path.join(dir, "older.jsonl");
      writeFileSync(older, [JSON.stringify({ ...JSON.parse(header!), migrations: ["20261124053328_init"] }), ...rest].join("\n"));
      await expect(restoreDatabase(target, older)).rejects.toThrow(/restore with the version that made the backup/);
      expect(await target.prisma.client.count()).toBe(0);
    } finally {
      await target.close();
    }
  }, 120_000);
});

describePostgres("backup and restore on PostgreSQL", () => {
  const scratches: ScratchDatabase[] = [];
  afterAll(async () => {
    for (const s of scratches) await s.drop();
  });
  const postgres = async (label: string) => {
    const scratch = await createScratchDatabase(label);
    scratches.push(scratch);
    return openDatabase({ kind: "postgres", url: scratch.url, poolSize: 4 });
  };

  it("round-trips PostgreSQL to PostgreSQL, and PGlite to PostgreSQL and back", async () => {
    const source = await practice(await postgres("backup_src"));
    const target = await postgres("backup_dst");
    const pgFile = path.join(dir, "postgres.jsonl");
    try {
      await backupDatabase(source.db, pgFile);
      await restoreDatabase(target, pgFile);
      expect(await allRows(target)).toEqual(await allRows(source.db));
      await expectTheBotCarriesOn(target);

      // Moving between the two kinds: PostgreSQL -> PGlite -> PostgreSQL keeps every row.
      const embedded = await openDatabase({ kind: "pglite", dataDir: "memory" });
      try {
        await restoreDatabase(embedded, pgFile);
        expect(await allRows(embedded)).toEqual(await allRows(source.db));
        const back = path.join(dir, "from-pglite.jsonl");
        await backupDatabase(embedded, back);
        const again = await postgres("backup_back");
        await restoreDatabase(again, back);
        expect(await allRows(again)).toEqual(await allRows(source.db));
        await again.close();
      } finally {
        await embedded.close();
      }
    } finally {
      await source.db.close();
      await target.close();
    }
  }, 300_000);
});
