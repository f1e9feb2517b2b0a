// Backups an operator can trust, on PGlite and PostgreSQL alike: a logical dump of every table,
// read and written through plain SQL. Why not PGlite's dumpDataDir or pg_dump: each works on one
// database kind only (pg_dump is often not installed beside a Node service, and a PGlite data
// tarball opens only in the same PGlite minor version), whereas a row dump moves a coaching
// practice between PGlite and PostgreSQL in either direction.
//
// File format: JSON Lines. Line 1 is a header (format, the migrations the rows fit, the time);
// then per table a {"table": name} line followed by one line per row (PostgreSQL's row_to_json),
// tables in foreign-key order so a restore inserts parents first. Rows go back through
// json_populate_recordset, so every column keeps its exact type (timestamps, JSON, arrays).
// Catalog columns are cast to text: Prisma cannot read PostgreSQL's `name` type (prisma/orm#27403).

import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { createInterface } from "node:readline";
import type { Database } from "./database.js";

export const BACKUP_FORMAT = "stagewise-coach-backup";
const FORMAT_VERSION = 1;
const PAGE = 2000;
const INSERT_BATCH = 500;

export interface BackupSummary {
  file: string;
  /** Rows per table, in the order they are stored. */
  tables: Record<string, number>;
}

/** The backup cannot be restored here; nothing was changed. */
export class BackupError extends Error {}

interface Header {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  migrations: string[];
}

type Sql = Database["prisma"];

/** Writes every row of every table to `file` (JSON Lines). Consistent: one repeatable-read snapshot. */
export async function backupDatabase(db: Database, file: string): Promise<BackupSummary> {
  const out = createWriteStream(file, { encoding: "utf8", mode: 0o600 });
  const write = async (line: string) => {
    if (!out.write(`${line}\n`)) await once(out, "drain");
  };
  const failed = once(out, "error").then(([error]) => Promise.reject(error as Error));
  failed.catch(() => {});
  const counts: Record<string, number> = {};
  const work = db.prisma.$transaction(
    async (tx) => {
      // One snapshot for the whole dump, so rows written meanwhile cannot half-appear.
      if (db.kind === "postgres") await tx.$executeRawUnsafe("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY");
      const header: Header = {
        format: BACKUP_FORMAT,
        version: FORMAT_VERSION,
        createdAt: new Date().toISOString(),
        migrations: await appliedMigrations(tx as Sql),
      };
      await write(JSON.stringify(header));
      for (const table of await tablesInInsertOrder(tx as Sql)) {
        await write(JSON.stringify({ table }));
        const order = (await primaryKey(tx as Sql, table)).map(quote).join(", ");
        counts[table] = 0;
        for (let offset = 0; ; offset += PAGE) {
          const rows = await tx.$queryRawUnsafe<{ line: string }[]>(
            `SELECT row_to_json(t)::text AS line FROM ${quote(table)} t ORDER BY ${order} LIMIT ${PAGE} OFFSET ${offset}`,
          );
          for (const row of rows) await write(row.line);
          counts[table] += rows.length;
          if (rows.length < PAGE) break;
        }
      }
    },
    { timeout: 3_600_000, maxWait: 60_000 },
  );
  await Promise.race([work, failed]);
  out.end();
  await Promise.race([once(out, "finish"), failed]);
  return { file, tables: counts };
}

export interface RestoreOptions {
  /** Delete every row already in the database first. Without it, a database with any client, coach or workspace is refused. */
  replace?: boolean;
}

/**
 * Loads a backup written by backupDatabase, in one transaction: it all arrives or nothing changes.
 * The database must be at the same migrations as the backup (restore with the version that made it, then upgrade).
 */
export async function restoreDatabase(db: Database, file: string, options: RestoreOptions = {}): Promise<BackupSummary> {
  const lines = createInterface({ input: createReadStream(file, { encoding: "utf8" }), crlfDelay: Infinity })[Symbol.asyncIterator]();
  const first = await lines.next();
  const header = parseHeader(first.done ? "" : first.value, file);
  const counts: Record<string, number> = {};
  await db.prisma.$transaction(
    async (tx) => {
      const sql = tx as Sql;
      const migrations = await appliedMigrations(sql);
      if (migrations.join("\n") !== header.migrations.join("\n")) {
        throw new BackupError(
          `${file} was made by a version at migration ${header.migrations.at(-1) ?? "(none)"}, this database is at ${migrations.at(-1) ?? "(none)"}: ` +
            "restore with the version that made the backup, then upgrade.",
        );
      }
      const tables = await tablesInInsertOrder(sql);
      const nonEmpty = await firstNonEmpty(sql, tables);
      if (nonEmpty && !options.replace) {
        throw new BackupError(
          `The database already holds data (table ${nonEmpty} has rows); restoring would mix two databases. Restore into an empty database, or pass the option to replace everything.`,
        );
      }
      if (nonEmpty) await sql.$executeRawUnsafe(`TRUNCATE ${tables.map(quote).join(", ")} RESTART IDENTITY CASCADE`);

      let table: string | null = null;
      let batch: string[] = [];
      const flush = async () => {
        if (!table || batch.length === 0) return;
        await sql.$executeRawUnsafe(
          `INSERT INTO ${quote(table)} SELECT * FROM json_populate_recordset(NULL::${quote(table)}, $1::json)`,
          `[${batch.join(",")}]`,
        );
        counts[table] = (counts[table] ?? 0) + batch.length;
        batch = [];
      };
      for (let next = await lines.next(); !next.done; next = await lines.next()) {
        const line = next.value;
        if (line.trim() === "") continue;
        if (line.startsWith('{"table":')) {
          await flush();
          const name = (JSON.parse(line) as { table: string }).table;
          if (!tables.includes(name)) throw new BackupError(`${file} holds a table "${name}" this database does not have.`);
          table = name;
          counts[name] = 0;
          continue;
        }
        if (!table) throw new BackupError(`${file} is not a ${BACKUP_FORMAT} file (a row before any table).`);
        batch.push(line);
        if (batch.length >= INSERT_BATCH) await flush();
      }
      await flush();
      await resetSequences(sql, tables);
    },
    { timeout: 3_600_000, maxWait: 60_000 },
  );
  return { file, tables: counts };
}

function parseHeader(line: string, file: string): Header {
  try {
    const header = JSON.parse(line) as Partial<Header>;
    if (header.format === BACKUP_FORMAT && header.version === FORMAT_VERSION && Array.isArray(header.migrations)) return header as Header;
  } catch {
    // reported below
  }
  throw new BackupError(`${file} is not a ${BACKUP_FORMAT} file (version ${FORMAT_VERSION}).`);
}

async function appliedMigrations(sql: Sql): Promise<string[]> {
  const rows = await sql.$queryRawUnsafe<{ name: string }[]>(
    `SELECT migration_name::text AS name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
  );
  return rows.map((r) => r.name);
}

/** The application's tables, each after every table it references (parents first). */
export async function tablesInInsertOrder(sql: Sql): Promise<string[]> {
  const tables = (
    await sql.$queryRawUnsafe<{ name: string }[]>(
      `SELECT tablename::text AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations' ORDER BY tablename`,
    )
  ).map((r) => r.name);
  const edges = await sql.$queryRawUnsafe<{ child: string; parent: string }[]>(
    `SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent
       FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
      WHERE c.contype = 'f' AND n.nspname = current_schema()`,
  );
  const parents = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const { child, parent } of edges) {
    const c = unquote(child);
    const p = unquote(parent);
    if (c !== p) parents.get(c)?.add(p);
  }
  const ordered: string[] = [];
  const placed = new Set<string>();
  const visit = (table: string, path: Set<string>) => {
    if (placed.has(table)) return;
    if (path.has(table)) throw new Error(`foreign keys form a cycle through ${table}`);
    path.add(table);
    for (const parent of parents.get(table) ?? []) visit(parent, path);
    path.delete(table);
    placed.add(table);
    ordered.push(table);
  };
  for (const table of tables) visit(table, new Set());
  return ordered;
}

async function primaryKey(sql: Sql, table: string): Promise<string[]> {
  const rows = await sql.$queryRawUnsafe<{ column: string }[]>(
    `SELECT a.attname::text AS column FROM pg_index i
       JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
      WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY a.attnum`,
    quote(table),
  );
  if (rows.length === 0) throw new Error(`table ${table} has no primary key to page by`);
  return rows.map((r) => r.column);
}

async function firstNonEmpty(sql: Sql, tables: string[]): Promise<string | null> {
  for (const table of tables) {
    const rows = await sql.$queryRawUnsafe<{ any: boolean }[]>(`SELECT EXISTS (SELECT 1 FROM ${quote(table)}) AS any`);
    if (rows[0]?.any) return table;
  }
  return null;
}

/** Serial columns (OutboxMessage.id) continue after the restored rows instead of colliding with them. */
async function resetSequences(sql: Sql, tables: string[]): Promise<void> {
  for (const table of tables) {
    const serials = await sql.$queryRawUnsafe<{ column: string; sequence: string }[]>(
      `SELECT column_name::text AS column, pg_get_serial_sequence($1, column_name) AS sequence
         FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $2
          AND pg_get_serial_sequence($1, column_name) IS NOT NULL`,
      quote(table),
      table,
    );
    for (const { column, sequence } of serials) {
      await sql.$queryRawUnsafe(
        `SELECT setval($1::regclass, COALESCE((SELECT max(${quote(column)}) FROM ${quote(table)}), 1), (SELECT count(*) > 0 FROM ${quote(table)}))::text AS value`,
        sequence,
      );
    }
  }
}

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

function unquote(name: string): string {
  return name.startsWith('"') ? name.slice(1, -1).replace(/""/g, '"') : name;
}
