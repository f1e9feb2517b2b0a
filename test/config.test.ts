import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, loadDotEnv, publicUrl } from "../src/config.js";

describe("configuration", () => {
  it("runs with no configuration at all: embedded database in ./data, console chat", () => {
    const config = loadConfig({});
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config).toMatchObject({ DATA_DIR: "./data", PORT: 3000, CONSOLE_CHAT: "auto", LOG_LEVEL: "info" });
  });

  it("names the dashboard's public address, localhost on PORT by default", () => {
    expect(publicUrl(loadConfig({ PORT: "8080" }))).toBe("http://localhost:8080");
    expect(publicUrl(loadConfig({ PUBLIC_URL: "https://coach.example.org/" }))).toBe("https://coach.example.org");
  });

  it("accepts a PostgreSQL URL", () => {
    expect(loadConfig({ DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/coach" }).DATABASE_URL).toContain("postgresql://");
  });

  it("accepts a PostgreSQL URL naming the server's Unix socket folder, as libpq writes it", () => {
    const url = "postgresql:///coach?host=/var/run/postgresql&user=postgres";
    expect(loadConfig({ DATABASE_URL: url }).DATABASE_URL).toBe(url);
  });

  it.each([
    [{ DATABASE_URL: "mysql://x@y/z" }, /DATABASE_URL must be a postgres/],
    [{ DATABASE_URL: "not a url" }, /DATABASE_URL must be a postgres/],
    [{ DATABASE_URL: "postgresql:///coach" }, /DATABASE_URL must be a postgres/],
    [{ PORT: "abc" }, /PORT must be a whole number from 0 to 65535 \(got "abc"\)/],
    [{ PORT: "70000" }, /PORT must be a whole number/],
    [{ LOG_LEVEL: "loud" }, /LOG_LEVEL must be one of/],
    [{ CONSOLE_CHAT: "maybe" }, /CONSOLE_CHAT must be auto, on or off/],
    [{ PUBLIC_URL: "coach.example.org" }, /PUBLIC_URL must be an http\(s\) address without a path/],
    [{ PUBLIC_URL: "https://example.org/coach" }, /PUBLIC_URL must be an http\(s\) address without a path/],
  ])("rejects %j with one line naming the variable", (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it("never echoes a secret value back", () => {
    try {
      loadConfig({ DATABASE_URL: "mysql://user:hunter2@db/x" });
    } catch (error) {
      expect((error as Error).message).not.toContain("hunter2");
    }
  });
});

describe(".env", () => {
  const folder = () => mkdtempSync(path.join(tmpdir(), "coach-env-"));

  it("fills variables the environment does not set, and never replaces one it does", () => {
    const dir = folder();
    writeFileSync(path.join(dir, ".env"), '# comment\nPORT=4100\nLOG_LEVEL=debug\nCOACH_USER_IDS="U1,U2"\nEMPTY=\n');
    const env: NodeJS.ProcessEnv = { LOG_LEVEL: "warn" };
    expect(loadDotEnv(path.join(dir, ".env"), env).sort()).toEqual(["COACH_USER_IDS", "EMPTY", "PORT"]);
    expect(loadConfig(env)).toMatchObject({ PORT: 4100, LOG_LEVEL: "warn", COACH_USER_IDS: ["U1", "U2"] });
    rmSync(dir, { recursive: true, force: true });
  });

  it("is optional", () => {
    const env: NodeJS.ProcessEnv = {};
    expect(loadDotEnv(path.join(folder(), ".env"), env)).toEqual([]);
    expect(env).toEqual({});
  });

  it("is read by `npm start` from the working folder, the real environment winning", () => {
    const dir = folder();
    writeFileSync(path.join(dir, ".env"), "DATA_DIR=./from-dotenv\nPORT=eighty\n");
    const run = (env: Record<string, string>) =>
      spawnSync(process.execPath, [path.resolve("dist/main.js")], {
        cwd: dir,
        input: "",
        encoding: "utf8",
        timeout: 200_000,
        env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "warn", ...env },
      });
    const fromFile = run({});
    expect(fromFile.status).toBe(2);
    expect(fromFile.stderr.trim()).toMatch(/^Configuration error: PORT must be a whole number.*\(got "eighty"\)/);
    const realWins = run({ PORT: "4101" });
    expect(realWins.status, realWins.stderr).toBe(0);
    expect(realWins.stdout).toContain(`embedded PGlite at ${path.join(dir, "from-dotenv")}`);
    rmSync(dir, { recursive: true, force: true });
  }, 240_000);
});
