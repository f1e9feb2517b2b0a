// A rehearsal runs the client's own commands (/checkins, /export, /delete) through the same
// registry door as the console and the platforms, so a check-in time change can be rehearsed.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { JOURNEYS, rehearseFile } from "../support/rehearse.js";

describe("coach rehearse: the client's own commands", () => {
  it("/checkins shows and moves the weekly check-in; the next one comes at the new time", { timeout: 240_000 }, async () => {
    const run = await rehearseFile(path.join(JOURNEYS, "checkin-time-change.yaml"));
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.messages.some((m) => /I don't know the command/.test(m.text))).toBe(false);
    const shown = run.messages.findIndex((m) => m.who === "client" && m.text === "/checkins");
    expect(run.messages[shown + 1]).toMatchObject({ who: "bot>client" });
    expect(run.messages[shown + 1]!.text).toMatch(/Monday/);
    const moved = run.messages.findIndex((m) => m.who === "client" && m.text === "/checkins friday 18:00");
    expect(run.messages[moved + 1]).toMatchObject({ who: "bot>client" });
    expect(run.messages[moved + 1]!.text).toMatch(/Friday.*18:00/s);
    // Monday 2027-01-04 onboarding; the first check-in now comes on Friday 2027-01-08 at 18:00 London.
    const checkins = run.messages.filter((m) => m.who === "bot>client" && m.at.startsWith("2027-01-08T18:00Z"));
    expect(checkins.length).toBeGreaterThan(0);
  });
});
