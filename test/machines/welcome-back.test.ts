// Coming back: after a safety hold (/continue) and after weeks without an answer. The client is
// asked how they are once, welcomed without guilt, and every week they were not asked about is
// on record. Computed with XState's pure functions (no actor, no IO).
import { describe, expect, it } from "vitest";
import { initialTransition } from "xstate";
import { command, drive, machine, message, said, step } from "../support/client-machine.js";
import { FIRST_GOAL, ONBOARDING } from "../support/scripts.js";

const at = "2027-01-04T09:00:00.000Z";
const week = (n: number, hours = 0) => new Date(Date.parse(at) + n * 7 * 86_400_000 + hours * 3_600_000).toISOString();
const onboarded = () => drive(initialTransition(machine, { at })[0], [...ONBOARDING, ...FIRST_GOAL], at)[0];
const HOW_ARE_YOU = /how are you|how are you doing/i;

describe("after a safety hold", () => {
  it("asks how they are once: the check-in that follows the welcome back starts with their goal, not 'how are you' again", () => {
    let [snap] = step(onboarded(), message("I want to die", week(0, 30)));
    [snap] = step(snap, { type: "CHECKIN_DUE", at: week(1) });
    const [asked, continued] = step(snap, command("continue", week(1, 10)));
    expect(said(continued).filter((t) => HOW_ARE_YOU.test(t))).toHaveLength(1);
    const [back, answered] = step(asked, message("a bit better, thanks", week(1, 11)));
    expect(back.context.conversation?.script).toBe("checkin");
    const texts = said(answered);
    expect(texts.filter((t) => HOW_ARE_YOU.test(t))).toEqual([]);
    expect(texts.at(-1)).toMatch(/^Your goal "buy walking shoes on Saturday morning": what was your best moment/);
    // The check-in follows at once: no "type /help whenever you like" before it.
    expect(texts.join("\n")).not.toMatch(/Type \/help whenever/);
  });

  it("asks how they are at the next check-in as usual, when none followed the welcome back", () => {
    let [snap] = step(onboarded(), message("I want to die", week(0, 30)));
    [snap] = drive(snap, ["/continue", "better"], week(0, 40));
    const [, effects] = step(snap, { type: "CHECKIN_DUE", at: week(1) });
    expect(said(effects).at(-1)).toMatch(/How are you doing right now/);
  });
});

describe("after weeks without an answer", () => {
  /** Check-ins sent in weeks 1 to `weeks`, none answered: the scheduler records each as missed when the next falls due. */
  const silentFor = (weeks: number) => {
    let snap = onboarded();
    for (let n = 1; n <= weeks; n++) {
      if (n > 1) [snap] = step(snap, { type: "CHECKIN_MISSED", at: week(n), week: `2027-W0${n}` });
      [snap] = step(snap, { type: "CHECKIN_DUE", at: week(n) });
    }
    return snap;
  };

  it("welcomes them back kindly, without guilt, once, and carries on with this week", () => {
    const silent = silentFor(3);
    expect(silent.context.weeks.map((w) => [w.week, w.answered])).toEqual([
      ["2027-W02", false],
      ["2027-W03", false],
    ]);
    const [back, first] = step(silent, message("6", week(3, 50)));
    const texts = said(first);
    expect(texts[0]).toMatch(/^Good to hear from you, Sam\./);
    expect(texts[0]).not.toMatch(/sorry|should have|missed|behind/i);
    expect(texts.at(-1)).toMatch(/^Your goal "buy walking shoes on Saturday morning": what was your best moment/);
    const [, second] = step(back, message("I bought them in the end", week(3, 51)));
    expect(said(second).join("\n")).not.toMatch(/Good to hear from you/);
  });

  it("takes a hello as a hello: after the welcome back, the open question is asked again plainly, with no correction", () => {
    const silent = silentFor(3);
    const [back, hello] = step(silent, message("hi, sorry I've been away", week(3, 50)));
    const texts = said(hello);
    expect(texts).toHaveLength(2);
    expect(texts[0]).toMatch(/^Good to hear from you, Sam\./);
    expect(texts[1]).toMatch(/^Hi Sam, good to see you\. How are you doing right now, from 0 \(rough\) to 10 \(great\)\?/);
    expect(texts.join("\n")).not.toMatch(/whole number/);
    // Their answer is taken as usual, with no second welcome.
    const [, answered] = step(back, message("6", week(3, 51)));
    expect(said(answered).join("\n")).not.toMatch(/Good to hear from you/);
    expect(said(answered).at(-1)).toMatch(/^Your goal "buy walking shoes on Saturday morning": what was your best moment/);
  });

  it("greets a client with no check-in missed as usual, with no welcome back", () => {
    const [, first] = step(silentFor(1), message("6", week(1, 1)));
    expect(said(first).join("\n")).not.toMatch(/Good to hear from you/);
  });

  it("records a week missed while they were being welcomed back after a hold, not one while on hold", () => {
    let [snap] = step(onboarded(), message("I want to die", week(0, 30)));
    [snap] = step(snap, { type: "CHECKIN_DUE", at: week(1) });
    [snap] = step(snap, { type: "CHECKIN_MISSED", at: week(2), week: "2027-W02" });
    expect(snap.context.weeks).toEqual([]);
    [snap] = step(snap, { type: "CHECKIN_DUE", at: week(2) });
    [snap] = step(snap, command("continue", week(2, 10)));
    expect(snap.matches({ safety: "welcomingBack" })).toBe(true);
    [snap] = step(snap, { type: "CHECKIN_MISSED", at: week(3), week: "2027-W03" });
    expect(snap.context.weeks.map((w) => [w.week, w.answered])).toEqual([["2027-W03", false]]);
  });
});

describe("after a pause", () => {
  it("takes /continue as /resume: check-ins start again, with no 'nothing is paused'", () => {
    const [paused] = drive(onboarded(), ["/pause"], week(0, 30));
    expect(paused.matches({ checkins: "paused" })).toBe(true);
    const [resumed, effects] = step(paused, command("continue", week(1, 30)));
    expect(resumed.matches({ checkins: "running" })).toBe(true);
    expect(said(effects)).toEqual(["Welcome back, Sam! Check-ins are on again."]);
  });
});
