// One factory for the database: embedded PGlite when DATABASE_URL is unset, PostgreSQL otherwise.
// Migrations are applied before the Prisma client is handed out.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { type Prisma, PrismaClient } from "../generated/prisma/client.js";
import { type FolderLock, lockFolder } from "./folder-lock.js";
import { migrateApart } from "./migrate-apart.js";
import { applyMigrations, type Migration, migrationsFingerprint, readMigrations } from "./migrations.js";

export type { Prisma, PrismaClient } from "../generated/prisma/client.js";
export { DatabaseBusyError } from "./folder-lock.js";

export interface Database {
  prisma: PrismaClient;
  kind: "pglite" | "postgres";
  /** Where the data lives, for the start-up banner (no password). */
  location: string;
  /**
   * No other process can use this database (the embedded one's folder lock), so whatever is
   * found claimed at open was claimed by a process that has died.
   */
  soleOwner: boolean;
  /**
   * Housekeeping the bot must do itself, daily: only the embedded database needs any (PGlite runs
   * PostgreSQL without autovacuum); on PostgreSQL its own autovacuum does it.
   */
  maintain?: () => Promise<void>;
  close(): Promise<void>;
}

export type DatabaseOptions = { kind: "pglite"; dataDir: string | "memory" } | { kind: "postgres"; url: string; poolSize?: number };

type PrismaAdapter = NonNullable<ConstructorParameters<typeof PrismaClient>[0]>["adapter"];

/**
 * The driver beneath a Prisma client opened here, for the few statements measured to be hot
 * (the engine's read and write, src/store/effects-sql.ts, and the inbox's store). Prisma's raw
 * API compiles and serialises every statement in its query compiler: measured here about 0.5 ms
 * of CPU for `SELECT 1` and 1 ms with a 34 KB jsonb parameter, against 0.1 ms on the driver.
 * Rows come back as the driver parses them (numbers, text, booleans, parsed jsonb), so these
 * statements return no timestamps and take them as ISO strings in UTC.
 */
export interface DriverSql {
  query<T>(text: string, params: readonly unknown[]): Promise<T[]>;
}

const drivers = new WeakMap<PrismaClient, DriverSql>();

const statementNames = new Map<string, string>();

/**
 * A name for a hot statement's text, so that PostgreSQL parses it once per connection and keeps
 * its plan: the engine's write, a dozen data-modifying CTEs, measured 1 ms to parse and 2.3 ms to
 * plan on every call when sent unnamed, more than its 1.6 ms to run. (PGlite runs in-process.)
 */
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `coach_${createHash("sha256").update(text).digest("hex").slice(0, 16)}`;
    statementNames.set(text, name);
  }
  return name;
}

/** The driver under `prisma` (every Prisma client is opened by openDatabase). */
export function driverOf(prisma: PrismaClient): DriverSql {
  const driver = drivers.get(prisma);
  if (!driver) throw new Error("no driver known for this Prisma client: open it with openDatabase");
  return driver;
}

/**
 * A hot statement's one text, sent on the driver; inside an interactive transaction, through
 * Prisma's raw API on the transaction's own connection (rare callers: a schedule change). Such a
 * statement returns only text, numbers, booleans and jsonb, which both carry alike.
 */
export function sqlOf(db: PrismaClient | Prisma.TransactionClient): DriverSql {
  const driver = drivers.get(db as PrismaClient);
  if (driver) return driver;
  return { query: <T>(text: string, params: readonly unknown[]) => db.$queryRawUnsafe<T[]>(text, ...params) };
}

/** A timestamp column as milliseconds since 1970 (UTC, as Prisma stores it): hot statements return no timestamps (see DriverSql). */
export const epochMs = (column: string) => `(extract(epoch FROM ${column}) * 1000)::float8`;

// Any number, as long as every instance uses the same one.
const MIGRATION_LOCK_KEY = 727_001;

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.kind === "pglite" ? openPglite(options.dataDir) : openPostgres(options.url, options.poolSize ?? 10);
}

async function openPglite(dataDir: string): Promise<Database> {
  const inMemory = dataDir === "memory";
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  // Taken before PGlite reads a byte of the folder; a second process stops here (DatabaseBusyError).
  const lock = inMemory ? null : lockFolder(path.resolve(dataDir));
  let pglite: PGlite | undefined;
  try {
    // Imported here: a bot on PostgreSQL never loads the embedded database's code.
    const { PGlite } = await import("@electric-sql/pglite");
    const cluster = inMemory ? null : clusterFolder(path.resolve(dataDir));
    const migrations = readMigrations();
    const schema = lock ? new SchemaMark(path.join(path.resolve(dataDir), SCHEMA_MARK_FILE), migrationsFingerprint(migrations)) : null;
    // A new folder, or one with migrations to apply, is set up apart (see migrate-apart.ts).
    if (cluster && lock && schema && !schema.current()) await setUpApart(cluster, lock, migrations);
    pglite = cluster ? new PGlite(cluster) : new PGlite();
    await pglite.waitReady;
    const db = pglite;
    // Normally nothing is left to apply here; a folder whose mark says otherwise is caught up.
    await applyMigrations(
      {
        exec: async (sql) => void (await db.exec(sql)),
        query: async <T>(sql: string, params?: unknown[]) => (await db.query<T>(sql, params)).rows,
      },
      migrations,
    );
    schema?.record();
  } catch (error) {
    if (pglite && !pglite.closed) await pglite.close().catch(() => {});
    lock?.release();
    throw error;
  }
  const opened = pglite;
  // pglite-prisma-adapter 0.6.1 is typed against driver-adapter-utils 6.10; the interface it
  // implements is unchanged at run time for 6.19 (it ignores argTypes, the part whose type moved).
  const { PrismaPGlite } = await import("pglite-prisma-adapter");
  const adapter = new PrismaPGlite(opened) as unknown as PrismaAdapter;
  const prisma = new PrismaClient({ adapter });
  // PGlite runs a query only outside another caller's transaction: the same guarantee as Prisma's.
  drivers.set(prisma, { query: async <T>(text: string, params: readonly unknown[]) => (await opened.query<T>(text, [...params])).rows });
  return {
    prisma,
    kind: "pglite",
    location: inMemory ? "in memory" : path.resolve(dataDir),
    soleOwner: true,
    maintain: () => vacuumEmbedded(opened),
    async close() {
      await prisma.$disconnect();
      if (!opened.closed) await opened.close();
      lock?.release();
    },
  };
}

/**
 * What autovacuum does on PostgreSQL: space left by updated and deleted rows (a snapshot per
 * answer, outbox rows, claimed jobs) made reusable, and the planner's statistics brought up to
 * date (50 clients' check-ins grew the tables 2.8 MB in four weeks, 1.8 MB in four after one). Its
 * working memory is capped: PGlite's WebAssembly memory never shrinks once grown. It waits for any
 * open transaction, then holds the process (PGlite runs in its thread). VACUUM may not run in a
 * transaction or beside other statements in one string, hence one statement per call.
 */
async function vacuumEmbedded(db: PGlite): Promise<void> {
  await db.query("SET maintenance_work_mem = '16MB'");
  try {
    await db.query("VACUUM (ANALYZE)");
  } finally {
    await db.query("RESET maintenance_work_mem");
  }
}

/**
 * Creates or migrates the embedded database in a child process. A new database is made in a
 * folder beside its final place and moved there only once every migration is in: a setup that
 * is cut short (the power, kill -9) leaves no half-made database that would look finished.
 */
async function setUpApart(cluster: string, lock: FolderLock, migrations: Migration[]): Promise<void> {
  if (existsSync(path.join(cluster, "PG_VERSION"))) return migrateApart(cluster, lock, migrations);
  if (existsSync(cluster) && readdirSync(cluster).length > 0) {
    throw new Error(`${cluster} holds files but no database (no PG_VERSION): move it out of the way, and the bot makes a new one`);
  }
  const making = `${cluster}.new`;
  // Left by a setup that was cut short: never a finished database.
  rmSync(making, { recursive: true, force: true });
  await migrateApart(making, lock, migrations);
  renameSync(making, cluster);
}

/**
 * The migrations a data folder was last brought to, in a file beside the lock, so a start can
 * tell without opening PGlite whether there is anything to set up apart (opening it would leave
 * its memory in this process). The database's own record stays the authority: whatever the mark
 * says, the migrations are checked again once the bot opens the folder.
 */
class SchemaMark {
  constructor(
    private readonly file: string,
    private readonly wanted: string,
  ) {}

  current(): boolean {
    try {
      return readFileSync(this.file, "utf8").trim() === this.wanted;
    } catch {
      return false;
    }
  }

  record(): void {
    if (!this.current()) writeFileSync(this.file, `${this.wanted}\n`);
  }
}

export const SCHEMA_MARK_FILE = "coach.schema";

/**
 * Where PGlite keeps its files. PGlite creates a database only in an empty folder, and the lock
 * file is already in DATA_DIR; so a new DATA_DIR gets its database in DATA_DIR/pgdata, while a
 * folder from before the lock (PG_VERSION at its top) keeps being opened as it is.
 */
function clusterFolder(dataDir: string): string {
  return existsSync(path.join(dataDir, "PG_VERSION")) ? dataDir : path.join(dataDir, "pgdata");
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const pool = new LostConnectionReleasingPool({ connectionString: url, max: poolSize });
  // An idle connection dropped by the server (restart, failover, admin termination) is emitted
  // here; with no listener Node ends the whole process. Prisma's adapter listens only while
  // connected, so this covers start-up and shutdown (a benchmark died of it). The pool replaces
  // the connection, and the next query reports any lasting problem to its caller.
  pool.on("error", () => {});
  const connection = await pool.connect().catch(async (error: Error) => {
    await pool.end();
    throw new Error(`Cannot connect to PostgreSQL at ${redact(url)}: ${error.message}`);
  });
  try {
    await connection.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    await applyMigrations({
      exec: async (sql) => void (await connection.query(sql)),
      query: async <T>(sql: string, params?: unknown[]) => (await connection.query(sql, params)).rows as T[],
    });
  } catch (error) {
    connection.release(true);
    await pool.end();
    throw error;
  }
  await connection.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]);
  connection.release();
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  drivers.set(prisma, {
    async query<T>(text: string, params: readonly unknown[]) {
      try {
        return (await pool.query({ name: statementName(text), text, values: [...params] })).rows as T[];
      } catch (error) {
        // Another instance's migration changed a table under the statement: PostgreSQL refuses
        // the stored plan ("cached plan must not change result type") once per connection.
        if ((error as { code?: string }).code !== "0A000") throw error;
        return (await pool.query(text, [...params])).rows as T[];
      }
    },
  });
  return {
    prisma,
    kind: "postgres",
    location: redact(url),
    soleOwner: false,
    async close() {
      await prisma.$disconnect();
      if (!pool.ended) await pool.end();
    },
  };
}

/**
 * A pool that takes back a connection the server dropped while it was lent out. @prisma/adapter-pg
 * 6.19 releases a transaction's connection only in commit()/rollback(), and Prisma calls those only
 * after its COMMIT or ROLLBACK statement succeeded: on a connection terminated mid-transaction
 * (failover, pg_terminate_backend) the ROLLBACK fails ("not queryable"), the connection is never
 * released, and after `max` such losses the pool serves nothing and end() never returns.
 */
class LostConnectionReleasingPool extends pg.Pool {
  constructor(config: pg.PoolConfig) {
    super(config);
    // A connection can also die between the statements of a caller that holds it without the
    // pool's or our listener (and pg reports a dead connection once more as it closes): with no
    // listener, Node ends the whole process. Whoever uses it next gets the error from its query.
    this.on("connect", (client) => client.on("error", () => {}));
  }

  override connect(): Promise<pg.PoolClient>;
  override connect(callback: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void): void;
  override connect(
    callback?: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void,
  ): Promise<pg.PoolClient> | undefined {
    // pool.query() borrows with a callback and always releases; only the adapter's borrowing needs watching.
    if (callback) return void super.connect(callback);
    return super.connect().then(releaseWhenLost);
  }
}

/**
 * pg emits 'error' on a connected client only when its connection is dead; the pool then discards
 * it. Releasing becomes idempotent, since the adapter may still release it after a late COMMIT.
 */
function releaseWhenLost(client: pg.PoolClient): pg.PoolClient {
  const release = client.release;
  let released = false;
  const releaseOnce = (error?: Error | boolean) => {
    if (released) return;
    released = true;
    client.removeListener("error", onLost);
    release(error);
  };
  const onLost = (error: Error) => releaseOnce(error);
  client.on("error", onLost);
  client.release = releaseOnce;
  return client;
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparseable URL)";
  }
}
