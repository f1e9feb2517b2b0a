// Real PostgreSQL for the integration suite: each test file gets its own database, dropped after.
// Unreachable PostgreSQL skips the suite with the reason, unless REQUIRE_POSTGRES=1 (CI).
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, it } from "vitest";
import { type Database, openDatabase } from "../../src/store/database.js";
import { createHarness, type Harness } from "./harness.js";

export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const required = process.env.REQUIRE_POSTGRES === "1";

async function probe(): Promise<string | null> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return null;
  } catch (error) {
    return (error as Error).message || String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

const unreachable = await probe();

/** Declares a PostgreSQL suite, or a skipped/failed placeholder saying why it cannot run. */
export function describePostgres(name: string, body: () => void): void {
  if (!unreachable) {
    describe(name, body);
    return;
  }
  const reason = `PostgreSQL at ${TEST_POSTGRES_URL} is unreachable: ${unreachable}`;
  if (required) {
    describe(name, () => {
      it("needs PostgreSQL (REQUIRE_POSTGRES=1)", () => {
        throw new Error(reason);
      });
    });
  } else {
    console.warn(`[integration] ${name} skipped: ${reason}`);
    describe.skip(`${name} (skipped: ${reason}; set TEST_POSTGRES_URL)`, () => {
      it("needs PostgreSQL", () => {});
    });
  }
}

export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function createScratchDatabase(label: string): Promise<ScratchDatabase> {
  const name = `coach_test_${label}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

/** What a PostgreSQL suite works on: its scratch database, the bot's database opened on it, and a harness. */
export interface PostgresSuite {
  scratch: ScratchDatabase;
  db: Database;
  h: Harness;
}

/**
 * Declares, inside a describePostgres body, a scratch database opened with the bot's schema and a
 * harness on it before the suite's tests, closed and dropped after them. Read its fields in tests.
 */
export function postgresSuite(label: string, poolSize = 8): PostgresSuite {
  const suite = {} as PostgresSuite;
  beforeAll(async () => {
    suite.scratch = await createScratchDatabase(label);
    suite.db = await openDatabase({ kind: "postgres", url: suite.scratch.url, poolSize });
    suite.h = await createHarness(suite.db);
  }, 120_000);
  afterAll(async () => {
    await suite.db?.close();
    await suite.scratch?.drop();
  });
  return suite;
}

/**
 * Terminates every other connection to the database a few times (6 rounds, 150 ms apart) while
 * work runs, as a failover or an admin's pg_terminate_backend would; stop() ends it and says how
 * many backends were terminated.
 */
export async function terminateBackendsMeanwhile(url: string): Promise<{ stop(): Promise<number> }> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  let terminated = 0;
  let running = true;
  const killer = (async () => {
    for (let round = 0; round < 6 && running; round++) {
      await new Promise((resolve) => setTimeout(resolve, 150));
      const { rowCount } = await admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
      );
      terminated += rowCount ?? 0;
    }
  })();
  return {
    async stop() {
      running = false;
      await killer;
      await admin.end();
      return terminated;
    },
  };
}

/** A fault armed by `loseConnectionOnce`. */
export interface ArmedFault {
  /** Whether a statement has met it (its connection was terminated). */
  fired(): Promise<boolean>;
  remove(): Promise<void>;
}

/**
 * The next `operation` on `table` loses its connection in the middle of the statement, as in a
 * failover: a trigger terminates the server process running it (57P01), once; later statements
 * go through. A sequence counts the meetings, as it is not rolled back with the statement.
 */
export async function loseConnectionOnce(url: string, table: string, operation: "INSERT" | "UPDATE" | "DELETE"): Promise<ArmedFault> {
  const name = `lose_once_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE SEQUENCE ${name}`);
    await admin.query(`CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF nextval('${name}') = 1 THEN PERFORM pg_terminate_backend(pg_backend_pid()); END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
      END $$`);
    await admin.query(`CREATE TRIGGER ${name} BEFORE ${operation} ON "${table}" FOR EACH ROW EXECUTE FUNCTION ${name}()`);
  } finally {
    await admin.end();
  }
  const query = async (sql: string) => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      return await c.query(sql);
    } finally {
      await c.end();
    }
  };
  return {
    async fired() {
      const { rows } = await query(`SELECT is_called FROM ${name}`);
      return rows[0].is_called === true;
    },
    async remove() {
      await query(`DROP TRIGGER IF EXISTS ${name} ON "${table}"; DROP FUNCTION IF EXISTS ${name}(); DROP SEQUENCE IF EXISTS ${name}`);
    },
  };
}
