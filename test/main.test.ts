// The built bot as an operator runs it: `node dist/main.js` (what `npm start` runs).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../src/store/database.js";

const main = path.resolve("dist/main.js");
const dataDir = mkdtempSync(path.join(tmpdir(), "coach-main-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function start(env: Record<string, string>, input = "") {
  const result = spawnSync(process.execPath, [main], {
    input,
    encoding: "utf8",
    timeout: 60_000,
    env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "warn", DATA_DIR: dataDir, ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("npm start", () => {
  it("starts on the embedded database with the console chat and a banner", () => {
    const run = start({}, "Sam\n3\nyes\n6_or_more\n9\nskip\n9\nskip\n/status\n");
    // The stage is told right after the readiness questions; the assessment follows.
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/database: +embedded PGlite at .*coach-main-/);
    expect(run.stdout).toMatch(/platforms: +console chat/);
    expect(run.stdout).toMatch(/SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET/);
    expect(run.stdout).toMatch(/DISCORD_TOKEN and DISCORD_APPLICATION_ID/);
    expect(run.stdout).toMatch(/Stress: keeping it going/);
  });

  it("remembers the client on the next start", () => {
    const run = start({}, "/status\n");
    expect(run.stdout).toMatch(/Welcome back, Sam/);
  });

  it.each([
    [{ PORT: "eighty" }, /^Configuration error: PORT must be a whole number/],
    [{ DATABASE_URL: "postgres//oops" }, /^Configuration error: DATABASE_URL must be a postgres/],
  ])("stops with one clear line and a non-zero exit for %j", (env, message) => {
    const run = start(env);
    expect(run.code).not.toBe(0);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toMatch(message);
  });

  it("stops with file and line when a flow file is broken", () => {
    const run = start({ FLOWS_DIR: path.join(dataDir, "no-such-flows") });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^Flow file error: no-such-flows\/domains\.yaml:0: file is missing/);
  });
});

describe("coach CLI", () => {
  const cli = path.resolve("dist/cli.js");
  const run = (args: string[]) =>
    spawnSync(process.execPath, [cli, ...args], {
      encoding: "utf8",
      timeout: 60_000,
      env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "warn", DATA_DIR: dataDir },
    });

  it("tick --now runs one scheduler pass at that instant, and a repeat for the same instant claims nothing", () => {
    // Sam (staged above) has weekly check-ins planned on Mondays at 09:00 UTC; years later, the
    // missed weeks are each handled once (skipped as too late) up to the one due now.
    const first = run(["tick", "--now", "2030-01-07T09:00:00Z"]);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/scheduler pass at 2030-01-07T09:00:00.000Z: \{"claimed":\d{3}/);
    const again = run(["tick", "--now", "2030-01-07T09:00:00Z"]);
    expect(again.stdout).toMatch(/"claimed":0/);
  });

  it("report writes a client's chart as a PNG", async () => {
    const db = await openDatabase({ kind: "pglite", dataDir });
    const client = await db.prisma.client.findFirstOrThrow({ where: { name: "Sam" } });
    await db.close();
    const out = path.join(dataDir, "sam.png");
    const result = run(["report", "--client", client.id, "--out", out]);
    expect(result.status).toBe(0);
    expect(existsSync(out)).toBe(true);
    expect(readFileSync(out).subarray(1, 4).toString("ascii")).toBe("PNG");
  });

  it("explains a bad --now in one line", () => {
    const result = run(["tick", "--now", "next tuesday"]);
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toMatch(/^--now must be an ISO-8601 instant/);
  });
});
