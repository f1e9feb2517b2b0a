import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, publicUrl } from "../src/config.js";

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

  it.each([
    [{ DATABASE_URL: "mysql://x@y/z" }, /DATABASE_URL must be a postgres/],
    [{ DATABASE_URL: "not a url" }, /DATABASE_URL must be a postgres/],
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
