// flows/team_checkin.yaml is loaded and checked like every other flow: a label too long for a
// form, or a missing reply, stops start-up with file, line and field.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_FLOWS_DIR, FlowFileError, loadCatalog } from "../../src/flows/loader.js";

function teamFlowWith(edit: (source: string) => string): { dir: string; error: FlowFileError } {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), "flows-")), "flows");
  cpSync(DEFAULT_FLOWS_DIR, dir, { recursive: true });
  const file = path.join(dir, "team_checkin.yaml");
  writeFileSync(file, edit(readFileSync(file, "utf8")));
  try {
    loadCatalog(dir);
  } catch (error) {
    if (error instanceof FlowFileError) return { dir, error };
    throw error;
  }
  throw new Error("expected the team flow to be rejected");
}

describe("the team check-in flow", () => {
  it("loads the shipped questions and wording into the catalog", () => {
    const { team } = loadCatalog();
    expect(team.form.achievement.label.length).toBeLessThanOrEqual(45);
    expect(team.post.header).toContain("{team}");
    expect(team.form.share).toMatchObject({ no: expect.any(String), yes: expect.any(String) });
  });

  it("names file, line and field of a label too long for a form", () => {
    const { dir, error } = teamFlowWith((s) => s.replace("label: Mood right now (0 to 10)", `label: Mood right now, on a scale from zero to ten (0 to 10)`));
    expect(error.file).toBe(path.join("flows", "team_checkin.yaml"));
    expect(error.field).toBe("form.mood.label");
    expect(error.message).toContain("at most 45 characters");
    expect(readFileSync(path.join(dir, "team_checkin.yaml"), "utf8").split("\n")[error.line - 1]).toContain("label: Mood right now");
  });

  it("points at the parent when a reply is missing", () => {
    const { error } = teamFlowWith((s) => s.replace(/^ {2}unknownCheckIn: .*$/m, ""));
    expect(error.message).toMatch(/^flows\/team_checkin\.yaml:\d+: replies\.unknownCheckIn: /);
  });
});
