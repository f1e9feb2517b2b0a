// One owner of the embedded database: PGlite does nothing to stop a second process opening its
// folder (both "work", writes are lost, the folder can end up unopenable). Real processes here.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/store/database.js";
import { DatabaseBusyError, LOCK_FILE, lockFolder } from "../../src/store/folder-lock.js";
import { type RunningProcess, runCli, startBot } from "../support/bot-process.js";

const ONBOARDING_REST = ["3", "yes", "6_or_more", "9", "skip", "9", "skip", "/status"];
const folders: string[] = [];
const running: RunningProcess[] = [];
afterEach(async () => {
  for (const p of running.splice(0)) {
    if (p.child.exitCode !== null || p.child.signalCode !== null) continue;
    p.child.kill("SIGKILL");
    await p.exited;
  }
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function folder(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "coach-owner-"));
  folders.push(dir);
  return dir;
}

function bot(dataDir: string): RunningProcess {
  const p = startBot({ DATA_DIR: dataDir });
  running.push(p);
  return p;
}

function listing(dir: string): string[] {
  return readdirSync(dir, { recursive: true }).map(String).sort();
}

describe("one process owns the embedded database folder", () => {
  it("a second bot on the same folder stops with one line naming the folder and the holder; the first keeps working and loses nothing", async () => {
    const dataDir = folder();
    const first = bot(dataDir);
    await first.waitFor(/What name would you like me to use\?/);
    first.write("Sam");
    await first.waitFor(/you> Sam\n\ncoach> /);

    const before = { files: listing(dataDir), lock: readFileSync(path.join(dataDir, LOCK_FILE), "utf8") };
    const second = bot(dataDir);
    second.write("Alex");
    expect(await second.exited).toBe(2);
    const lines = second.stderr().trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`The data folder ${path.resolve(dataDir)} is in use by process ${first.child.pid} on ${hostname()}`);
    expect(second.stdout()).toBe("");
    // The second process changed nothing in the folder.
    expect(listing(dataDir)).toEqual(before.files);
    expect(readFileSync(path.join(dataDir, LOCK_FILE), "utf8")).toBe(before.lock);

    for (const line of ONBOARDING_REST) first.write(line);
    first.child.stdin!.end();
    expect(await first.exited).toBe(0);
    expect(first.stdout()).toMatch(/Stress: keeping it going/);
    expect(existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);

    // Every line the first bot was given is stored, and nothing from the second.
    const db = await openDatabase({ kind: "pglite", dataDir });
    try {
      const clients = await db.prisma.client.findMany({ select: { name: true } });
      expect(clients).toEqual([{ name: "Sam" }]);
      const events = await db.prisma.processedEvent.count({ where: { eventId: { startsWith: "console:" } } });
      expect(events).toBe(2 + ONBOARDING_REST.length);
    } finally {
      await db.close();
    }
  }, 400_000);

  it("`coach tick` and `coach report` beside a running bot stop with the line and exit 2; the bot goes on", async () => {
    const dataDir = folder();
    const running = bot(dataDir);
    await running.waitFor(/What name would you like me to use\?/);
    for (const args of [
      ["tick", "--now", "2030-01-07T09:00:00Z"],
      ["report", "--client", "x", "--out", path.join(dataDir, "x.png")],
    ]) {
      const cli = runCli(args, { DATA_DIR: dataDir });
      expect(await cli.exited).toBe(2);
      expect(cli.stderr().trim()).toMatch(new RegExp(`^The data folder .* is in use by process ${running.child.pid} on `));
      expect(cli.stderr().trim().split("\n")).toHaveLength(1);
    }
    running.write("Sam");
    await running.waitFor(/you> Sam\n\ncoach> /);
    running.child.stdin!.end();
    expect(await running.exited).toBe(0);
    // Once the bot has stopped, the CLI opens the folder.
    const cli = runCli(["tick", "--now", "2030-01-07T09:00:00Z"], { DATA_DIR: dataDir });
    expect(await cli.exited).toBe(0);
  }, 400_000);

  it("a folder left by a bot killed with kill -9 opens at the next start", async () => {
    const dataDir = folder();
    const killed = bot(dataDir);
    await killed.waitFor(/What name would you like me to use\?/);
    for (const line of ["Sam", ...ONBOARDING_REST]) killed.write(line);
    await killed.waitFor(/Stress: keeping it going/);
    killed.child.kill("SIGKILL");
    await killed.exited;
    expect(JSON.parse(readFileSync(path.join(dataDir, LOCK_FILE), "utf8")).pid).toBe(killed.child.pid);

    const next = bot(dataDir);
    next.write("/status");
    next.child.stdin!.end();
    expect(await next.exited, next.stderr()).toBe(0);
    expect(next.stdout()).toMatch(/Welcome back, Sam/);
  }, 400_000);
});

describe("lockFolder", () => {
  const deadPid = () => {
    const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
    return Number(child.stdout);
  };
  const write = (dir: string, owner: object) => writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify(owner));

  it("takes over a lock whose process is gone, and refuses one held by a live process", () => {
    const dir = folder();
    write(dir, { pid: deadPid(), host: hostname(), startedAt: "2026-01-01T00:00:00Z" });
    const lock = lockFolder(dir);
    expect(JSON.parse(readFileSync(path.join(dir, LOCK_FILE), "utf8")).pid).toBe(process.pid);
    lock.release();
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);

    const live = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"]);
    try {
      write(dir, { pid: live.pid, host: hostname(), startedAt: "2026-01-01T00:00:00Z" });
      expect(() => lockFolder(dir)).toThrow(DatabaseBusyError);
      expect(() => lockFolder(dir)).toThrow(`in use by process ${live.pid}`);
    } finally {
      live.kill("SIGKILL");
    }
  });

  it("keeps a folder taken while the database setup its dead owner started still runs", () => {
    const dir = folder();
    const setup = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"]);
    try {
      write(dir, { pid: deadPid(), host: hostname(), startedAt: "2026-01-01T00:00:00Z", helper: { pid: setup.pid } });
      expect(() => lockFolder(dir)).toThrow(`and its database setup, process ${setup.pid},`);
    } finally {
      setup.kill("SIGKILL");
    }
    write(dir, { pid: deadPid(), host: hostname(), startedAt: "2026-01-01T00:00:00Z", helper: { pid: deadPid() } });
    lockFolder(dir).release();
  });

  it("treats a live pid whose start time differs (a reused pid) as gone", () => {
    const dir = folder();
    const parent = process.ppid;
    write(dir, { pid: parent, host: hostname(), startedAt: "2026-01-01T00:00:00Z", procStart: "1" });
    if (!existsSync(`/proc/${parent}/stat`)) return expect(() => lockFolder(dir)).toThrow(DatabaseBusyError);
    lockFolder(dir).release();
  });

  it("never takes a lock held on another machine", () => {
    const dir = folder();
    write(dir, { pid: deadPid(), host: `not-${hostname()}`, startedAt: "2026-01-01T00:00:00Z" });
    expect(() => lockFolder(dir)).toThrow(`on not-${hostname()}`);
  });

  it("a folder made before the lock existed (the database at its top) opens as it is", async () => {
    const dir = folder();
    const old = new PGlite(dir);
    await old.exec("CREATE TABLE kept (note text); INSERT INTO kept VALUES ('from before')");
    await old.close();
    const db = await openDatabase({ kind: "pglite", dataDir: dir });
    try {
      expect(await db.prisma.$queryRawUnsafe("SELECT note FROM kept")).toEqual([{ note: "from before" }]);
      expect(existsSync(path.join(dir, LOCK_FILE))).toBe(true);
      expect(existsSync(path.join(dir, "pgdata"))).toBe(false);
    } finally {
      await db.close();
    }
  }, 300_000);

  it("a second open in the same process is refused too, until the first closes", async () => {
    const dir = folder();
    const db = await openDatabase({ kind: "pglite", dataDir: dir });
    await expect(openDatabase({ kind: "pglite", dataDir: dir })).rejects.toThrow(DatabaseBusyError);
    await db.close();
    const again = await openDatabase({ kind: "pglite", dataDir: dir });
    await again.close();
  }, 300_000);
});
