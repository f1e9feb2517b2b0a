// The built bot as an operator runs it: `node dist/main.js` (what `npm start` runs), and the
// `coach` CLI on the same data directory.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../src/store/database.js";

// Every run below is a new Node process that opens embedded PGlite: well under a second on an idle
// machine, but tens of seconds on a busy 2-core one. So runs are asynchronous (a blocked worker
// cannot even time out), each test may take minutes, and the client is onboarded once, before
// all tests, instead of by whichever test happens to run first.
const PROCESS_MS = 240_000;

const main = path.resolve("dist/main.js");
const cli = path.resolve("dist/cli.js");
const dataDir = mkdtempSync(path.join(tmpdir(), "coach-main-"));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(script: string, args: string[], env: Record<string, string>, input = ""): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "warn", DATA_DIR: dataDir, PORT: "0", ...env },
      signal: AbortSignal.timeout(PROCESS_MS),
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.on("error", (error) => reject(new Error(`${script} ${args.join(" ")}: ${error.message}; it printed:\n${stdout}${stderr}`)));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

const start = (env: Record<string, string>, input = "") => run(main, [], env, input);
const coach = (args: string[]) => run(cli, args, {});

/** The first start: a newcomer answers the readiness questions in the console chat. */
let firstStart: Run;
beforeAll(async () => {
  firstStart = await start({}, "Sam\n3\nyes\n6_or_more\n9\nskip\n9\nskip\n/status\n");
}, PROCESS_MS);
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("npm start", { timeout: PROCESS_MS }, () => {
  it("starts on the embedded database with the console chat and a banner", () => {
    // The stage is told right after the readiness questions; the assessment follows.
    expect(firstStart.code).toBe(0);
    expect(firstStart.stdout).toMatch(/database: +embedded PGlite at .*coach-main-/);
    expect(firstStart.stdout).toMatch(/platforms: +console chat/);
    expect(firstStart.stdout).toMatch(/SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET/);
    expect(firstStart.stdout).toMatch(/DISCORD_TOKEN and DISCORD_APPLICATION_ID/);
    expect(firstStart.stdout).toMatch(/Stress: keeping it going/);
  });

  it("remembers the client on the next start", async () => {
    const again = await start({}, "/status\n");
    expect(again.stdout).toMatch(/Welcome back, Sam/);
  });

  it.each([
    [{ PORT: "eighty" }, /^Configuration error: PORT must be a whole number/],
    [{ DATABASE_URL: "postgres//oops" }, /^Configuration error: DATABASE_URL must be a postgres/],
  ])("stops with one clear line and a non-zero exit for %j", async (env, message) => {
    const stopped = await start(env);
    expect(stopped.code).not.toBe(0);
    expect(stopped.stderr.trim().split("\n")).toHaveLength(1);
    expect(stopped.stderr).toMatch(message);
  });

  it("stops with file and line when a flow file is broken", async () => {
    const stopped = await start({ FLOWS_DIR: path.join(dataDir, "no-such-flows") });
    expect(stopped.code).toBe(2);
    expect(stopped.stderr).toMatch(/^Flow file error: no-such-flows\/domains\.yaml:0: file is missing/);
  });
});

describe("coach CLI", { timeout: PROCESS_MS }, () => {
  it("tick --now runs one scheduler pass at that instant, and a repeat for the same instant claims nothing", async () => {
    // Sam (onboarded before all tests) has weekly check-ins planned on Mondays at 09:00 UTC; years
    // later, the missed weeks are each handled once (skipped as too late) up to the one due now.
    const first = await coach(["tick", "--now", "2030-01-07T09:00:00Z"]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/scheduler pass at 2030-01-07T09:00:00.000Z: \{"claimed":\d{3}/);
    const again = await coach(["tick", "--now", "2030-01-07T09:00:00Z"]);
    expect(again.stdout).toMatch(/"claimed":0/);
  });

  it("report writes a client's chart as a PNG", async () => {
    const db = await openDatabase({ kind: "pglite", dataDir });
    const client = await db.prisma.client.findFirstOrThrow({ where: { name: "Sam" } });
    await db.close();
    const out = path.join(dataDir, "sam.png");
    const result = await coach(["report", "--client", client.id, "--out", out]);
    expect(result.code).toBe(0);
    expect(existsSync(out)).toBe(true);
    expect(readFileSync(out).subarray(1, 4).toString("ascii")).toBe("PNG");
  });

  it("explains a bad --now in one line", async () => {
    const result = await coach(["tick", "--now", "next tuesday"]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toMatch(/^--now must be an ISO-8601 instant/);
  });
});
