// The embedded database's daily housekeeping: PGlite runs PostgreSQL without autovacuum, so the bot
// vacuums it and refreshes the planner's statistics itself; PostgreSQL's own autovacuum needs no help.
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Database, openDatabase } from "../../src/store/database.js";
import { seedClients } from "../support/bulk.js";
import { catalog } from "../support/harness.js";
import { createScratchDatabase, describePostgres } from "../support/postgres.js";

let db: Database;
beforeAll(async () => {
  db = await openDatabase({ kind: "pglite", dataDir: "memory" });
}, 60_000);
afterAll(async () => db?.close());

const clientStatistics = async (prisma: Database["prisma"]) =>
  (await prisma.$queryRawUnsafe<{ rows: number }[]>(`SELECT reltuples::int AS rows FROM pg_class WHERE relname = 'Client'`))[0]!.rows;

it("vacuums the embedded database and brings its statistics up to date, leaving its settings as they were", async () => {
  const { clientIds } = await seedClients(db.prisma, catalog, { count: 40, due: 10, dueAt: new Date("2026-11-30T09:00:00Z") });
  // Rows updated leave dead versions behind; nothing in PGlite would ever reclaim them.
  await db.prisma.client.updateMany({ where: { id: { in: clientIds } }, data: { name: "renamed" } });
  const before = await clientStatistics(db.prisma);
  const workMem = await db.prisma.$queryRawUnsafe<{ maintenance_work_mem: string }[]>("SHOW maintenance_work_mem");

  await db.maintain!();

  expect(before).toBeLessThan(40);
  expect(await clientStatistics(db.prisma)).toBe(40);
  expect(await db.prisma.$queryRawUnsafe("SHOW maintenance_work_mem")).toEqual(workMem);
  expect(await db.prisma.client.count({ where: { name: "renamed" } })).toBe(40);
});

describePostgres("PostgreSQL", () => {
  it("leaves housekeeping to PostgreSQL's autovacuum", async () => {
    const scratch = await createScratchDatabase("maintenance");
    const postgres = await openDatabase({ kind: "postgres", url: scratch.url, poolSize: 1 });
    try {
      expect(postgres.maintain).toBeUndefined();
    } finally {
      await postgres.close();
      await scratch.drop();
    }
  }, 60_000);
});
