// A precontemplation client who declines and is still coached, rehearsed over five weeks through
// `coach rehearse` (test/journeys/precontemplation.yaml).
import path from "node:path";
import { describe, expect, it } from "vitest";
import { JOURNEYS, rehearseFile } from "../support/rehearse.js";

describe("coach rehearse: precontemplation", () => {
  it("declining is respected, 'I can't' gets its own words, and the weekly coaching carries on", { timeout: 240_000 }, async () => {
    const run = await rehearseFile(path.join(JOURNEYS, "precontemplation.yaml"));
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const toClient = run.messages.filter((m) => m.who === "bot>client");
    const first = (pattern: RegExp) => toClient.filter((m) => pattern.test(m.text)).map((m) => m.at);
    const everything = toClient.map((m) => m.text).join("\n");

    // Importance 9 without a plan to change: "I can't", never "not something you plan to change".
    expect(first(/Working on exercise matters to you, and right now changing it feels out of reach/)).toEqual(["2027-01-04T08:07Z"]);
    expect(everything).not.toMatch(/isn't something you (plan|want) to change/);
    // "I don't want to set a goal" closes the goal menu at once: no loop, no re-ask.
    expect(first(/no goal this week, and that's entirely your choice/)).toEqual(["2027-01-04T08:08Z"]);
    expect(first(/Which of these would you like to try\?/)).toEqual(["2027-01-04T08:07Z", "2027-01-25T09:11Z"]);
    expect(everything).not.toMatch(/\{\w+\}|can't skip it|a rough answer is fine/);
    // Still coached: a check-in each Monday that asks what Pat noticed, never how much was achieved.
    expect(first(/^Hi Pat, good to see you/)).toEqual(["2027-01-11T09:00Z", "2027-01-18T09:00Z", "2027-01-25T09:00Z", "2027-02-01T09:00Z"]);
    expect(first(/^No goals this week, and that's fine\. Did you notice anything about exercise/)).toHaveLength(4);
    expect(everything).not.toMatch(/how much of what you hoped|\(0-100%\)|make the goal a little smaller/);
    // Back at the goal menu in week 3, "I can't" is met with barriers and a small look, not a push.
    expect(first(/When a change feels out of reach, it helps to look at the obstacles/)).toEqual(["2027-01-25T09:12Z"]);
    // The week-4 review looks back truthfully, quotes no vision, invites one, and takes "not now".
    expect(first(/^It's been 4 weeks since we started, Pat/)).toEqual(["2027-01-31T09:00Z"]);
    expect(everything).not.toMatch(/no vision written yet|picture you described|three-month goals so far/);
    expect(first(/Whenever you'd like to picture where you're heading, type \/vision/)).toEqual(["2027-01-31T09:11Z"]);
    // The coach sees Pat stay in precontemplation: no lapse, no re-staging.
    const toCoach = run.messages
      .filter((m) => m.who === "bot>coach")
      .map((m) => m.text)
      .join("\n");
    expect(toCoach).toMatch(/Pat, Exercise: new -> precontemplation/);
    expect(toCoach).not.toMatch(/lapse|relapse|stepped back/);
  });
});
