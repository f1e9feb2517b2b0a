// `coach rehearse` as a real process: the same output on every run, and the operator's data
// folder untouched while the bot runs on it.
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { JOURNEYS, rehearseFile } from "../support/rehearse.js";

const cli = path.resolve("dist/cli.js");
const journey = path.join(JOURNEYS, "checkin-reminder.yaml");
const dataDir = mkdtempSync(path.join(tmpdir(), "coach-rehearse-data-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function rehearseProcess(env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [cli, "rehearse", journey], { encoding: "utf8", timeout: 240_000, env: { PATH: process.env.PATH ?? "", ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Every file under the folder with a hash of its bytes. */
function fingerprint(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const full = path.join(at, name);
      if (statSync(full).isDirectory()) walk(full);
      else files[path.relative(dir, full)] = createHash("sha256").update(readFileSync(full)).digest("hex");
    }
  };
  walk(dir);
  return files;
}

/** Resolves once `pattern` has appeared on the child's stdout. */
function waitForOutput(child: ChildProcessWithoutNullStreams, pattern: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = "";
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      if (pattern.test(seen)) {
        child.stdout.off("data", onData);
        resolve();
      }
    };
    child.stdout.on("data", onData);
    child.once("exit", (code) => reject(new Error(`the bot exited (${code}) before printing ${pattern}: ${seen}`)));
  });
}

describe("coach rehearse as a process", () => {
  it("prints the same transcript on every run: a process and an in-process run agree byte for byte", { timeout: 600_000 }, async () => {
    const spawned = rehearseProcess();
    expect(spawned.stderr).toBe("");
    expect(spawned.code).toBe(0);
    expect(spawned.stdout).toMatch(/^2027-01-12T09:00Z bot>client: A gentle nudge, Sam/m);
    const inProcess = await rehearseFile(journey);
    expect(inProcess.stdout).toBe(spawned.stdout);
  });

  it("leaves the bot's data folder byte-identical while the bot runs on it", { timeout: 600_000 }, async () => {
    // The bot, on its embedded database, with the console chat fed from a pipe that stays open.
    const bot = spawn(process.execPath, [path.resolve("dist/main.js")], {
      env: { PATH: process.env.PATH ?? "", DATA_DIR: dataDir, CONSOLE_CHAT: "on", SCHEDULER: "off", LOG_LEVEL: "warn" },
    });
    try {
      const greeted = waitForOutput(bot, /What name would you like me to use\?/);
      await greeted;
      bot.stdin.write("Sam\n");
      await waitForOutput(bot, /Which area would you like to focus on first\?/);
      const before = fingerprint(dataDir);
      expect(Object.keys(before).length).toBeGreaterThan(10);

      // The operator's own settings point at the bot's database; rehearsal must use neither.
      const run = rehearseProcess({ DATA_DIR: dataDir, DATABASE_URL: "postgresql://postgres@127.0.0.1:1/not-for-rehearsals" });
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^2027-01-04T08:00Z bot>client: /);

      expect(fingerprint(dataDir)).toEqual(before);
      expect(bot.exitCode).toBeNull();
    } finally {
      const exited = new Promise((resolve) => bot.once("exit", resolve));
      bot.stdin.end();
      await exited;
    }
  });
});
