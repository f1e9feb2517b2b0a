// The `coach` command line: help for every command, usage errors exit 2 with one clear line,
// and `coach clients` finds the ids `coach report` needs.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/program.js";
import { openDatabase } from "../../src/store/database.js";
import { createHarness, onboard } from "../support/harness.js";

const dataDir = mkdtempSync(path.join(tmpdir(), "coach-cli-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function coach(...args: string[]) {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = "";
  let stderr = "";
  out.on("data", (c: Buffer) => (stdout += c.toString()));
  err.on("data", (c: Buffer) => (stderr += c.toString()));
  const code = await runCli(args, { out, err, env: { DATA_DIR: dataDir, LOG_LEVEL: "warn" } });
  return { code, stdout, stderr };
}

let samId = "";
beforeAll(async () => {
  const db = await openDatabase({ kind: "pglite", dataDir });
  const h = await createHarness(db);
  await onboard(h, "U-sam", "Sam");
  samId = (await db.prisma.client.findFirstOrThrow({ where: { platformUserId: "U-sam" } })).id;
  await db.close();
  // Onboarding takes ~40 engine events on the embedded database: slow on a loaded 2-core machine.
}, 300_000);

describe("coach CLI", () => {
  it("lists its commands, and each command has its own --help", async () => {
    const top = await coach("--help");
    expect(top.code).toBe(0);
    for (const command of ["tick", "report", "export", "clients", "rehearse"]) expect(top.stdout).toMatch(new RegExp(`^  ${command}\\b`, "m"));
    for (const command of ["tick", "report", "export", "clients", "rehearse"]) {
      const help = await coach(command, "--help");
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`^Usage: coach ${command}`));
    }
    expect((await coach()).stdout).toMatch(/^Usage: coach /);
  });

  it("documents the journey format in rehearse --help", async () => {
    const { stdout } = await coach("rehearse", "--help");
    for (const part of [
      "start:",
      "timezone:",
      "coach_timezone:",
      "checkin:",
      "digest:",
      "- client:",
      "- coach:",
      "- wait:",
      "1d12h",
      "YYYY-MM-DDTHH:MMZ",
      "bot>client",
      "[attachment: name]",
      "Exit codes",
    ]) {
      expect(stdout).toContain(part);
    }
  });

  it.each([
    [["frobnicate"], /unknown command 'frobnicate'/],
    [["tick", "--later"], /unknown option '--later'/],
    [["report", "--out", "x.png"], /required option '--client <id>' not specified/],
    [["rehearse"], /missing required argument 'journey.yaml'/],
  ])("%j prints the problem and usage, exit code 2", async (args, message) => {
    const run = await coach(...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toMatch(/Usage: coach/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    [["tick", "--now", "yesterday"], '--now must be an ISO-8601 instant such as 2026-11-30T09:00:00Z (got "yesterday")'],
    [["report", "--client", "x", "--out", "x.png", "--weeks", "zero"], '--weeks must be a whole number of weeks from 1 to 104 (got "zero")'],
  ])("%j explains the bad value in one line, exit code 2", async (args, message) => {
    expect(await coach(...args)).toMatchObject({ code: 2, stdout: "", stderr: `${message}\n` });
  });

  it("lists clients with id, name, platform, tenant, coach and stage per area", async () => {
    const run = await coach("clients");
    expect(run.code).toBe(0);
    const [header, row, ...rest] = run.stdout.trimEnd().split("\n");
    expect(header).toMatch(/^id +name +platform +tenant +coach +stage per area$/);
    expect(rest).toEqual([]);
    expect(row).toMatch(
      new RegExp(`^${samId} +Sam +console +Console +- +exercise preparation, nutrition contemplation, sleep precontemplation, stress action$`),
    );
  });

  it("refuses an unknown client id or an output folder that does not exist, in one line", async () => {
    const unknown = await coach("report", "--client", "no-such-id", "--out", path.join(dataDir, "x.png"));
    expect(unknown).toMatchObject({ code: 2, stderr: "no client with id no-such-id (`coach clients` lists them)\n" });
    const noFolder = await coach("report", "--client", samId, "--out", path.join(dataDir, "missing", "x.png"));
    expect(noFolder).toMatchObject({ code: 2, stderr: `cannot write ${path.join(dataDir, "missing", "x.png")}: its folder does not exist\n` });
  });

  it("saves a client's own copy of their data, and refuses an unknown id or a missing folder in one line", async () => {
    const out = path.join(dataDir, "sam.json");
    const saved = await coach("export", "--client", samId, "--out", out);
    expect(saved).toMatchObject({ code: 0, stderr: "" });
    expect(saved.stdout).toMatch(/^wrote .*sam\.json \(\d+ bytes\)\n$/);
    const copy = JSON.parse(readFileSync(out, "utf8")) as { client: { id: string; name: string } };
    expect(copy.client).toMatchObject({ id: samId, name: "Sam" });
    expect(await coach("export", "--client", "no-such-id", "--out", out)).toMatchObject({
      code: 2,
      stderr: "no client with id no-such-id (`coach clients` lists them)\n",
    });
    const noFolder = path.join(dataDir, "missing", "sam.json");
    expect(await coach("export", "--client", samId, "--out", noFolder)).toMatchObject({
      code: 2,
      stderr: `cannot write ${noFolder}: its folder does not exist\n`,
    });
    expect((await coach("export", "--out", out)).code).toBe(2);
  });

  it("exits 2 without a stack trace as a real process", () => {
    const result = spawnSync(process.execPath, [path.resolve("dist/cli.js"), "report", "--client", samId, "--out", "x.png", "--weeks", "0"], {
      encoding: "utf8",
      timeout: 60_000,
      env: { PATH: process.env.PATH ?? "", DATA_DIR: dataDir },
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('--weeks must be a whole number of weeks from 1 to 104 (got "0")\n');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
