// The check-in's closing words ("saved, see you next week" and the week's plan) end the
// exchange: when a goal setting, a look at the stage or a queued review follows the check-in,
// they come after its last question, never before. Computed with XState's pure functions.
import { describe, expect, it } from "vitest";
import { initialTransition } from "xstate";
import { fillTemplate } from "../../src/domain/script.js";
import { drive, machine, said, step } from "../support/client-machine.js";
import { catalog } from "../support/harness.js";
import { checkinAnswers, FIRST_GOAL, ONBOARDING } from "../support/scripts.js";

const at = "2027-01-04T09:00:00.000Z";
const week = (n: number, minutes = 0) => new Date(Date.parse(at) + n * 7 * 86_400_000 + minutes * 60_000).toISOString();
const onboarded = () => drive(initialTransition(machine, { at })[0], [...ONBOARDING, ...FIRST_GOAL], at)[0];
const CLOSES = (catalog.messages.variants.checkinDone ?? []).map((line) => fillTemplate(line, { name: "Sam" }));
const isClose = (text: string) => CLOSES.includes(text);
const isPlan = (text: string) => text.startsWith("Here is your plan for the week ahead");

describe("the check-in's close comes last", () => {
  it("after a new goal set in the same exchange: no goodbye before the goal questions; the goodbye and the plan, with the new goal, end it", () => {
    const [checkin] = step(onboarded(), { type: "CHECKIN_DUE", at: week(1) });
    const [goalSetting, answered] = drive(checkin, checkinAnswers(60, "new_goal"), week(1, 5));
    expect(goalSetting.context.conversation?.script).toBe("goal_setting");
    expect(said(answered).filter((t) => isClose(t) || isPlan(t))).toEqual([]);
    const [done, finished] = drive(goalSetting, ["keep", "walk 20 minutes on Tuesday and Thursday mornings", "8"], week(1, 10));
    expect(done.context.conversation).toBeNull();
    const texts = said(finished);
    expect(texts.at(-2)).toSatisfy(isClose);
    expect(texts.at(-1)).toBe(
      "Here is your plan for the week ahead, Sam:\n  - buy walking shoes on Saturday morning\n  - walk 20 minutes on Tuesday and Thursday mornings",
    );
    expect(texts.slice(0, -2).some((t) => isClose(t) || isPlan(t))).toBe(false);
  });

  it("after a review that waited behind the check-in: the goodbye follows the review's last question", () => {
    let [snap] = step(onboarded(), { type: "CHECKIN_DUE", at: week(4) });
    [snap] = step(snap, { type: "GOAL_REVIEW_DUE", at: week(4, 1) });
    const [review, answered] = drive(snap, checkinAnswers(70), week(4, 10));
    expect(review.context.conversation?.script).toBe("goal_review");
    expect(said(answered).filter((t) => isClose(t) || isPlan(t))).toEqual([]);
    const [, finished] = drive(review, ["a good walk", "8", "not now"], week(4, 15));
    const texts = said(finished);
    expect(texts.at(-2)).toSatisfy(isClose);
    expect(texts.at(-1)).toSatisfy(isPlan);
  });

  it("with nothing after the check-in: its goodbye and plan are said at once, as before", () => {
    const [checkin] = step(onboarded(), { type: "CHECKIN_DUE", at: week(1) });
    const [, finished] = drive(checkin, checkinAnswers(60), week(1, 5));
    const texts = said(finished);
    expect(texts.at(-2)).toSatisfy(isClose);
    expect(texts.at(-1)).toSatisfy(isPlan);
  });
});
