// Transitions of the client machine, computed with XState's pure functions (no actor, no IO).
import { describe, expect, it } from "vitest";
import { initialTransition, transition, type SnapshotFrom } from "xstate";
import { createClientMachine, type ClientEvent } from "../../src/machines/client.machine.js";
import type { ClientEffect } from "../../src/machines/effects.js";
import { persistSnapshot, restoreSnapshot } from "../../src/machines/snapshot.js";
import { catalog } from "../support/harness.js";

const machine = createClientMachine(catalog);
type Snap = SnapshotFrom<typeof machine>;
const at = "2026-11-24T09:00:00.000Z";

function step(snapshot: Snap, event: ClientEvent): [Snap, ClientEffect[]] {
  const [next, actions] = transition(machine, snapshot, event);
  return [next, actions.filter((a) => !a.type.startsWith("xstate.")) as unknown as ClientEffect[]];
}
const message = (text: string, promptId?: string): ClientEvent => ({ type: "MESSAGE", at, text, ...(promptId ? { promptId } : {}) });
const said = (effects: ClientEffect[]) => effects.flatMap((e) => (e.type === "say" ? e.params.prompts.map((p) => p.text) : []));

function onboarded(answers: string[]): [Snap, ClientEffect[]] {
  let [snap] = initialTransition(machine, { at });
  let effects: ClientEffect[] = [];
  for (const a of answers) [snap, effects] = step(snap, message(a));
  return [snap, effects];
}

describe("client machine: onboarding", () => {
  it("starts in onboarding and asks for a name", () => {
    const [snap, actions] = initialTransition(machine, { at });
    expect(snap.value).toBe("onboarding");
    const say = actions.find((a) => a.type === "say") as unknown as ClientEffect & { type: "say" };
    expect(say.params.prompts[0]!.text).toMatch(/what name/i);
    expect(say.params.prompts[0]!.input.kind).toBe("text");
  });

  it("asks how long the criterion has been met only to those who meet it", () => {
    let [snap, effects] = onboarded(["Sam", "exercise"]);
    [snap, effects] = step(snap, message("yes"));
    expect(said(effects).join()).toMatch(/how long/i);
    [snap, effects] = onboarded(["Sam", "exercise", "no"]);
    expect(said(effects).join()).toMatch(/thinking of starting/i);
  });

  it.each([
    [["yes", "6_or_more"], "maintenance"],
    [["yes", "under_6"], "action"],
    [["no", "within_30_days"], "preparation"],
    [["no", "within_6_months"], "contemplation"],
    [["no", "not_within_6_months"], "precontemplation"],
  ])("stages %j as %s and records the transition", (readiness, stage) => {
    const [snap, effects] = onboarded(["Sam", "exercise", ...readiness, "5", "skip", "5", "skip"]);
    expect(snap.value).toEqual({ active: "idle" });
    expect(snap.context.domains.exercise?.stage).toBe(stage);
    const change = effects.find((e) => e.type === "recordStageChange");
    expect(change?.params).toMatchObject({ domain: "exercise", from: null, to: stage, importance: 5, confidence: 5 });
    expect(said(effects).join()).toContain(catalog.messages.stageIntro[stage as "action"].slice(0, 20).replace("{name}", "Sam"));
  });

  it("never pushes precontemplation to act", () => {
    const [, effects] = onboarded(["Sam", "exercise", "no", "not_within_6_months", "2", "skip", "3", "skip"]);
    const text = said(effects).join(" ");
    expect(text).toMatch(/no pressure/i);
    expect(text).not.toMatch(/make a plan|set a goal|first step|start doing/i);
  });

  it("records each answer as soon as it is given", () => {
    let [snap] = initialTransition(machine, { at });
    const recorded: string[] = [];
    for (const a of ["Sam", "exercise", "no"]) {
      const [next, effects] = step(snap, message(a));
      snap = next;
      recorded.push(...effects.flatMap((e) => (e.type === "recordAnswer" ? [`${e.params.questionKey}=${e.params.value}`] : [])));
    }
    expect(recorded).toEqual(["name=Sam", "domain=exercise", "meets_criterion=no"]);
  });

  it("re-asks kindly on an out-of-range number without advancing", () => {
    const [snap] = onboarded(["Sam", "exercise", "no", "within_30_days"]);
    const [after, effects] = step(snap, message("42"));
    expect(said(effects)[0]).toMatch(/whole number from 0 to 10/);
    expect(said(effects)[1]).toMatch(/how important/i);
    expect(after.context.conversation?.stepKey).toBe("importance");
  });

  it("accepts an option by its number or its label", () => {
    const [byNumber] = onboarded(["Sam", "2"]);
    expect(byNumber.context.conversation?.answers.domain).toBe("nutrition");
    const [byLabel] = onboarded(["Sam", "Sleep"]);
    expect(byLabel.context.conversation?.answers.domain).toBe("sleep");
  });

  it("revises an earlier answer when its button is pressed again, without moving on", () => {
    const [snap] = onboarded(["Sam", "exercise", "no"]);
    const conversation = snap.context.conversation!;
    const [after, effects] = step(snap, message("nutrition", `${conversation.id}:domain`));
    expect(after.context.conversation?.answers.domain).toBe("nutrition");
    expect(after.context.conversation?.stepKey).toBe(conversation.stepKey);
    expect(effects.some((e) => e.type === "recordAnswer" && e.params.questionKey === "domain")).toBe(true);
  });

  it("answers a button from another conversation as stale", () => {
    const [snap] = onboarded(["Sam"]);
    const [, effects] = step(snap, message("exercise", "checkin-9:feeling"));
    expect(said(effects)[0]).toBe(catalog.messages.staleAnswer);
  });
});

describe("client machine: active", () => {
  const ready = () => onboarded(["Sam", "exercise", "no", "within_30_days", "7", "skip", "6", "skip"])[0];

  it("answers /status with each domain's stage", () => {
    const [, effects] = step(ready(), { type: "COMMAND", at, name: "status", args: [] });
    expect(said(effects)[0]).toMatch(/Exercise: getting ready/);
  });

  it("answers an unknown command helpfully", () => {
    const [, effects] = step(ready(), { type: "COMMAND", at, name: "dance", args: [] });
    expect(said(effects)[0]).toMatch(/"\/dance".*\/help/);
  });

  it("runs a check-in and closes it with a summary and stored answers", () => {
    let [snap, effects] = step(ready(), { type: "COMMAND", at, name: "checkin", args: [] });
    expect(snap.value).toEqual({ active: "inCheckIn" });
    for (const answer of ["8", "a long walk", "60", "my friend", "mornings work"]) [snap, effects] = step(snap, message(answer));
    expect(snap.value).toEqual({ active: "idle" });
    expect(effects.filter((e) => e.type === "recordAnswer")).toHaveLength(1);
    const close = effects.find((e) => e.type === "closeConversation");
    expect(close?.params.summary).toContain("achievement: 60%");
  });

  it("tells a client with an open check-in where they were instead of starting another", () => {
    const [inCheckIn] = step(ready(), { type: "COMMAND", at, name: "checkin", args: [] });
    const [snap, effects] = step(inCheckIn, { type: "COMMAND", at, name: "checkin", args: [] });
    expect(snap.context.conversation?.id).toBe(inCheckIn.context.conversation?.id);
    expect(said(effects)[1]).toMatch(/how are you doing/i);
  });

  it("survives a persist/restore round trip", () => {
    const [inCheckIn] = step(ready(), { type: "COMMAND", at, name: "checkin", args: [] });
    const restored = restoreSnapshot(machine, 1, JSON.parse(JSON.stringify(persistSnapshot(inCheckIn))));
    const [next, effects] = step(restored, message("9"));
    expect(next.context.conversation?.answers.feeling).toBe(9);
    expect(said(effects)[0]).toMatch(/best moment/i);
  });

  it("refuses a snapshot from a newer machine version", () => {
    expect(() => restoreSnapshot(machine, 99, persistSnapshot(ready()))).toThrow(/newer/);
  });
});
