// The engine and migrations on real PostgreSQL, where concurrent writers really race.

import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { driverOf, openDatabase } from "../../src/store/database.js";
import { loadClientsById } from "../../src/store/effects-sql.js";
import { storeInboxEvents } from "../../src/store/inbox.js";
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

  it("keeps storing and reading when another instance's migration changes a table under the prepared statements", async () => {
    const db = await openDatabase({ kind: "postgres", url: scratch.url, poolSize: 2 });
    const other = new pg.Client({ connectionString: scratch.url });
    await other.connect();
    const entry = (id: string) => ({ platform: "console", tenantKey: "plan-change", eventId: id, userId: "u", kind: "inbound", payload: {} });
    const both = (id: string) => Promise.all([loadClientsById(db.prisma, ["nobody"]), storeInboxEvents(db.prisma, [entry(id)], new Date())]);
    try {
      // Both pooled connections prepare both statements.
      await Promise.all([both("before-1"), both("before-2")]);
      await other.query(`ALTER TABLE "Client" ALTER COLUMN timezone TYPE varchar(64); ALTER TABLE "InboxEvent" ALTER COLUMN id TYPE bigint`);
      for (const id of ["after-1", "after-2", "after-3"]) {
        const [clients, stored] = await both(id);
        expect(clients.size).toBe(0);
        expect(stored[0]?.eventId).toBe(id);
      }
    } finally {
      await other.query(`ALTER TABLE "Client" ALTER COLUMN timezone TYPE text; ALTER TABLE "InboxEvent" ALTER COLUMN id TYPE integer`);
      await other.end();
      await db.close();
    }
  });

  it("works through the server's Unix socket when DATABASE_URL names its folder, on Prisma's queries and the hot path's", async () => {
    const admin = new pg.Client({ connectionString: scratch.url });
    await admin.connect();
    const { rows } = await admin.query<{ folders: string }>("SELECT current_setting('unix_socket_directories') AS folders");
    await admin.end();
    const folder = rows[0]!.folders.split(",")[0]!.trim();
    const tcp = new URL(scratch.url);
    const { DATABASE_URL } = loadConfig({ DATABASE_URL: `postgresql://${tcp.pathname}?host=${folder}&user=${tcp.username}` });
    const db = await openDatabase({ kind: "postgres", url: DATABASE_URL!, poolSize: 2 });
    try {
      // A Unix-socket connection has no server address.
      const [viaPrisma] = await db.prisma.$queryRaw<{ socket: boolean }[]>`SELECT inet_server_addr() IS NULL AS socket`;
      const [viaDriver] = await driverOf(db.prisma).query<{ socket: boolean }>("SELECT inet_server_addr() IS NULL AS socket", []);
      expect([viaPrisma?.socket, viaDriver?.socket]).toEqual([true, true]);
      const stored = await storeInboxEvents(
        db.prisma,
        [{ platform: "console", tenantKey: "socket", eventId: "s-1", userId: "u", kind: "inbound", payload: {} }],
        new Date(),
      );
      expect(stored.map((row) => row?.eventId)).toEqual(["s-1"]);
    } finally {
      await db.close();
    }
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
    const others = "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()";
    await admin.query(`SELECT pg_terminate_backend(pid) ${others}`);
    // Termination is asynchronous: wait until the server has really closed them, not a fixed while.
    await expect.poll(async () => (await admin.query(`SELECT count(*)::int AS n ${others}`)).rows[0].n, { timeout: 10_000 }).toBe(0);
    await admin.end();
    expect(await db.prisma.tenant.count()).toBe(0);
    await db.close();
    await scratch.drop();
  });

  it("gives back a connection the server terminated inside a transaction, so the pool keeps serving and closes", async () => {
    const scratch = await createScratchDatabase("tx_dropped");
    const db = await openDatabase({ kind: "postgres", url: scratch.url, poolSize: 2 });
    const admin = new pg.Client({ connectionString: scratch.url });
    await admin.connect();
    // Three times the pool's size: a connection kept after its ROLLBACK failed would use it up.
    for (let round = 0; round < 6; round++) {
      const lost = db.prisma.$transaction(async (tx) => {
        const [backend] = await tx.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`;
        const pid = backend!.pid;
        await admin.query("SELECT pg_terminate_backend($1)", [pid]);
        await expect.poll(async () => (await admin.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = $1", [pid])).rows[0].n).toBe(0);
        await tx.$queryRaw`SELECT 1`;
      });
      await expect(lost).rejects.toThrow(/connection|terminat|closed/i);
    }
    await admin.end();
    // Bounded only so that a lost connection fails here with a reason instead of at the test's timeout.
    const bounded = <T>(work: Promise<T>, what: string) =>
      Promise.race([work, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} never finished`)), 10_000).unref())]);
    expect(
      await bounded(
        db.prisma.$transaction((tx) => tx.tenant.count()),
        "a transaction after the losses",
      ),
    ).toBe(0);
    expect(await bounded(db.prisma.tenant.count(), "a query after the losses")).toBe(0);
    await bounded(db.close(), "db.close()");
    await scratch.drop();
  });
});
