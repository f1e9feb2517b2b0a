// The program over weeks, as the client machine runs it: declining a goal in precontemplation,
// "I can't" and "I won't", goals done, dropped and adjusted, the focus area, and what follows.
// Computed with XState's pure functions (no actor, no IO).
import { describe, expect, it } from "vitest";
import { initialTransition, type SnapshotFrom, transition } from "xstate";
import { type ClientEvent, createClientMachine } from "../../src/machines/client.machine.js";
import { goalIsOneOff } from "../../src/machines/client-context.js";
import type { ClientEffect, EffectParams } from "../../src/machines/effects.js";
import { catalog } from "../support/harness.js";
import { checkinAnswers, FIRST_GOAL, ONBOARDING } from "../support/scripts.js";

const machine = createClientMachine(catalog, { locale: "en-US" });
type Snap = SnapshotFrom<typeof machine>;
const at = "2027-01-04T09:00:00.000Z";
const week = (n: number) => new Date(Date.parse(at) + n * 7 * 86_400_000).toISOString();

function step(snapshot: Snap, event: ClientEvent): [Snap, ClientEffect[]] {
  const [next, actions] = transition(machine, snapshot, event);
  if (next.status === "error") throw (next as { error?: unknown }).error;
  return [next, actions.filter((a) => !a.type.startsWith("xstate.")) as unknown as ClientEffect[]];
}
const message = (text: string, when = at): ClientEvent => ({ type: "MESSAGE", at: when, text });
const command = (name: string, args: string[] = [], when = at): ClientEvent => ({ type: "COMMAND", at: when, name, args });
const said = (effects: ClientEffect[]) => effects.flatMap((e) => (e.type === "say" ? e.params.prompts.map((p) => p.text) : []));
const saidAll = (effects: ClientEffect[]) =>
  effects
    .flatMap((e) =>
      e.type === "say" ? e.params.prompts.flatMap((p) => [p.text, ...(p.input.kind === "choice" ? p.input.options.map((o) => o.label) : [])]) : [],
    )
    .join("\n");
const of = <K extends ClientEffect["type"]>(effects: ClientEffect[], type: K) => effects.filter((e) => e.type === type).map((e) => e.params as EffectParams[K]);

function drive(snap: Snap, answers: string[], when = at): [Snap, ClientEffect[]] {
  const all: ClientEffect[] = [];
  for (const a of answers) {
    const [next, effects] = a.startsWith("/") ? step(snap, command(a.slice(1).split(" ")[0]!, a.split(" ").slice(1), when)) : step(snap, message(a, when));
    snap = next;
    all.push(...effects);
  }
  return [snap, all];
}
const fresh = () => initialTransition(machine, { at })[0];
/** Onboarded into exercise, not intending to change within 6 months; importance as given. */
const precontemplation = (importance: string) => drive(fresh(), ["Pat", "exercise", "no", "not_within_6_months", importance, "skip", "no", "no"]);
const checkin = (snap: Snap, answers: string[], n: number) => drive(step(snap, { type: "CHECKIN_DUE", at: week(n) })[0], answers, week(n));

describe("precontemplation: declining is always possible and respected", () => {
  it.each(["I don't want to set a goal", "not now", "skip", "no goal this week, thanks"])("takes %j at the goal menu: no goal, no loop, no push", (reply) => {
    const [menu] = precontemplation("2");
    expect(menu.context.conversation?.script).toBe("goal_setting");
    const [after, effects] = step(menu, message(reply));
    expect(after.context.conversation).toBeNull();
    expect(after.value).toMatchObject({ program: { active: "idle" } });
    expect(after.context.goals).toEqual([]);
    expect(of(effects, "recordGoal")).toEqual([]);
    const text = said(effects).join("\n");
    expect(text).toMatch(/entirely your choice/);
    expect(text).toMatch(/still check in each week/);
    expect(text).not.toMatch(/\{\w+\}|can't skip|rough answer/);
  });

  it("shows the options with the area filled in when a reply matches none of them", () => {
    const [menu] = precontemplation("2");
    const [, effects] = step(menu, message("purple elephants"));
    expect(said(effects)[0]).toMatch(/Read or watch something about exercise/);
    expect(saidAll(effects)).not.toMatch(/\{domain\}/);
  });

  it("gives 'I can't' and 'I won't' different replies: barriers and small steps, or autonomy and what matters", () => {
    const [menu] = precontemplation("9");
    const cant = said(step(menu, message("I can't"))[1]).join("\n");
    const wont = said(step(menu, message("I won't"))[1]).join("\n");
    expect(cant).toMatch(/out of reach/);
    expect(cant).toMatch(/makes exercise hard/);
    expect(wont).toMatch(/entirely your choice/);
    expect(wont).toMatch(/what matters most to you/);
    expect(cant).not.toBe(wont);
  });

  it("greets importance 9 as 'I can't', not as someone who doesn't plan to change; importance 2 as 'I won't'", () => {
    const cant = said(precontemplation("9")[1]).join("\n");
    expect(cant).not.toMatch(/isn't something you (plan|want) to change/);
    expect(cant).toMatch(/matters to you, and right now changing it feels out of reach/);
    const wont = said(precontemplation("2")[1]).join("\n");
    expect(wont).toMatch(/isn't something you want to change, and that is your call/);
  });

  it("keeps coaching a client who declined: weekly check-ins ask what they noticed, never how much they achieved, and no lapse", () => {
    let [snap] = drive(precontemplation("3")[0], ["not now"]);
    const all: ClientEffect[] = [];
    for (const n of [1, 2, 3]) {
      const [opened, openEffects] = step(snap, { type: "CHECKIN_DUE", at: week(n) });
      const [after, effects] = drive(opened, ["4", n === 2 ? "skip" : "I drink coffee when I'm tired", "keep"], week(n));
      snap = after;
      all.push(...openEffects, ...effects);
    }
    const text = said(all).join("\n");
    expect(text.match(/Did you notice anything about exercise this week/g)).toHaveLength(3);
    expect(text).not.toMatch(/how much of what you hoped|\(0-100%\)|make the goal a little smaller/);
    expect(of(all, "recordStageChange")).toEqual([]);
    expect(snap.context.domains.exercise?.stage).toBe("precontemplation");
    expect(snap.value).not.toMatchObject({ program: "closed" });
  });

  it("sends no lapse message for a low week on a thinking goal", () => {
    const [menu] = drive(fresh(), ["Pat", "exercise", "no", "within_6_months", "6", "skip", "no", "no"]);
    const [withGoal] = drive(menu, ["talk", "8"]);
    expect(withGoal.context.goals[0]).toMatchObject({ kind: "thinking" });
    const [, effects] = checkin(withGoal, checkinAnswers(20), 1);
    expect(said(effects).join("\n")).not.toMatch(/make the goal a little smaller|useful information/);
    expect(of(effects, "recordStageChange")).toEqual([]);
  });

  it("still sends the lapse reflection for a low week on a plan goal", () => {
    const [snap] = drive(fresh(), [...ONBOARDING, ...FIRST_GOAL]);
    const [, effects] = checkin(snap, checkinAnswers(20), 1);
    expect(said(effects).join("\n")).toMatch(/make the goal a little smaller/);
  });
});

describe("a one-off first step", () => {
  const withFirstStep = () => drive(fresh(), [...ONBOARDING, ...FIRST_GOAL])[0];

  it("is reviewed once: done, it leaves the weekly goals and the client is asked for their next step", () => {
    const [next, effects] = checkin(withFirstStep(), checkinAnswers(100), 1);
    expect(of(effects, "recordGoal")).toEqual([expect.objectContaining({ key: "g1", text: FIRST_GOAL[0], status: "done" })]);
    expect(next.context.goals).toEqual([]);
    expect(next.context.conversation?.script).toBe("goal_setting");
    const texts = said(effects);
    expect(texts.at(-2)).toBe(`"${FIRST_GOAL[0]}" is done, Sam: well done. That step is behind you, so let's choose the next one.`);
    expect(texts.at(-1)).toMatch(/^What is your next small step for exercise this week\?/);
    // The next step is the goal from now on; the shoes are not asked about again.
    const [set, setEffects] = drive(next, ["walk 20 minutes on Tuesday and Thursday mornings", "8"], week(1));
    expect(set.context.goals.map((g) => [g.text, g.kind, goalIsOneOff(g)])).toEqual([["walk 20 minutes on Tuesday and Thursday mornings", "plan", false]]);
    expect(said(setEffects).at(-1)).toBe("Here is your plan for the week ahead, Sam:\n  - walk 20 minutes on Tuesday and Thursday mornings");
    const [, week2] = step(set, { type: "CHECKIN_DUE", at: week(2) });
    const [, asked] = step(step(set, { type: "CHECKIN_DUE", at: week(2) })[0], message("8", week(2)));
    expect([...said(week2), ...said(asked)].join("\n")).not.toMatch(/walking shoes/);
  });

  it("not done yet, it stays on the list and is asked about again next week", () => {
    const [next] = checkin(withFirstStep(), checkinAnswers(30), 1);
    expect(next.context.goals.map((g) => g.text)).toEqual([FIRST_GOAL[0]]);
    expect(next.context.conversation).toBeNull();
  });

  it("a goal to repeat stays weekly however well the week went", () => {
    const [menu] = drive(fresh(), ONBOARDING);
    const [snap] = drive(menu, ["walk 20 minutes on Tuesday and Thursday mornings", "8"]);
    const [next] = checkin(snap, checkinAnswers(100), 1);
    expect(next.context.goals.map((g) => g.text)).toEqual(["walk 20 minutes on Tuesday and Thursday mornings"]);
    expect(next.context.conversation).toBeNull();
  });
});

describe("goals: done, dropped, adjusted, in any area", () => {
  const withGoals = (count: number) => {
    let [snap] = drive(fresh(), [...ONBOARDING, ...FIRST_GOAL]);
    for (let i = 1; i < count; i++) [snap] = drive(snap, ["/newgoal", `step ${i + 1}: call the gym on Monday`, "8"]);
    return snap;
  };

  it("lists goals by number and marks one done or drops it, recording each", () => {
    const snap = withGoals(3);
    const list = said(step(snap, command("goals"))[1])[0]!;
    expect(list).toMatch(/1\. buy walking shoes on Saturday morning\n {2}2\. step 2: call the gym on Monday\n {2}3\. step 3/);
    expect(list).toMatch(/\/goals done <number>/);
    const [done, doneEffects] = step(snap, command("goals", ["done", "1"]));
    expect(done.context.goals.map((g) => g.id)).toEqual(["g2", "g3"]);
    expect(of(doneEffects, "recordGoal")).toEqual([expect.objectContaining({ key: "g1", status: "done" })]);
    expect(said(doneEffects)[0]).toMatch(/Well done, Sam: "buy walking shoes on Saturday morning" is marked done/);
    const [dropped, dropEffects] = step(done, command("goals", ["drop", "2"]));
    expect(dropped.context.goals.map((g) => g.id)).toEqual(["g2"]);
    expect(of(dropEffects, "recordGoal")).toEqual([expect.objectContaining({ key: "g3", status: "dropped" })]);
  });

  it("answers a wrong number or word kindly and changes nothing; waits while a conversation is open", () => {
    const snap = withGoals(2);
    const [same, unknown] = step(snap, command("goals", ["done", "7"]));
    expect(said(unknown)[0]).toMatch(/couldn't find goal 7/);
    expect(same.context.goals).toHaveLength(2);
    expect(said(step(snap, command("goals", ["finish", "1"]))[1])[0]).toMatch(/\/goals done <number>/);
    const [inCheckIn] = step(snap, command("checkin"));
    const [still, busy] = step(inCheckIn, command("goals", ["drop", "1"]));
    expect(said(busy)[0]).toMatch(/finish this conversation first/);
    expect(said(busy)[1]).toMatch(/How are you doing/);
    expect(still.context.goals).toHaveLength(2);
  });

  it("at the limit, looks at the goals first with buttons: one dropped makes room for the new one", () => {
    const full = withGoals(5);
    const [review, opened] = step(full, command("newgoal"));
    expect(review.context.conversation?.script).toBe("goal_setting");
    const first = opened.flatMap((e) => (e.type === "say" ? e.params.prompts : [])).at(-1)!;
    expect(first.text).toMatch(/your goal "buy walking shoes on Saturday morning": how would you like to carry on/);
    expect(first.input).toMatchObject({ kind: "choice", options: expect.arrayContaining([expect.objectContaining({ value: "drop" })]) });
    const [asked, reviewed] = drive(review, ["drop", "keep", "keep", "keep", "keep"]);
    expect(of(reviewed, "recordGoal")).toEqual([expect.objectContaining({ key: "g1", status: "dropped" })]);
    expect(said(reviewed).at(-1)).toMatch(/one small first step/);
    const [after] = drive(asked, ["stretch 5 minutes after work on Tuesday", "8"]);
    expect(after.context.goals.map((g) => g.text)).toEqual([
      "step 2: call the gym on Monday",
      "step 3: call the gym on Monday",
      "step 4: call the gym on Monday",
      "step 5: call the gym on Monday",
      "stretch 5 minutes after work on Tuesday",
    ]);
  });

  it("at the limit, keeping every goal is fine and adds nothing", () => {
    const [after, effects] = drive(step(withGoals(5), command("newgoal"))[0], ["keep", "keep", "keep", "keep", "keep"]);
    expect(after.context.goals).toHaveLength(5);
    expect(after.context.conversation).toBeNull();
    expect(said(effects).at(-1)).toMatch(/All your goals stay as they are/);
  });

  it("replaces the goal an adjusted goal adjusts, after a check-in's 'new or adjusted goal'", () => {
    const snap = withGoals(2);
    const [reviewing, effects] = checkin(snap, ["8", "x", "40", "x", "x", "too_ambitious", "x", "x", "60", "x", "x", "about_right", "new_goal"], 1);
    expect(said(effects).at(-1)).toMatch(/your goal "buy walking shoes on Saturday morning": how would you like to carry on/);
    const [after, adjusted] = drive(reviewing, ["replace", "keep", "buy walking shoes this Saturday, with a friend", "9"], week(1));
    expect(after.context.goals.map((g) => g.text)).toEqual(["step 2: call the gym on Monday", "buy walking shoes this Saturday, with a friend"]);
    expect(of(adjusted, "recordGoal")).toEqual([
      expect.objectContaining({ key: "g1", status: "replaced" }),
      expect.objectContaining({ key: "g3", status: "active" }),
    ]);
    expect(said(adjusted).join("\n")).toMatch(/"buy walking shoes on Saturday morning" is replaced by your adjusted goal/);
  });

  it("moves the focus to another area, sets a goal there, and the 'discouraged in several areas' challenge can fire", () => {
    const [snap] = drive(withGoals(1), ["/focus nutrition"]);
    expect(snap.context.focusDomain).toBe("nutrition");
    const [withTwo] = drive(snap, ["/newgoal", "pros_cons", "8"]);
    expect(withTwo.context.goals.map((g) => g.domain)).toEqual(["exercise", "nutrition"]);
    expect(said(step(withTwo, command("goals"))[1])[0]).toMatch(/\(exercise\).*\n.*\(nutrition\)/);
    const [, effects] = checkin(withTwo, ["4", "x", "20", "x", "x", "too_ambitious", "x", "15", "x", "x", "too_ambitious", "keep"], 1);
    expect(of(effects, "raiseFlag").map((f) => f.detail)).toContain("discouraged");
  });

  it("answers an unknown or repeated area kindly", () => {
    const snap = withGoals(1);
    expect(said(step(snap, command("focus", ["gardening"]))[1])[0]).toMatch(
      /don't know the area "gardening". You can choose: Exercise, Nutrition, Stress, Sleep/,
    );
    expect(said(step(snap, command("focus", ["Exercise"]))[1])[0]).toMatch(/already your focus area/);
    expect(said(step(snap, command("focus"))[1])[0]).toMatch(/for example \/focus sleep/);
  });
});

describe("vision and reviews over time", () => {
  const started = () => drive(fresh(), [...ONBOARDING, ...FIRST_GOAL])[0];
  const review = (snap: Snap, n: number) => step(snap, { type: "GOAL_REVIEW_DUE", at: week(n) });

  it("the first goal review, without a vision, looks back truthfully and invites one; yes opens the vision", () => {
    const [opened, effects] = review(started(), 4);
    const first = said(effects).join("\n");
    expect(first).toMatch(/It's been 4 weeks since we started, Sam/);
    const [invited, asked] = drive(opened, ["a good walk on Sunday", "7"], week(4));
    const all = [first, ...said(asked)].join("\n");
    expect(all).not.toMatch(/no vision written yet|picture you described|three-month goals so far/);
    expect(said(asked).at(-1)).toMatch(/picture where they'd like to be in three months/);
    const [writing, yes] = drive(invited, ["yes"], week(4));
    expect(writing.context.conversation?.script).toBe("vision");
    expect(said(yes).at(-1)).toMatch(/Picture yourself three months from now/);
    const [withVision] = drive(writing, ["Energy for my kids", "walk 5k", "skip"], week(4));
    expect(withVision.context.vision).toBe("Energy for my kids");
    // The next review is about the vision and the three-month goals the client wrote.
    const [, later] = review(withVision, 8);
    expect(said(later).join("\n")).toMatch(/Here is the picture you described: "Energy for my kids"/);
  });

  it("'not now' to the invitation is respected: not asked at the next review, asked again a month later", () => {
    const [snap, declined] = drive(review(started(), 4)[0], ["skip", "6", "not now"], week(4));
    expect(said(declined).at(-1)).toMatch(/Whenever you'd like to picture where you're heading, type \/vision/);
    expect(snap.context.conversation).toBeNull();
    const [week6] = drive(review(snap, 6)[0], ["skip", "6"], week(6));
    expect(week6.context.conversation).toBeNull();
    const [, week8] = drive(review(week6, 8)[0], ["skip", "6"], week(8));
    expect(said(week8).at(-1)).toMatch(/picture where they'd like to be in three months/);
  });

  it("/program says how long the program has really run", () => {
    const snap = started();
    expect(said(step(snap, command("program", [], week(5)))[1]).join("\n")).toMatch(/It's been 5 weeks since we started, Sam/);
    expect(said(step(snap, command("program", [], week(5)))[1]).join("\n")).not.toMatch(/three months/);
    expect(said(step(snap, { type: "PROGRAM_REVIEW_DUE", at: week(13) })[1]).join("\n")).toMatch(/It's been about 3 months since we started/);
    const [carried, effects] = drive(step(snap, command("program", [], week(5)))[0], ["my first walks", "carry_on"], week(5));
    expect(carried.value).not.toMatchObject({ program: "closed" });
    expect(said(effects).at(-1)).toMatch(/carry on as we are/);
  });

  it("a session booked before onboarding ends never calls the client 'your client' or 'there'", () => {
    let snap = fresh();
    const effects: ClientEffect[] = [];
    for (const event of [
      { type: "SESSION_REMINDER", at, when: "Tue 5 Jan, 15:00" },
      { type: "SESSION_START", at, lengthMinutes: 30 },
      { type: "SESSION_GOAL", at, text: "walk 20 minutes on Tuesday" },
      { type: "SESSION_END", at },
      { type: "SESSION_SEND", at },
    ] as ClientEvent[]) {
      const [next, e] = step(snap, event);
      snap = next;
      effects.push(...e);
    }
    const toClient = said(effects);
    expect(toClient.some((t) => /Here is what we agreed/.test(t))).toBe(true);
    expect(toClient.some((t) => /your coaching session is Tue 5 Jan/.test(t))).toBe(true);
    expect(toClient.join("\n")).not.toMatch(/your client|\bthere\b/);
  });
});
