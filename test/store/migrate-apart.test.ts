// An embedded database is created and upgraded in a short-lived child process (PGlite's memory
// never shrinks, so the bot would otherwise carry that work's memory for its whole life). What
// matters to an operator: a new folder and an upgraded one both open with every migration, the
// data from before the upgrade is kept, and a migration that fails says which and why and leaves
// the folder free to try again.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterEach, expect, it } from "vitest";
import { openDatabase, SCHEMA_MARK_FILE } from "../../src/store/database.js";
import { applyMigrations, migrationsFingerprint, readMigrations } from "../../src/store/migrations.js";
import { freePort, startBot, until } from "../support/bot-process.js";

const folders: string[] = [];
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function folder(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "coach-migrate-"));
  folders.push(dir);
  return dir;
}

const migrations = readMigrations();
// The upgrade brings the migration that records who ran each coaching session, and any after it.
const upgrade = migrations.findIndex((m) => m.name.endsWith("_session_coach"));

/** A data folder as an earlier release left it, with a client. */
async function folderBeforeUpgrade(): Promise<string> {
  const dir = folder();
  const old = new PGlite(path.join(dir, "pgdata"));
  const session = {
    exec: async (sql: string) => void (await old.exec(sql)),
    query: async <T>(sql: string, params?: unknown[]) => (await old.query<T>(sql, params)).rows,
  };
  await applyMigrations(session, migrations.slice(0, upgrade));
  await old.exec(`
    INSERT INTO "Tenant" (id, platform, "externalId", name) VALUES ('t', 'console', 'local', 'Console');
    INSERT INTO "Client" (id, "tenantId", "platformUserId") VALUES ('ann', 't', 'ann');
  `);
  await old.close();
  return dir;
}

async function appliedIn(dataDir: string): Promise<string[]> {
  const db = await openDatabase({ kind: "pglite", dataDir });
  try {
    const rows = await db.prisma.$queryRawUnsafe<{ migration_name: string }[]>(
      `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL ORDER BY migration_name`,
    );
    return rows.map((r) => r.migration_name);
  } finally {
    await db.close();
  }
}

it("a new folder opens with every migration applied", async () => {
  expect(await appliedIn(folder())).toEqual(migrations.map((m) => m.name));
}, 300_000);

it("an upgrade applies the migrations it brings and keeps the data from before", async () => {
  const dir = await folderBeforeUpgrade();
  expect(await appliedIn(dir)).toEqual(migrations.map((m) => m.name));
  const db = await openDatabase({ kind: "pglite", dataDir: dir });
  try {
    expect(await db.prisma.client.findMany({ select: { id: true } })).toEqual([{ id: "ann" }]);
  } finally {
    await db.close();
  }
}, 300_000);

it("a migration that fails is named with the database's reason, and the folder can be opened again", async () => {
  const dir = await folderBeforeUpgrade();
  // Something in the way of the upgrade's first migration, as a hand-made change to the database would be.
  const blocked = new PGlite(path.join(dir, "pgdata"));
  await blocked.exec(`ALTER TABLE "CoachingSession" ADD COLUMN "coachId" INTEGER`);
  await blocked.close();
  await expect(openDatabase({ kind: "pglite", dataDir: dir })).rejects.toThrow(
    `Migration ${migrations[upgrade]!.name} failed: column "coachId" of relation "CoachingSession" already exists`,
  );

  const fixed = new PGlite(path.join(dir, "pgdata"));
  await fixed.exec(`ALTER TABLE "CoachingSession" DROP COLUMN "coachId"`);
  await fixed.close();
  expect(await appliedIn(dir)).toEqual(migrations.map((m) => m.name));
}, 300_000);

it("a folder whose mark claims the newest migrations but lacks some is still caught up when it opens", async () => {
  const dir = await folderBeforeUpgrade();
  writeFileSync(path.join(dir, SCHEMA_MARK_FILE), `${migrationsFingerprint(migrations)}\n`);
  expect(await appliedIn(dir)).toEqual(migrations.map((m) => m.name));
  expect(readFileSync(path.join(dir, SCHEMA_MARK_FILE), "utf8").trim()).toBe(migrationsFingerprint(migrations));
}, 300_000);

/** The built bot in a process group of its own, as a terminal or a service manager starts it. */
async function firstStartInItsOwnGroup(dataDir: string) {
  const bot = spawn(process.execPath, [path.resolve("dist/main.js")], {
    env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "warn", DATA_DIR: dataDir, CONSOLE_CHAT: "on", PORT: String(await freePort()), HOST: "127.0.0.1" },
    stdio: ["pipe", "pipe", "pipe"],
    detached: true,
  });
  let stderr = "";
  bot.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => bot.once("exit", (code) => resolve(code)));
  // The setup process is at work once its folder appears beside the final one.
  await until(
    async () => existsSync(path.join(dataDir, "pgdata.new")),
    () => `the setup folder; bot stderr: ${stderr}`,
  );
  return { group: -bot.pid!, exited, stderr: () => stderr };
}

async function opensForAChat(dataDir: string): Promise<void> {
  const bot = startBot({ DATA_DIR: dataDir, CONSOLE_CHAT: "on", PORT: String(await freePort()), HOST: "127.0.0.1" });
  try {
    bot.write("hi");
    await bot.waitFor(/What name would you like me to use\?/);
  } finally {
    bot.child.kill("SIGKILL");
    await bot.exited;
  }
}

it("a first start killed with its whole process group (kill -9) mid-setup leaves no half-made database", async () => {
  const dir = folder();
  const bot = await firstStartInItsOwnGroup(dir);
  process.kill(bot.group, "SIGKILL");
  await bot.exited;
  expect(existsSync(path.join(dir, "pgdata"))).toBe(false);
  await opensForAChat(dir);
}, 300_000);

it("Ctrl-C during a first start lets the setup finish, ends the bot with 0, and the folder opens next time", async () => {
  const dir = folder();
  const bot = await firstStartInItsOwnGroup(dir);
  process.kill(bot.group, "SIGINT");
  expect(await bot.exited).toBe(0);
  expect(bot.stderr()).not.toMatch(/error/i);
  expect(existsSync(path.join(dir, "pgdata", "PG_VERSION"))).toBe(true);
  await opensForAChat(dir);
}, 300_000);
