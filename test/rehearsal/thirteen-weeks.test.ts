// Thirteen weeks of one client, rehearsed: the program's rhythm over time, in the client's
// time zone across the change to summer time.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { JOURNEYS, rehearseFile } from "../support/rehearse.js";

describe("coach rehearse: thirteen weeks", () => {
  it("check-ins, reminders, goal reviews, a session, digests and the program review fall where the program puts them", { timeout: 600_000 }, async () => {
    const run = await rehearseFile(path.join(JOURNEYS, "thirteen-weeks.yaml"));
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const sent = (who: string, pattern: RegExp) => run.messages.filter((m) => m.who === who && pattern.test(m.text.split("\n")[0]!)).map((m) => m.at);

    // Mondays 09:00 in London: 09:00Z in winter, 08:00Z from 28 March (summer time).
    const mondays = ["01-11", "01-18", "01-25", "02-01", "02-08", "02-15", "02-22", "03-01", "03-08", "03-15", "03-22"].map((d) => `2027-${d}T09:00Z`);
    expect(sent("bot>client", /^Hi Sam, good to see you/)).toEqual([
      ...mondays.slice(0, 7),
      "2027-02-23T09:00Z",
      // The week-8 review fell due with that check-in still open: queued, and the open question shown again.
      "2027-02-28T09:00Z",
      ...mondays.slice(7),
      "2027-03-29T08:00Z",
      "2027-04-05T08:00Z",
    ]);
    // Only the unanswered check-in of week 7 got its reminder, a day later.
    expect(sent("bot>client", /gentle nudge/)).toEqual(["2027-02-23T09:00Z"]);
    // Goal reviews at weeks 4, 6 and 8; the week-8 one waited while that check-in was open and
    // was offered the moment Monday's check-in (which took its place) was answered.
    // Without a vision they look back over the weeks, truthfully timed, and invite one: "not now"
    // at week 4 is respected at week 6 and asked again at week 8, when Sam comes back to it in the
    // afternoon and writes it.
    expect(sent("bot>client", /^It's been \d weeks since we started, Sam/)).toEqual(["2027-01-31T09:00Z", "2027-02-14T09:00Z", "2027-03-01T09:41Z"]);
    expect(sent("bot>client", /^It's been 4 weeks since we started/)).toEqual(["2027-01-31T09:00Z"]);
    expect(sent("bot>client", /picture where they'd like to be in three months/)).toEqual(["2027-01-31T09:31Z", "2027-03-01T15:31Z"]);
    expect(sent("bot>client", /^Picture yourself three months from now/)).toEqual(["2027-03-01T15:32Z", "2027-04-05T14:33Z"]);
    expect(sent("bot>client", /How well does it still fit what you want|no vision written yet/)).toEqual([]);
    // The program review falls due with the week-13 check-in and follows it as soon as it is answered.
    expect(sent("bot>client", /^It's been about 3 months since we started, Sam/)).toEqual(["2027-04-05T08:42Z"]);
    expect(sent("bot>client", /^A reminder: your coaching session is Thu 21 Jan, 15:00/)).toEqual(["2027-01-20T15:00Z"]);
    expect(sent("bot>client", /^Next, your goal review, which came due yesterday:/)).toEqual(["2027-03-01T09:41Z"]);
    expect(sent("bot>client", /^Thank you for our session today, Sam/)).toEqual(["2027-01-21T15:09Z"]);
    // The coach's weekly digest, Mondays 08:00 London, thirteen of them.
    expect(sent("bot>coach", /^Your coaching digest/)).toEqual([
      ...["01-11", "01-18", "01-25", "02-01", "02-08", "02-15", "02-22", "03-01", "03-08", "03-15", "03-22"].map((d) => `2027-${d}T08:00Z`),
      "2027-03-29T07:00Z",
      "2027-04-05T07:00Z",
    ]);
    // Three weeks at 80% or more: Sam is asked whether they now exercise regularly. "Not yet" in
    // week 6 starts the count again; "yes" after weeks 8 to 10 makes it action.
    expect(sent("bot>client", /weeks in a row\. Honestly, would you say you now/)).toEqual(["2027-02-15T09:41Z", "2027-03-15T09:41Z"]);
    expect(sent("bot>client", /^Then that's official, Sam: for exercise you're taking action/)).toEqual(["2027-03-15T09:42Z"]);
    // Each check-in ends with the plan for the week ahead; when a review followed it in the same
    // exchange (weeks 8 and 13), that goodbye waits until the review and the vision are done.
    expect(sent("bot>client", /^Here is your plan for the week ahead, Sam/)).toEqual([
      ...["01-11T09:36", "01-18T09:38", "01-25T09:41", "02-01T09:41", "02-08T09:41", "02-15T09:42"].map((t) => `2027-${t}Z`),
      "2027-03-01T15:35Z",
      ...["03-08T09:41", "03-15T09:42", "03-22T09:42", "03-29T08:42", "04-05T14:36"].map((t) => `2027-${t}Z`),
    ]);
    expect(run.messages.at(-3)!.text).toMatch(/^Saved\. Your vision and three-month goals/);
    expect(run.messages.at(-1)!.text).toMatch(/^Here is your plan for the week ahead, Sam/);
    // The one-off first step (buy walking shoes) is asked about until it is done, in week 2; then
    // Sam names the next step, and the shoes are never asked about again.
    expect(sent("bot>client", /^Your goal "buy walking shoes on Saturday morning"/)).toEqual(["2027-01-11T09:30Z", "2027-01-18T09:30Z"]);
    expect(sent("bot>client", /^What is your next small step for exercise this week\?/)).toEqual(["2027-01-18T09:36Z"]);
    // Sam comes back after the unanswered week 7: welcomed back, without guilt, at the first answer.
    expect(sent("bot>client", /^Good to hear from you, Sam/)).toEqual(["2027-03-01T09:30Z"]);
  });
});
