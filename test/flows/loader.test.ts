import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_FLOWS_DIR, FlowFileError, loadCatalog } from "../../src/flows/loader.js";

function flowsWith(file: string, edit: (source: string) => string): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), "flows-")), "flows");
  cpSync(DEFAULT_FLOWS_DIR, dir, { recursive: true });
  writeFileSync(path.join(dir, file), edit(readFileSync(path.join(dir, file), "utf8")));
  return dir;
}

function loadError(dir: string): FlowFileError {
  try {
    loadCatalog(dir);
  } catch (error) {
    if (error instanceof FlowFileError) return error;
    throw error;
  }
  throw new Error("expected the catalog to be rejected");
}

describe("flow files", () => {
  it("load the shipped flows with every domain offered at onboarding", () => {
    const catalog = loadCatalog();
    const domainStep = catalog.scripts.onboarding.steps.find((s) => s.key === "domain")!;
    expect(domainStep.input).toEqual({ kind: "choice", options: catalog.domains.map((d) => ({ value: d.key, label: d.label })) });
  });

  it("name file, line and field of a wrong input kind", () => {
    const dir = flowsWith("checkin.yaml", (s) => s.replace("input: { kind: percent }", "input: { kind: percentage }"));
    const error = loadError(dir);
    expect(error.file).toBe(path.join("flows", "checkin.yaml"));
    expect(error.field).toBe("steps[2].input");
    const source = readFileSync(path.join(dir, "checkin.yaml"), "utf8").split("\n");
    expect(source[error.line - 1]).toContain("kind: percentage");
  });

  it("point at the parent when a required field is missing", () => {
    const error = loadError(flowsWith("messages.yaml", (s) => s.replace(/^help: \|-[\s\S]*?(?=^unknownCommand)/m, "")));
    expect(error.message).toMatch(/^flows\/messages\.yaml:\d+: help: /);
  });

  it("require the digest's name for every coaching challenge", () => {
    const error = loadError(flowsWith("digest.yaml", (s) => s.replace(/^ {2}disillusioned: .*\n/m, "")));
    expect(error.message).toMatch(/^flows\/digest\.yaml:\d+: challengeKinds/);
  });

  it("require an emergency-services list for every locale with crisis lines, so both name one country", () => {
    const error = loadError(flowsWith("safety.yaml", (s) => s.replace(/^emergencyResources:\n/m, "emergencyResources:\n  en-NZ:\n    - Call 111 now.\n")));
    expect(error.message).toMatch(/^flows\/safety\.yaml:\d+: resources: needs a "en-NZ" list/);
  });

  it("report YAML syntax errors with their line", () => {
    const error = loadError(flowsWith("domains.yaml", (s) => s.replace("label: Sleep", "label: [Sleep")));
    expect(error.file).toBe(path.join("flows", "domains.yaml"));
    expect(error.line).toBeGreaterThan(1);
  });

  it("reject a script whose id does not match its file", () => {
    const error = loadError(flowsWith("checkin.yaml", (s) => s.replace("id: checkin", "id: weekly")));
    expect(error.message).toMatch(/checkin\.yaml:1: id: must be "checkin"/);
  });
});
