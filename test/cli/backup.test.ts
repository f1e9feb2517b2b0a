// `coach backup` and `coach restore` as an operator runs them: a round trip from one embedded data
// folder into a new one, the clients found again; a restore over live data is refused.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/program.js";
import { openDatabase } from "../../src/store/database.js";
import { createHarness, onboard } from "../support/harness.js";

const scratch = mkdtempSync(path.join(tmpdir(), "coach-cli-backup-"));
const original = path.join(scratch, "original");
const restored = path.join(scratch, "restored");
const file = path.join(scratch, "coach-backup.jsonl");
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function coach(dataDir: string, ...args: string[]) {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = "";
  let stderr = "";
  out.on("data", (c: Buffer) => {
    stdout += c.toString();
  });
  err.on("data", (c: Buffer) => {
    stderr += c.toString();
  });
  const code = await runCli(args, { out, err, env: { DATA_DIR: dataDir, LOG_LEVEL: "warn" } });
  return { code, stdout, stderr };
}

beforeAll(async () => {
  const db = await openDatabase({ kind: "pglite", dataDir: original });
  const h = await createHarness(db);
  await onboard(h, "U-sam", "Sam");
  await db.close();
}, 300_000);

describe("coach backup and coach restore", { timeout: 300_000 }, () => {
  it("copies every client into an empty data folder, and refuses to restore over one that has data", async () => {
    const saved = await coach(original, "backup", file);
    expect(saved.stderr).toBe("");
    expect(saved.code).toBe(0);
    expect(saved.stdout).toMatch(/^backed up to .*coach-backup\.jsonl: \d+ rows in \d+ tables/);
    expect(saved.stdout).toMatch(/^ {2}Client: 1$/m);

    const loaded = await coach(restored, "restore", file);
    expect(loaded.code).toBe(0);
    expect(loaded.stdout).toMatch(/^restored from .*: \d+ rows/);
    const listed = await coach(restored, "clients");
    expect(listed.stdout).toMatch(/Sam/);

    const again = await coach(restored, "restore", file);
    expect(again.code).toBe(2);
    expect(again.stderr).not.toMatch(/\n.*at /);
  });

  it("names a missing backup file in one line, exit 2", async () => {
    const missing = await coach(restored, "restore", path.join(scratch, "nope.jsonl"));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`no backup file at ${path.join(scratch, "nope.jsonl")}\n`);
  });
});
