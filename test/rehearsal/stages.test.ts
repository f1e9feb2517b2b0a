// Stages over time, rehearsed with `coach rehearse`: forward on evidence to maintenance over 30
// weeks, and a lapse, a relapse and re-staging. The stage each week is what the client's own
// /status says after that week's check-in.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { JOURNEYS, type Rehearsal, rehearseFile } from "../support/rehearse.js";

/** Each /status reply: the day it was shown, and "stage (since date)" for exercise. */
function statuses(run: Rehearsal): Array<[string, string]> {
  return run.messages
    .filter((m) => m.who === "bot>client" && m.text.startsWith("Where you are"))
    .map((m) => [m.at.slice(0, 10), /Exercise: (.*)$/m.exec(m.text)![1]!]);
}

const said = (run: Rehearsal, who: string, pattern: RegExp) => run.messages.filter((m) => m.who === who && pattern.test(m.text)).map((m) => m.at);

describe("coach rehearse: stages over time", () => {
  it("takes a preparation client to action on three confirmed weeks, and to maintenance six months after they started", { timeout: 900_000 }, async () => {
    const run = await rehearseFile(path.join(JOURNEYS, "onboarding-to-maintenance.yaml"));
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const week = (n: number) => new Date(Date.parse("2027-01-04T00:00:00Z") + n * 7 * 86_400_000).toISOString().slice(0, 10);
    const expected: Array<[string, string]> = [[week(0), "getting ready (since 2027-01-04)"]];
    for (let n = 1; n <= 30; n++) {
      if (n < 3) expected.push([week(n), "getting ready (since 2027-01-04)"]);
      else if (n < 26) expected.push([week(n), "taking action (since 2027-01-25)"]);
      else expected.push([week(n), "keeping it going (since 2027-07-05)"]);
    }
    expect(statuses(run)).toEqual(expected);
    // Asked once, after the third week at 100%; maintenance is announced once, in week 26.
    expect(said(run, "bot>client", /weeks in a row\. Honestly, would you say you now/)).toEqual(["2027-01-25T10:06Z"]);
    expect(said(run, "bot>client", /^It's six months since you started with exercise, Alex/)).toEqual(["2027-07-05T10:07Z"]);
  });

  it("keeps the stage on a lapse, re-stages on a relapse without the old plan, and re-stages on request by the coach and the client", {
    timeout: 600_000,
  }, async () => {
    const run = await rehearseFile(path.join(JOURNEYS, "lapse-relapse-restage.yaml"));
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(statuses(run)).toEqual([
      ["2027-01-04", "taking action (since 2027-01-04)"],
      ["2027-01-11", "taking action (since 2027-01-04)"],
      // "I've stopped for now" at 60%: a lapse; the stage and its date stay.
      ["2027-01-18", "taking action (since 2027-01-04)"],
      // The first report of stopping (0%): still a lapse.
      ["2027-01-25", "taking action (since 2027-01-04)"],
      // The second: a relapse; "in the next 6 months" is contemplation.
      ["2027-02-01", "thinking about it (since 2027-02-01)"],
      // A first step taken.
      ["2027-02-08", "getting ready (since 2027-02-08)"],
      // The coach re-stages to action; then Jo re-stages to preparation.
      ["2027-02-09", "taking action (since 2027-02-09)"],
      ["2027-02-10", "getting ready (since 2027-02-10)"],
    ]);
    expect(said(run, "bot>client", /^A week like this is part of changing any habit/)).toEqual(["2027-01-18T10:07Z", "2027-01-25T10:07Z"]);

    // The relapse week: from the check-in straight to the question about restarting; the check-in's
    // goodbye ends the exchange, after the thinking goal Jo sets next.
    const restart = run.messages.findIndex((m) => /stepping back happens/.test(m.text));
    expect(run.messages[restart - 1]).toMatchObject({ who: "client", text: "keep" });
    const goodbye = run.messages.findIndex((m) => /^Thank you, Jo\. Your check-in is saved/.test(m.text));
    expect(run.messages[goodbye - 1]!.text).toMatch(/^Your goal for this week: Talk with someone who has made a similar change/);
    expect(run.messages.filter((m) => m.at.startsWith("2027-02-01") && /^Here is your plan/.test(m.text))).toEqual([]);
    // Its behavioral goal no longer fits: set aside, and Jo is told.
    expect(run.messages[restart + 2]!.text).toMatch(/I've set these goals aside for the moment: "walk 30 minutes on Monday, Wednesday and Friday this week"/);
    expect(said(run, "bot>coach", /^Jo has stepped back from exercise \(was action\)\. They now stand at: thinking about it\./)).toEqual(["2027-02-01T10:08Z"]);

    expect(said(run, "bot>client", /^Jo, your coach has updated where you stand with exercise: taking action\./)).toEqual(["2027-02-09T10:00Z"]);
    expect(said(run, "bot>coach", /is now at taking action\. I've told them, and kept your reason/)).toEqual(["2027-02-09T10:00Z"]);
    expect(said(run, "bot>client", /^Thanks, Jo\. For exercise you're now at: getting ready\./)).toEqual(["2027-02-10T10:02Z"]);
  });
});
