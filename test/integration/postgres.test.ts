// The engine and migrations on real PostgreSQL, where concurrent writers really race.

import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openDatabase } from "../../src/store/database.js";
import { readMigrations } from "../../src/store/migrations.js";
import { engineContract } from "../engine/engine.contract.js";
import { createScratchDatabase, describePostgres, type ScratchDatabase } from "../support/postgres.js";

describePostgres("PostgreSQL integration", () => {
  let scratch: ScratchDatabase;
  beforeAll(async () => {
    scratch = await createScratchDatabase("engine");
  });
  afterAll(async () => {
    await scratch?.drop();
  });

  it("applies migrations once when several instances start together", async () => {
    const instances = await Promise.all([1, 2, 3].map(() => openDatabase({ kind: "postgres", url: scratch.url, poolSize: 2 })));
    const client = new pg.Client({ connectionString: scratch.url });
    await client.connect();
    const { rows } = await client.query(`SELECT migration_name FROM "_prisma_migrations"`);
    await client.end();
    expect(rows.map((r) => r.migration_name)).toEqual(readMigrations().map((m) => m.name));
    await Promise.all(instances.map((db) => db.close()));
  });

  engineContract("PostgreSQL", () => openDatabase({ kind: "postgres", url: scratch.url, poolSize: 8 }));
});

describePostgres("PostgreSQL connection loss", () => {
  it("survives the server terminating idle connections, and keeps working", async () => {
    const scratch = await createScratchDatabase("dropped");
    const db = await openDatabase({ kind: "postgres", url: scratch.url, poolSize: 2 });
    await db.prisma.tenant.count();
    const admin = new pg.Client({ connectionString: scratch.url });
    await admin.connect();
    await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
    await admin.end();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await db.prisma.tenant.count()).toBe(0);
    await db.close();
    await scratch.drop();
  });
});
