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

const tableBytes = async (prisma: Database["prisma"]) =>
  (await prisma.$queryRawUnsafe<{ bytes: number }[]>(`SELECT pg_relation_size('"Client"')::int AS bytes`))[0]!.bytes;
const columnsWithStatistics = async (prisma: Database["prisma"]) =>
  (await prisma.$queryRawUnsafe<{ columns: number }[]>(`SELECT count(*)::int AS columns FROM pg_stats WHERE tablename = 'Client'`))[0]!.columns;

it("vacuums the embedded database, so updated rows' space is used again, and gathers the planner's statistics", async () => {
  const { clientIds } = await seedClients(db.prisma, catalog, { count: 400, due: 10, dueAt: new Date("2026-11-30T09:00:00Z") });
  // Every update leaves the old row version behind; nothing in PGlite would ever reclaim it.
  const updateEveryone = async (rounds: number) => {
    for (let round = 0; round < rounds; round++) {
      await db.prisma.client.updateMany({ where: { id: { in: clientIds } }, data: { name: `round ${round}`, status: round % 2 ? "active" : "paused" } });
    }
    return tableBytes(db.prisma);
  };
  const seeded = await tableBytes(db.prisma);
  const beforeVacuum = await updateEveryone(3);
  const workMem = await db.prisma.$queryRawUnsafe<{ maintenance_work_mem: string }[]>("SHOW maintenance_work_mem");
  expect(beforeVacuum).toBeGreaterThan(seeded * 2);
  expect(await clientStatistics(db.prisma)).toBeLessThan(400);
  expect(await columnsWithStatistics(db.prisma)).toBe(0);

  await db.maintain!();

  expect(await updateEveryone(3)).toBe(beforeVacuum);
  expect(await clientStatistics(db.prisma)).toBe(400);
  expect(await columnsWithStatistics(db.prisma)).toBeGreaterThan(5);
  expect(await db.prisma.$queryRawUnsafe("SHOW maintenance_work_mem")).toEqual(workMem);
  expect(await db.prisma.client.count({ where: { status: "paused" } })).toBe(400);
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
