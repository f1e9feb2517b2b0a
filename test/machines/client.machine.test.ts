// Transitions of the client machine, computed with XState's pure functions (no actor, no IO).
import { describe, expect, it } from "vitest";
import { initialTransition, type SnapshotFrom, transition } from "xstate";
import { type ClientEvent, createClientMachine } from "../../src/machines/client.machine.js";
import type { MessageSender } from "../../src/machines/client-context.js";
import type { ClientEffect, EffectParams } from "../../src/machines/effects.js";
import { persistSnapshot, restoreSnapshot } from "../../src/machines/snapshot.js";
import { catalog } from "../support/harness.js";
import { ASSESSMENT, checkinAnswers, FIRST_GOAL, ONBOARDING } from "../support/scripts.js";

const machine = createClientMachine(catalog, { locale: "en-US" });
type Snap = SnapshotFrom<typeof machine>;
const at = "2026-11-24T09:00:00.000Z";

function step(snapshot: Snap, event: ClientEvent): [Snap, ClientEffect[]] {
  const [next, actions] = transition(machine, snapshot, event);
  if (next.status === "error") throw (next as { error?: unknown }).error;
  return [next, actions.filter((a) => !a.type.startsWith("xstate.")) as unknown as ClientEffect[]];
}
const message = (text: string, promptId?: string, when = at): ClientEvent => ({ type: "MESSAGE", at: when, text, ...(promptId ? { promptId } : {}) });
const command = (name: string, when = at): ClientEvent => ({ type: "COMMAND", at: when, name, args: [] });
const said = (effects: ClientEffect[]) => effects.flatMap((e) => (e.type === "say" ? e.params.prompts.map((p) => p.text) : []));
const of = <K extends ClientEffect["type"]>(effects: ClientEffect[], type: K) => effects.filter((e) => e.type === type).map((e) => e.params as EffectParams[K]);

/** Feeds answers one by one; returns the last snapshot and every effect along the way. */
function drive(snap: Snap, answers: string[], when = at): [Snap, ClientEffect[]] {
  const all: ClientEffect[] = [];
  for (const a of answers) {
    const [next, effects] = step(snap, message(a, undefined, when));
    snap = next;
    all.push(...effects);
  }
  return [snap, all];
}
const fresh = () => initialTransition(machine, { at })[0];
const onboarded = () => drive(step(drive(fresh(), [...ONBOARDING, ...FIRST_GOAL])[0], command("assessment"))[0], ASSESSMENT)[0];

describe("onboarding", () => {
  it("starts in onboarding and asks for a name", () => {
    const [snap, actions] = initialTransition(machine, { at });
    expect(snap.value).toEqual({ program: "onboarding", safety: "clear", checkins: "running", session: "none" });
    const say = actions.find((a) => a.type === "say") as unknown as { params: EffectParams["say"] };
    expect(say.params.prompts[0]!.text).toMatch(/what name/i);
  });

  it("asks how long the criterion has been met only to those who meet it", () => {
    expect(said(drive(fresh(), ["Sam", "exercise", "yes"])[1]).at(-1)).toMatch(/how long/i);
    expect(said(drive(fresh(), ["Sam", "exercise", "no"])[1]).at(-1)).toMatch(/thinking of starting/i);
  });

  it.each([
    [["yes", "6_or_more"], "maintenance"],
    [["yes", "under_6", "skip"], "action"],
    [["no", "within_30_days"], "preparation"],
    [["no", "within_6_months"], "contemplation"],
    [["no", "not_within_6_months"], "precontemplation"],
  ])("stages %j as %s, records it, and moves straight on to a first step", (readiness, stage) => {
    const [snap, effects] = drive(fresh(), ["Sam", "exercise", ...readiness, "5", "skip", "no", "no"]);
    expect(snap.value).toEqual({ program: { active: "conversing" }, safety: "clear", checkins: "running", session: "none" });
    expect(snap.context.conversation?.script).toBe("goal_setting");
    expect(snap.context.domains.exercise?.stage).toBe(stage);
    expect(of(effects, "recordStageChange")).toEqual([expect.objectContaining({ domain: "exercise", from: null, to: stage, importance: 5 })]);
    expect(said(effects).join("\n")).not.toMatch(/wellbeing check/);
  });

  it("never pushes precontemplation to act", () => {
    const [, effects] = drive(fresh(), ["Sam", "exercise", "no", "not_within_6_months", "2", "skip", "no", "no"]);
    const intro = said(effects).find((t) => t.includes("no pressure"));
    expect(intro).toBeDefined();
    expect(intro).not.toMatch(/make a plan|set a goal|first step|start doing/i);
  });

  it("records each answer as soon as it is given", () => {
    const [, effects] = drive(fresh(), ["Sam", "exercise", "no"]);
    expect(of(effects, "recordAnswer").map((a) => `${a.questionKey}=${a.value}`)).toEqual(["name=Sam", "domain=exercise", "meets_criterion=no"]);
  });

  it("re-asks kindly on an out-of-range number without advancing", () => {
    const [snap] = drive(fresh(), ["Sam", "exercise", "no", "within_30_days"]);
    const [after, effects] = step(snap, message("42"));
    expect(said(effects)[0]).toMatch(/whole number from 0 to 10/);
    expect(said(effects)[1]).toMatch(/how important/i);
    expect(after.context.conversation?.stepKey).toBe("importance");
  });

  it("accepts an option by its number or its label", () => {
    expect(drive(fresh(), ["Sam", "2"])[0].context.conversation?.answers.domain).toBe("nutrition");
    expect(drive(fresh(), ["Sam", "Sleep"])[0].context.conversation?.answers.domain).toBe("sleep");
  });

  it("revises an earlier answer when its button is pressed again, without moving on", () => {
    const [snap] = drive(fresh(), ["Sam", "exercise", "no"]);
    const conversation = snap.context.conversation!;
    const [after, effects] = step(snap, message("nutrition", `${conversation.id}:domain`));
    expect(after.context.conversation?.answers.domain).toBe("nutrition");
    expect(after.context.conversation?.stepKey).toBe(conversation.stepKey);
    expect(of(effects, "recordAnswer")).toEqual([expect.objectContaining({ questionKey: "domain", value: "nutrition" })]);
  });

  it("answers a button from another conversation as stale", () => {
    const [, effects] = step(drive(fresh(), ["Sam"])[0], message("exercise", "checkin-9:feeling"));
    expect(said(effects)[0]).toBe(catalog.messages.staleAnswer);
  });
});

describe("first conversation", () => {
  it("reaches a saved first goal within 10 client messages, safety questions first, then offers the wellbeing check", () => {
    const replies = [...ONBOARDING, ...FIRST_GOAL];
    expect(replies.length).toBeLessThanOrEqual(10);
    const [snap, effects] = drive(fresh(), replies);
    const asked = said(effects);
    const safety = asked.findIndex((t) => /Has a doctor advised you/.test(t));
    const firstStep = asked.findIndex((t) => /one small first step/.test(t));
    expect(safety).toBeGreaterThan(-1);
    expect(safety).toBeLessThan(firstStep);
    expect(snap.context.goals).toEqual([expect.objectContaining({ kind: "plan", text: "buy walking shoes on Saturday morning" })]);
    expect(of(effects, "recordGoal")).toHaveLength(1);
    expect(asked.at(-1)).toMatch(/type \/assessment for a short wellbeing check/);
    expect(snap.context.wellbeingCheck).toEqual({ offeredAt: at, doneAt: null });
    expect(snap.context.healthScreened).toEqual(["doctor_advised", "exertion_symptoms"]);
    expect(snap.context.conversation).toBeNull();
  });

  it("asks no exercise-safety questions when the focus is another area", () => {
    const [snap, effects] = drive(fresh(), ["Sam", "sleep", "no", "within_6_months", "6", "skip"]);
    expect(said(effects).join(" ")).not.toMatch(/doctor advised/);
    expect(snap.context.conversation?.script).toBe("goal_setting");
  });

  it("flags an exercise contraindication from the first conversation for the coach", () => {
    const [, effects] = drive(fresh(), ["Sam", "exercise", "yes", "under_6", "skip", "8", "skip", "yes", "no"]);
    const detail = `(${catalog.digest.referralConcerns.exercise_contraindication})`;
    expect(of(effects, "raiseFlag")).toEqual([expect.objectContaining({ kind: "referral", detail: expect.stringContaining(detail) })]);
  });
});

describe("assessment", () => {
  const afterFirstGoal = () => step(drive(fresh(), [...ONBOARDING, ...FIRST_GOAL])[0], command("assessment"))[0];

  it("stages the other areas and flags each priority gap once for the coach, skipping the safety questions already asked", () => {
    const [snap, effects] = drive(afterFirstGoal(), ASSESSMENT);
    expect(snap.context.domains).toMatchObject({ nutrition: { stage: "contemplation" }, stress: { stage: "action" }, sleep: { stage: "precontemplation" } });
    const flags = of(effects, "raiseFlag");
    // Sleep is both not ready and low in confidence: one flag naming both approaches, so the
    // coach's digest has one line for it, not two.
    expect(flags.map((f) => f.kind)).toEqual(["assessment_gap"]);
    expect(flags[0]!.detail).toMatch(/Sleep: priority 9/);
    expect(flags[0]!.suggestedApproach).toMatch(/not ready to change.*low confidence/);
    expect(of(effects, "recordAssessment")).toHaveLength(1);
    expect(said(effects).join(" ")).not.toMatch(/doctor advised/);
    expect(snap.context.wellbeingCheck.doneAt).toBe(at);
    expect(snap.context.conversation).toBeNull();
  });

  it("turns health answers into referral flags with next steps, never a label shown to the client", () => {
    const answers = [...ASSESSMENT.slice(0, 13), "yes", "no", "no", "no", "yes", "no"];
    const [, effects] = drive(afterFirstGoal(), answers);
    const referrals = of(effects, "raiseFlag").filter((f) => f.kind === "referral");
    expect(referrals.map((f) => f.detail)).toEqual([expect.stringMatching(/depression/), expect.stringMatching(/anxiety/)]);
    expect(referrals.every((f) => f.suggestedApproach && f.suggestedApproach.length > 20)).toBe(true);
    expect(of(effects, "notifyCoach")).toHaveLength(1);
    expect(said(effects).join(" ")).not.toMatch(/depression|anxiety|disorder/i);
  });
});

describe("goal setting", () => {
  const actionClient = () => {
    const [snap] = drive(fresh(), ["Sam", "exercise", "yes", "under_6", "skip", "8", "skip", "no", "no"]);
    return snap;
  };

  it("gives early stages a thinking goal, not a behavioral one", () => {
    const [snap, effects] = drive(fresh(), ["Sam", "exercise", "no", "within_6_months", "5", "skip", "no", "no"]);
    expect(said(effects).at(-1)).toMatch(/getting clearer/);
    const [done, goalEffects] = drive(snap, ["talk", "9"]);
    expect(done.context.goals).toEqual([expect.objectContaining({ kind: "thinking", text: "Talk with someone who has made a similar change" })]);
    expect(of(goalEffects, "recordGoal")[0]).toMatchObject({ kind: "thinking", smart: false });
  });

  it("nudges a vague behavioral goal about what is missing, and accepts it when kept", () => {
    const [, nudged] = drive(actionClient(), ["exercise more"]);
    expect(said(nudged)[0]).toMatch(/how much.*when or how often.*by when|how much/);
    const [kept, keptEffects] = drive(actionClient(), ["exercise more", "keep", "9"]);
    expect(kept.context.goals[0]!.text).toBe("exercise more");
    expect(of(keptEffects, "recordGoal")[0]).toMatchObject({ kind: "behavioral", smart: false });
  });

  it("takes a SMART goal straight away and suggests a smaller one when confidence is under 7", () => {
    const goal = "walk 30 minutes on Monday, Wednesday and Friday this week";
    const [snap, effects] = drive(actionClient(), [goal, "5"]);
    expect(said(effects).at(-1)).toMatch(/a little smaller/);
    const [done, doneEffects] = drive(snap, ["walk 15 minutes on Monday and Friday this week"]);
    expect(done.context.goals[0]).toMatchObject({ text: "walk 15 minutes on Monday and Friday this week", confidence: 5 });
    expect(of(doneEffects, "recordGoal")[0]).toMatchObject({ smart: true });
  });

  it("holds at most the configured number of weekly goals: a sixth asks which to keep first", () => {
    let snap = onboarded();
    for (let i = 0; i < 4; i++) snap = drive(step(snap, command("newgoal"))[0], [`stretch 10 minutes every morning this week ${i}`, "8"])[0];
    expect(snap.context.goals).toHaveLength(5);
    const [after, effects] = step(snap, command("newgoal"));
    expect(said(effects)[0]).toMatch(/your goal "buy walking shoes on Saturday morning": how would you like to carry on/);
    const [kept] = drive(after, ["keep", "keep", "keep", "keep", "keep"]);
    expect(kept.context.goals).toHaveLength(5);
    expect(kept.value).toMatchObject({ program: { active: "idle" } });
  });
});

describe("weekly check-in", () => {
  it("reviews each goal positive-first, then sends and stores a plan for the week", () => {
    let [snap, effects] = step(onboarded(), { type: "CHECKIN_DUE", at });
    expect(said(effects)[0]).toMatch(/How are you doing right now/);
    const prompts: string[] = [];
    // 70%: a one-off step is asked about again until it is done (80% or more).
    for (const answer of checkinAnswers(70)) {
      [snap, effects] = step(snap, message(answer));
      prompts.push(...said(effects));
    }
    expect(prompts[0]).toMatch(/best moment/);
    expect(prompts[1]).toMatch(/how much of "buy walking shoes/);
    // What helped and what was learned are said back in the client's own words.
    expect(prompts[3]).toMatch(/"a friend came"/);
    expect(prompts[5]).toMatch(/"mornings work"/);
    expect(prompts[6]).toMatch(/too ambitious, too cautious, or about right/);
    expect(snap.value).toMatchObject({ program: { active: "idle" } });
    expect(snap.context.goals[0]!.lastPercent).toBe(70);
    expect(said(effects).join("\n")).toMatch(/plan for the week ahead, Sam:\n {2}- buy walking shoes/);
    const close = of(effects, "closeConversation")[0]!;
    expect(close.summary).toMatch(/achievement \(buy walking shoes on Saturday morning\): 70%/);
  });

  it("lets the client change an earlier answer with /change until the check-in closes", () => {
    let [snap] = step(onboarded(), command("checkin"));
    [snap] = drive(snap, ["8", "the shop trip", "40"]);
    let effects: ClientEffect[];
    [snap, effects] = step(snap, command("change"));
    expect(said(effects)[0]).toBe(catalog.messages.changeWhich);
    const feelingKey = snap.context.conversation!.asked.indexOf("achievement.g1") + 1;
    [snap, effects] = step(snap, message(String(feelingKey)));
    expect(said(effects)[0]).toMatch(/how much of/);
    [snap, effects] = step(snap, message("60"));
    expect(said(effects)[0]).toBe(catalog.messages.changeSaved);
    expect(said(effects)[1]).toMatch(/What helped/);
    [snap, effects] = drive(snap, ["a friend", "mornings", "about_right", "keep"]);
    expect(snap.context.goals[0]!.lastPercent).toBe(60);
    expect(of(effects, "closeConversation")[0]!.summary).toMatch(/: 60%/);
  });

  it("answers a low week with a learning reflection and records the lapse without changing stage", () => {
    const [snap, effects] = drive(step(onboarded(), command("checkin"))[0], checkinAnswers(20));
    expect(said(effects).join(" ")).toMatch(/useful information/);
    expect(said(effects).join(" ")).not.toMatch(/fail|should have/i);
    expect(of(effects, "recordStageChange")).toEqual([
      expect.objectContaining({ from: "preparation", to: "preparation", reason: expect.stringMatching(/^lapse/) }),
    ]);
    expect(snap.context.domains.exercise!.stage).toBe("preparation");
  });

  it("treats two abandoned weeks as a relapse: re-stages, tells the coach, and offers a fresh goal", () => {
    let snap = onboarded();
    snap = drive(step(snap, command("checkin", "2026-12-01T09:00:00Z"))[0], checkinAnswers(0), "2026-12-01T09:00:00Z")[0];
    const [restaging, effects] = drive(step(snap, command("checkin", "2026-12-08T09:00:00Z"))[0], checkinAnswers(0), "2026-12-08T09:00:00Z");
    expect(restaging.context.conversation?.script).toBe("restage");
    expect(said(effects).at(-1)).toMatch(/stepping back happens/);
    const [after, restageEffects] = step(restaging, message("within_6_months", undefined, "2026-12-08T09:00:00Z"));
    expect(after.context.domains.exercise!.stage).toBe("contemplation");
    expect(of(restageEffects, "recordStageChange")[0]).toMatchObject({ from: "preparation", to: "contemplation" });
    expect(of(restageEffects, "notifyCoach")[0]!.text).toMatch(/Sam has stepped back from exercise/);
    // The reason the coach reads says what Sam chose, as Sam saw it.
    expect(of(restageEffects, "recordStageChange")[0]!.reason).toBe("relapse after preparation: Sometime in the next 6 months");
    expect(after.context.conversation?.script).toBe("goal_setting");
  });

  it("moves action to maintenance once the behavior has been kept up for six months", () => {
    const [snap] = drive(fresh(), [
      "Sam",
      "exercise",
      "yes",
      "under_6",
      "skip",
      "8",
      "skip",
      "no",
      "no",
      "walk 30 minutes on Monday, Wednesday and Friday this week",
      "9",
    ]);
    const later = "2027-06-01T09:00:00.000Z";
    const [after, effects] = drive(step(snap, command("checkin", later))[0], ["8", "x", "90", "x", "x", "about_right", "kept_up", "keep"], later);
    expect(after.context.domains.exercise!.stage).toBe("maintenance");
    expect(of(effects, "recordStageChange")[0]).toMatchObject({ from: "action", to: "maintenance" });
    expect(said(effects).join(" ")).toMatch(/maintenance stage/);
  });

  it("tells a client with an open check-in where they were instead of starting another", () => {
    const [inCheckIn] = step(onboarded(), command("checkin"));
    const [snap, effects] = step(inCheckIn, command("checkin"));
    expect(snap.context.conversation?.id).toBe(inCheckIn.context.conversation?.id);
    expect(said(effects)[1]).toMatch(/how are you doing/i);
  });

  it("raises challenge flags for the coach from the weekly history, once", () => {
    let snap = onboarded();
    const effects: ClientEffect[] = [];
    for (const [i, day] of ["2026-12-01", "2026-12-08", "2026-12-15"].entries()) {
      const when = `${day}T09:00:00.000Z`;
      const perGoal = snap.context.goals.flatMap(() => ["the shop trip", String(30 + i), "a friend came", "mornings work", "about_right"]);
      const [next, e] = drive(step(snap, command("checkin", when))[0], ["8", ...perGoal, "new_goal"], when);
      // Each time, keep every goal and set one more while results stay low.
      [snap] = drive(next, [...next.context.goals.map(() => "keep"), `walk ${10 + i} minutes daily this week`, "8"], when);
      expect(snap.context.goals).toHaveLength(2 + i);
      effects.push(...e);
    }
    const challenges = of(effects, "raiseFlag")
      .filter((f) => f.kind === "challenge")
      .map((f) => f.detail);
    expect(challenges.filter((d) => d === "over ambitious")).toHaveLength(1);
  });
});

describe("safety", () => {
  it("pauses the flow, shares crisis resources, alerts the coach at once and records a flag", () => {
    const [snap] = step(onboarded(), command("checkin"));
    const [held, effects] = step(snap, message("honestly I don’t want to be here anymore"));
    expect(said(effects)[0]).toMatch(/more than a coaching conversation can hold/);
    expect(said(effects)[0]).toMatch(/988/);
    expect(of(effects, "notifyCoach")).toEqual([expect.objectContaining({ urgent: true, text: expect.stringMatching(/^URGENT: Sam/) })]);
    expect(of(effects, "raiseFlag")).toEqual([expect.objectContaining({ kind: "crisis", severity: "urgent" })]);
    expect(held.matches({ safety: "held" })).toBe(true);
    expect(held.context.conversation?.answers.feeling).toBeUndefined();
    // The script does not continue on the next ordinary message.
    const [stillHeld, reminder] = step(held, message("7"));
    expect(said(reminder)[0]).toMatch(/paused/);
    expect(stillHeld.context.conversation?.answers.feeling).toBeUndefined();
    // /continue welcomes the client back first (see "after a safety hold" below).
    const [resumed, resumedEffects] = step(stillHeld, command("continue"));
    expect(resumed.matches({ safety: "welcomingBack" })).toBe(true);
    expect(said(resumedEffects)).toEqual([expect.stringMatching(/Welcome back, Sam\. .*how are you now\?/)]);
  });

  it("treats a medical emergency the same way, and ignores idioms", () => {
    const [, medical] = step(onboarded(), message("I have crushing chest pain right now"));
    expect(of(medical, "raiseFlag")[0]).toMatchObject({ kind: "medical_emergency" });
    const [, idiom] = step(onboarded(), message("this workout is killing me haha"));
    expect(of(idiom, "raiseFlag")).toEqual([]);
  });

  it.each([
    ["a goal being set", "newgoal", "I've been saving up my sleeping pills", "crisis"],
    ["a check-in", "checkin", "I gave away my things this week, this is goodbye", "crisis"],
    ["the wellbeing assessment", "assessment", "the pain is spreading to my left arm and jaw", "medical_emergency"],
    ["nothing open", null, "I feel like a burden to my family", "crisis"],
  ] as const)("shares resources at once whatever is open (%s), for warning signs without the obvious words", (_open, opener, text, kind) => {
    const snap = opener ? step(onboarded(), command(opener))[0] : onboarded();
    const before = snap.context.conversation?.answers;
    const [held, effects] = step(snap, message(text));
    // Someone in crisis gets the lifeline; a medical emergency gets the emergency number only.
    if (kind === "crisis") expect(said(effects)[0]).toMatch(/988/);
    else expect(said(effects)[0]).toMatch(/call 911/i);
    expect(of(effects, "raiseFlag")).toEqual([expect.objectContaining({ kind, severity: "urgent" })]);
    expect(of(effects, "notifyCoach")).toEqual([expect.objectContaining({ urgent: true })]);
    expect(held.matches({ safety: "held" })).toBe(true);
    expect(held.context.conversation?.answers).toEqual(before);
  });

  it("points a medical emergency to emergency services, not to a crisis line, then and while held", () => {
    const [held, effects] = step(onboarded(), message("I get chest pain on the stairs"));
    expect(said(effects)[0]).toMatch(/^Sam, what you describe could need medical attention/);
    expect(said(effects)[0]).toMatch(/call 911/i);
    expect(said(effects)[0]).not.toMatch(/988|Suicide|Crisis/);
    const [, reminder] = step(held, message("no"));
    expect(said(reminder)[0]).toMatch(/call 911/i);
    expect(said(reminder)[0]).not.toMatch(/988|Suicide|Crisis/);
    // A crisis later in the same hold gets the lifeline.
    const [, crisis] = step(held, message("I want to die"));
    expect(said(crisis)[0]).toMatch(/988/);
  });

  it("picks the helplines from the client's own time zone, whatever LOCALE says (en-US here)", () => {
    const inZone = (text: string, timezone: string): ClientEvent => ({ ...message(text), timezone });
    const [held, london] = step(onboarded(), inZone("I want to die", "Europe/London"));
    expect(said(london)[0]).toMatch(/call 999 now[\s\S]*Samaritans: call 116 123/);
    expect(said(london)[0]).not.toMatch(/911|988/);
    // While held, the reminder names the same country's help.
    expect(said(step(held, inZone("ok", "Europe/London"))[1])[0]).toMatch(/Samaritans/);
    // A medical emergency: that country's emergency number, from the same choice.
    const [, medical] = step(onboarded(), inZone("I have crushing chest pain right now", "Europe/London"));
    expect(said(medical)[0]).toMatch(/Call 999 now/);
    expect(said(medical)[0]).not.toMatch(/911/);
    expect(said(step(onboarded(), inZone("I want to die", "America/Toronto"))[1])[0]).toMatch(/988 \(Suicide Crisis Helpline\)/);
    // A country with no helplines of its own gets the international wording, never another country's numbers.
    const berlin = said(step(onboarded(), inZone("I want to die", "Europe/Berlin"))[1])[0];
    expect(berlin).toMatch(/call your local emergency number now \(112 in most of Europe/);
    // Not pointed first at another country's line (the generic wording named the US one).
    expect(berlin).not.toMatch(/call 911 now|988|In the US/);
    // Ireland has Samaritans too (116 123), and 112 or 999 for emergencies.
    const dublin = said(step(onboarded(), inZone("I want to die", "Europe/Dublin"))[1])[0];
    expect(dublin).toMatch(/call 112 or 999 now[\s\S]*Samaritans: call 116 123/);
    expect(said(step(onboarded(), inZone("I have crushing chest pain right now", "Europe/Dublin"))[1])[0]).toMatch(/Call 112 or 999 now/);
    // A zone of no country (UTC, the default) falls back to LOCALE.
    expect(said(step(onboarded(), inZone("I want to die", "UTC"))[1])[0]).toMatch(/call 911 now[\s\S]*988 \(Suicide & Crisis Lifeline\)/);
  });

  it.each([
    ["a check-in", "checkin", /pausing our conversation right here/],
    ["nothing open", null, /pausing coaching for now/],
  ] as const)("says what it pauses by what is open (%s)", (_open, opener, wording) => {
    const snap = opener ? step(onboarded(), command(opener))[0] : onboarded();
    const [, effects] = step(snap, message("I want to die"));
    expect(said(effects)[0]).toMatch(wording);
    expect(said(effects)[0]).not.toMatch(/check-in right here/);
  });

  it("takes over a check-in answer that names self-harm: never echoed back, coach alerted", () => {
    const [snap] = drive(step(onboarded(), command("checkin"))[0], ["3", "skip", "20"]);
    const [held, effects] = step(snap, message("I self-harmed again last night"));
    expect(said(effects)).toHaveLength(1);
    expect(said(effects)[0]).toMatch(/^Sam, thank you for telling me/);
    expect(said(effects).join("\n")).not.toMatch(/Good to know/);
    expect(of(effects, "notifyCoach")).toEqual([
      expect.objectContaining({ urgent: true, text: expect.stringMatching(/^URGENT: Sam .*"I self-harmed again last night"/) }),
    ]);
    expect(of(effects, "recordAnswer")).toEqual([]);
    expect(held.matches({ safety: "held" })).toBe(true);
  });

  it("names the client during onboarding by the name they just gave", () => {
    const [snap] = drive(fresh(), ["Eli", "exercise", "no", "within_30_days", "8"]);
    const [, effects] = step(snap, message("I get chest pain on the stairs and want to fix that"));
    expect(said(effects)[0]).toMatch(/^Eli, /);
    expect(of(effects, "notifyCoach")[0]!.text).toMatch(/^URGENT: Eli described/);
    // Written to the client's row now, so reminders and the digest name them too.
    expect(of(effects, "recordProfile")).toEqual([{ name: "Eli" }]);
  });

  it("names a client who has not given a name by their platform name, else by their platform id", () => {
    const from = { platform: "slack", platformUserId: "U0NEW" };
    const kms = (sender: MessageSender): ClientEvent => ({ type: "MESSAGE", at, text: "kms", from: sender });
    const [, named] = step(fresh(), kms({ ...from, displayName: "Robin Smith" }));
    expect(said(named)[0]).toMatch(/^Robin Smith, thank you/);
    expect(of(named, "notifyCoach")[0]!.text).toMatch(/^URGENT: Robin Smith wrote/);
    const [, unnamed] = step(fresh(), kms(from));
    expect(said(unnamed)[0]).toMatch(/^Hi, thank you/);
    expect(of(unnamed, "notifyCoach")[0]!.text).toMatch(/^URGENT: A new client \(Slack user U0NEW\) wrote/);
    expect(of(unnamed, "recordProfile")).toEqual([]);
  });

  it("screens even during onboarding, before any answer is taken", () => {
    const [held, effects] = step(fresh(), message("kms"));
    expect(held.matches({ safety: "held" })).toBe(true);
    expect(held.context.conversation?.answers.name).toBeUndefined();
    expect(of(effects, "notifyCoach")).toHaveLength(1);
  });
});

describe("vision, reviews and program lifecycle", () => {
  it("records a vision with up to three three-month goals, and reviews them monthly", () => {
    let [snap, effects] = drive(step(onboarded(), command("vision"))[0], ["Energy to play with my kids", "walk 5k", "skip"]);
    expect(snap.context.vision).toBe("Energy to play with my kids");
    expect(snap.context.threeMonthGoals.map((g) => g.text)).toEqual(["walk 5k"]);
    expect(of(effects, "recordGoal")).toEqual([expect.objectContaining({ kind: "three_month", text: "walk 5k" })]);
    [snap, effects] = step(snap, { type: "GOAL_REVIEW_DUE", at });
    expect(said(effects)[0]).toMatch(/"Energy to play with my kids"/);
    [snap, effects] = drive(snap, ["9", "my first 3k", "40", "8", "no"]);
    expect(snap.context.threeMonthPercent).toBe(40);
    expect(snap.value).toMatchObject({ program: { active: "idle" } });
  });

  it("flags a client under half of their three-month goals at week 6", () => {
    // Only a client with three-month goals can be behind on them: the vision comes first.
    const [withVision] = drive(step(onboarded(), command("vision"))[0], ["Energy to play with my kids", "walk 5k", "skip"]);
    const [snap] = drive(step(withVision, command("review", "2027-01-12T09:00:00Z"))[0], ["9", "x", "30", "6", "no"], "2027-01-12T09:00:00Z");
    expect(snap.context.threeMonthPercent).toBe(30);
    expect(snap.context.raisedChallenges.behind_at_halfway).toBeDefined();
  });

  it("refreshes the program with a new three-month plan", () => {
    const [snap, effects] = drive(step(onboarded(), { type: "PROGRAM_REVIEW_DUE", at })[0], ["my consistency", "refresh", "fortnightly"]);
    expect(said(effects).join(" ")).toMatch(/next three months/);
    expect(snap.context.conversation?.script).toBe("vision");
  });

  it("closes the program with an evaluation, and sends nothing more", () => {
    const [closed, effects] = drive(step(onboarded(), { type: "PROGRAM_REVIEW_DUE", at })[0], [
      "my consistency",
      "close",
      "moving city",
      "small steps",
      "9",
      "more sessions",
      "yes",
    ]);
    expect(closed.value).toMatchObject({ program: "closed" });
    expect(of(effects, "recordProfile")).toContainEqual({ status: "closed" });
    const [still, after] = step(closed, { type: "CHECKIN_DUE", at });
    expect(still.value).toMatchObject({ program: "closed" });
    expect(said(after)).toEqual([]);
  });
});

describe("commands and snapshots", () => {
  it("answers /status with each domain's stage and /goals with the goals", () => {
    expect(said(step(onboarded(), command("status"))[1])[0]).toMatch(/Exercise: getting ready \(since 2026-11-24\)\n {2}Nutrition: thinking about it/);
    expect(said(step(onboarded(), command("goals"))[1])[0]).toMatch(/buy walking shoes/);
  });

  it("answers an unknown command helpfully", () => {
    expect(said(step(onboarded(), command("dance"))[1])[0]).toMatch(/"\/dance".*\/help/);
  });

  it("survives a persist/restore round trip mid-conversation", () => {
    const [inCheckIn] = step(onboarded(), command("checkin"));
    const restored = restoreSnapshot(machine, catalog, 4, JSON.parse(JSON.stringify(persistSnapshot(inCheckIn))));
    const [next, effects] = step(restored, message("9"));
    expect(next.context.conversation?.answers.feeling).toBe(9);
    expect(said(effects)[0]).toMatch(/best moment/i);
  });

  it("migrates a version-1 snapshot with a check-in open", () => {
    const v1 = {
      value: { active: "inCheckIn" },
      context: {
        name: "Sam",
        focusDomain: "exercise",
        conversationsStarted: 2,
        domains: { exercise: { stage: "action", since: at, criterionMetSince: at } },
        conversation: { script: "checkin", id: "checkin-2", openedAt: at, stepKey: "feeling", answers: {}, asked: ["feeling"] },
      },
    };
    const restored = restoreSnapshot(machine, catalog, 1, v1 as never);
    expect(restored.value).toEqual({ program: { active: "conversing" }, safety: "clear", checkins: "running", session: "none" });
    const [next] = step(restored, message("6"));
    expect(next.context.conversation?.answers.feeling).toBe(6);
  });

  it("migrates a version-5 session in its close: its close-phase notes stay private, and the coach reads the summary before it is sent", () => {
    let [snap] = step(onboarded(), { type: "SESSION_START", at, lengthMinutes: 30 });
    for (let i = 0; i < 4; i++) [snap] = step(snap, { type: "SESSION_NEXT", at });
    [snap] = step(snap, { type: "SESSION_NOTE", at, text: "possible low mood, consider referral to GP" });
    const { shared: _shared, previewed: _previewed, ...v5Session } = snap.context.session!;
    const v5 = JSON.parse(JSON.stringify({ ...persistSnapshot(snap), context: { ...snap.context, session: v5Session } }));
    const restored = restoreSnapshot(machine, catalog, 5, v5);
    expect(restored.value).toMatchObject({ session: "close" });

    const [sharedSnap] = step(restored, { type: "SESSION_SHARE", at, text: "small steps count" });
    const [ready, shown] = step(sharedSnap, { type: "SESSION_END", at });
    expect(said(shown)).toEqual([]);
    const preview = of(shown, "notifyCoach")[0]!.text;
    expect(preview).toMatch(/^This is the summary Sam will get\. Nothing has been sent yet\.[\s\S]*- small steps count/);
    expect(preview).not.toMatch(/low mood/);

    const [ended, sent] = step(ready, { type: "SESSION_SEND", at });
    expect(ended.value).toMatchObject({ session: "none" });
    expect(said(sent)).toEqual([expect.stringMatching(/What you are taking away:\n {2}- small steps count$/)]);
    expect([...said(sent), ...of(sent, "notifyCoach").map((n) => n.text)].join("\n")).not.toMatch(/low mood/);
    expect(of(sent, "recordSession")[0]).toMatchObject({ phase: "ended", notes: { close: ["possible low mood, consider referral to GP"] } });
  });

  it("sends no summary the coach has not read", () => {
    let [snap] = step(onboarded(), { type: "SESSION_START", at, lengthMinutes: 30 });
    [snap] = step(snap, { type: "SESSION_SHARE", at, text: "small steps count" });
    const [unsent, effects] = step(snap, { type: "SESSION_SEND", at });
    expect(said(effects)).toEqual([]);
    expect(of(effects, "notifyCoach")[0]!.text).toMatch(/^This is the summary Sam will get/);
    expect(unsent.value).toMatchObject({ session: "opening" });
  });

  it("refuses a snapshot from a newer machine version", () => {
    expect(() => restoreSnapshot(machine, catalog, 99, persistSnapshot(onboarded()))).toThrow(/newer/);
  });
});

describe("answers understood as people write them", () => {
  it("takes the name out of a greeting", () => {
    const [snap, effects] = drive(fresh(), ["hey, I'm Sam"]);
    expect(snap.context.conversation?.answers.name).toBe("Sam");
    expect(said(effects)[0]).toMatch(/^Nice to meet you, Sam\./);
  });

  it("asks about a bare number that could be an option or a length of time, and never stages on it", () => {
    let [snap, effects] = drive(fresh(), ["Sam", "exercise", "yes", "2"]);
    expect(snap.context.conversation?.answers.months_meeting).toBeUndefined();
    expect(said(effects).at(-1)).toMatch(/which did you mean/);
    // "2 months" answers the check; the client is staged in action, not maintenance.
    [snap, effects] = drive(snap, ["2 months"]);
    expect(snap.context.conversation?.answers.months_meeting).toBe("under_6");
  });

  it("reads durations, and lets the client say neither reading was meant", () => {
    let [snap] = drive(fresh(), ["Sam", "exercise", "no", "3"]);
    expect(snap.context.conversation?.confirming?.candidates).toEqual(["not_within_6_months", "within_30_days", "within_6_months"]);
    const [afterNeither, effects] = drive(snap, ["neither"]);
    snap = afterNeither;
    expect(snap.context.conversation?.confirming).toBeUndefined();
    expect(said(effects).at(-1)).toMatch(/thinking of starting/);
    [snap] = drive(snap, ["in 3 months"]);
    expect(snap.context.conversation?.answers.intention).toBe("within_6_months");
  });

  it("confirms a reading it is unsure of before using it", () => {
    const [asked, effects] = drive(step(onboarded(), command("checkin"))[0], ["8", "the shop trip", "most of it"]);
    expect(said(effects).at(-1)).toMatch(/Just to be sure I understood: 75%\?/);
    expect(asked.context.conversation?.answers).not.toHaveProperty("achievement.g1");
    const [taken] = drive(asked, ["yes"]);
    expect(taken.context.conversation?.answers["achievement.g1"]).toBe(75);
  });

  it("says that numbers work when a reply matches no option", () => {
    const [, effects] = drive(fresh(), ["Sam", "gardening"]);
    expect(said(effects).at(-2)).toMatch(/Type its number or a few of its words: 1\) Exercise, 2\) Nutrition/);
  });

  it("exposes declines, telling can't from won't", () => {
    const [snap] = drive(fresh(), ["Sam", "exercise", "no", "within_30_days", "7", "skip", "6", "skip"]);
    const [, cant] = drive(snap, ["I can't"]);
    const [, wont] = drive(snap, ["I won't"]);
    expect(said(cant)[0]).toMatch(/out of reach/);
    expect(said(wont)[0]).toMatch(/your choice/);
  });
});

describe("reflection and variety", () => {
  it("says the client's reason for caring back to them in their own words", () => {
    const [, effects] = drive(fresh(), ["Sam", "exercise", "no", "within_30_days", "7", "I want to keep up with my kids."]);
    expect(said(effects).at(-2)).toMatch(/"I want to keep up with my kids"/);
  });

  it("says nothing back for a skipped answer", () => {
    const [, effects] = drive(fresh(), ["Sam", "exercise", "no", "within_30_days", "7", "skip"]);
    expect(said(effects).join(" ")).not.toMatch(/that's a real reason|keep that in view/);
  });

  it("closes check-ins in varied words, the same for the same client and week", () => {
    const closing = (snap: Snap, when: string) => {
      const [, effects] = drive(step(snap, command("checkin", when))[0], checkinAnswers(70), when);
      return said(effects).find((t) => (catalog.messages.variants.checkinDone ?? []).some((v) => t === v.replace("{name}", "Sam")))!;
    };
    const weeks = Array.from({ length: 8 }, (_, i) => new Date(Date.parse(at) + (i + 1) * 7 * 86_400_000).toISOString());
    const lines = weeks.map((when) => closing(onboarded(), when));
    expect(lines.every(Boolean)).toBe(true);
    expect(new Set(lines).size).toBeGreaterThan(1);
    expect(weeks.map((when) => closing(onboarded(), when))).toEqual(lines);
  });
});
