// The README's commands table is the registry's: a command added to the registry shows up there.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { commandsTable } from "../../src/interactions/index.js";

describe("README", () => {
  it("lists exactly the registry's commands", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const table = /<!-- commands:start -->\n([\s\S]*?)\n<!-- commands:end -->/.exec(readme)?.[1];
    expect(table).toBe(commandsTable());
  });
});
