// A malformed journey or flows folder stops `coach rehearse` with exit code 2 and file:line.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseDuration } from "../../src/rehearsal/journey.js";
import { rehearse, rehearseFile } from "../support/rehearse.js";

const dir = mkdtempSync(path.join(tmpdir(), "coach-journeys-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("journey files", () => {
  it.each([
    ["an unknown top-level key", "start: 2027-01-04T08:00:00Z\ntimezone: UTC\ncoach_tz: UTC\n", 3, /coach_tz: Unrecognized key/],
    ["an unknown step key", "start: 2027-01-04T08:00:00Z\nsteps:\n  - client: hi\n  - clinet: Sam\n", 4, /steps\[1\]\.clinet: Unrecognized key/],
    [
      "two keys in one step",
      "start: 2027-01-04T08:00:00Z\nsteps:\n  - client: hi\n    wait: 1d\n",
      3,
      /steps\[0\]: a step has exactly one of client:, coach: or wait:/,
    ],
    [
      "a bad duration",
      "start: 2027-01-04T08:00:00Z\nsteps:\n  - client: hi\n  - wait: 3 days\n",
      4,
      /steps\[1\]\.wait: must be a duration such as 30m, 2h, 1d12h or 1w/,
    ],
    ["a missing start", "timezone: Europe/London\nsteps:\n  - client: hi\n", 1, /start: is required/],
    ["a start without its offset", "start: 2027-01-04 08:00\n", 1, /start: must be an instant with its offset/],
    ["an unknown time zone", "start: 2027-01-04T08:00:00Z\ntimezone: Mars/Olympus\n", 2, /timezone: must be a time zone/],
    [
      "a coach step that is not a coach command",
      "start: 2027-01-04T08:00:00Z\nsteps:\n  - coach: hello Sam\n",
      3,
      /steps\[0\]\.coach: must be a coach command starting with "\/coach"/,
    ],
    ["a bad check-in time", 'start: 2027-01-04T08:00:00Z\ncheckin: { weekday: 8, time: "9am" }\n', 2, /checkin\.weekday: /],
    ["invalid YAML", "start: 2027-01-04T08:00:00Z\nsteps:\n  - client: [unclosed\n", 4, /Flow sequence/],
  ])("rejects %s with exit code 2 and file:line", async (_name, yaml, line, reason) => {
    const file = path.join(dir, `journey-${line}.yaml`);
    writeFileSync(file, yaml);
    const run = await rehearseFile(file);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr.startsWith(`${file}:${line}: `)).toBe(true);
    expect(run.stderr).toMatch(reason);
  });

  it("rejects a missing journey file", async () => {
    const run = await rehearseFile(path.join(dir, "nowhere.yaml"));
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`${path.join(dir, "nowhere.yaml")}:0: file is missing or unreadable\n`);
  });

  it("rejects a flows folder that is missing or broken, naming the file and line", async () => {
    const journey = "start: 2027-01-04T08:00:00Z\n";
    const missing = await rehearse(journey, { flows: path.join(dir, "no-flows") });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe("no-flows/domains.yaml:0: file is missing or unreadable\n");

    const broken = path.join(dir, "flows");
    cpSync(path.resolve("flows"), broken, { recursive: true });
    // A coach's typo in an edited flow file.
    writeFileSync(path.join(broken, "domains.yaml"), readFileSync(path.join(broken, "domains.yaml"), "utf8").replace(/^domains:/m, "domain:"));
    const run = await rehearse(journey, { flows: broken });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^flows\/domains\.yaml:\d+: /);
    expect(run.stdout).toBe("");
  });

  it("reads durations in minutes, hours, days, weeks and their combinations", () => {
    expect(parseDuration("30m")).toBe(30 * 60_000);
    expect(parseDuration("1d12h")).toBe(36 * 3_600_000);
    expect(parseDuration("2w3d4h5m")).toBe(((17 * 24 + 4) * 60 + 5) * 60_000);
    for (const bad of ["", "0m", "1.5h", "3 days", "h", "1h1d"]) expect(parseDuration(bad)).toBeNull();
  });
});
