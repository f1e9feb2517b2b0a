// The program over time, as states of the client machine: lifecycle, the open conversation, pause
// and safety hold; what a scheduled conversation does when another is open; the welcome back after
// a hold; a flow edit under an open conversation; snapshots of older machines.
import { describe, expect, it } from "vitest";
import { initialTransition, type SnapshotFrom, transition } from "xstate";
import type { Catalog } from "../../src/domain/catalog.js";
import { type ClientEvent, createClientMachine } from "../../src/machines/client.machine.js";
import type { ClientEffect, EffectParams } from "../../src/machines/effects.js";
import { outdatedConversation, persistSnapshot, restoreSnapshot } from "../../src/machines/snapshot.js";
import { catalog } from "../support/harness.js";
import { ASSESSMENT, checkinAnswers, FIRST_GOAL, ONBOARDING } from "../support/scripts.js";

const machine = createClientMachine(catalog, { locale: "en-US" });
type Snap = SnapshotFrom<typeof machine>;
const at = "2026-11-24T09:00:00.000Z";
const later = (hours: number) => new Date(Date.parse(at) + hours * 3_600_000).toISOString();

function stepWith(m: typeof machine, snapshot: Snap, event: ClientEvent): [Snap, ClientEffect[]] {
  const [next, actions] = transition(m, snapshot, event);
  if (next.status === "error") throw (next as { error?: unknown }).error;
  return [next, actions.filter((a) => !a.type.startsWith("xstate.")) as unknown as ClientEffect[]];
}
const step = (snapshot: Snap, event: ClientEvent) => stepWith(machine, snapshot, event);
const message = (text: string, when = at): ClientEvent => ({ type: "MESSAGE", at: when, text });
const command = (name: string, when = at, args: string[] = []): ClientEvent => ({ type: "COMMAND", at: when, name, args });
const said = (effects: ClientEffect[]) => effects.flatMap((e) => (e.type === "say" ? e.params.prompts.map((p) => p.text) : []));
const of = <K extends ClientEffect["type"]>(effects: ClientEffect[], type: K) => effects.filter((e) => e.type === type).map((e) => e.params as EffectParams[K]);
function drive(snap: Snap, answers: string[], when = at): [Snap, ClientEffect[]] {
  const all: ClientEffect[] = [];
  for (const a of answers) {
    const [next, effects] = step(snap, message(a, when));
    snap = next;
    all.push(...effects);
  }
  return [snap, all];
}
const fresh = () => initialTransition(machine, { at })[0];
const onboarded = () => drive(step(drive(fresh(), [...ONBOARDING, ...FIRST_GOAL])[0], command("assessment"))[0], ASSESSMENT)[0];
/** Goal setting opened and its first question answered at `when`, then left. */
const halfwayThroughNewGoal = (when = at) =>
  drive(step(onboarded(), command("newgoal", when))[0], ["walk 20 minutes on Monday, Wednesday and Friday this week"], when)[0];

describe("the program is states, not flags", () => {
  it("shows lifecycle, safety and check-ins as regions of the machine", () => {
    expect(onboarded().value).toEqual({ program: { active: "idle" }, safety: "clear", checkins: "running", session: "none" });
    const [paused, effects] = step(onboarded(), command("pause", at, ["2026-12-20"]));
    expect(paused.matches({ checkins: "paused" })).toBe(true);
    // No time zone on the event: UTC. The pause covers the whole 20th.
    expect(of(effects, "recordProfile")).toEqual([{ status: "paused", pausedUntil: "2026-12-21T00:00:00.000Z" }]);
    // A paused client asked for no check-ins: none starts.
    const [still, due] = step(paused, { type: "CHECKIN_DUE", at: later(24) });
    expect(still.context.conversation).toBeNull();
    expect(said(due)).toEqual([]);
    const [resumed] = step(paused, command("resume"));
    expect(resumed.matches({ checkins: "running" })).toBe(true);
    // Not a date at all: the format, with an example two weeks from today (never one already past).
    expect(said(step(onboarded(), command("pause", at, ["yesterday"]))[1])[0]).toMatch(/\/pause 2026-12-08/);
  });

  it("a pause date already past is answered kindly, with an example from today; nothing is paused", () => {
    const [still, effects] = step(onboarded(), command("pause", at, ["2026-11-20"]));
    expect(still.matches({ checkins: "running" })).toBe(true);
    expect(of(effects, "recordProfile")).toEqual([]);
    const [reply] = said(effects);
    expect(reply).toContain("2026-11-20 has already passed");
    expect(reply).toContain("/pause 2026-12-08");
    expect(reply).not.toContain("2026-12-31");
  });

  it("/status while paused says until when, and says nothing of a pause once resumed", () => {
    const [paused] = step(onboarded(), command("pause", at, ["2026-12-20"]));
    expect(said(step(paused, command("status", later(1)))[1])[0]).toContain("paused until 2026-12-20");
    const [open] = step(onboarded(), command("pause", at));
    expect(said(step(open, command("status", later(1)))[1])[0]).toMatch(/paused until you type \/resume/);
    const [resumed] = step(paused, command("resume", later(2)));
    expect(said(step(resumed, command("status", later(3)))[1])[0]).not.toContain("paused");
  });

  it("reads a pause's last day on the client's own calendar: it ends as their next day starts", () => {
    // 03:00 UTC on 25 November is still the evening of the 24th in Los Angeles: the 25th is a future day there.
    const inLosAngeles = { ...command("pause", "2026-11-25T03:00:00.000Z", ["2026-11-25"]), timezone: "America/Los_Angeles" };
    const [paused, effects] = step(onboarded(), inLosAngeles);
    expect(paused.matches({ checkins: "paused" })).toBe(true);
    expect(of(effects, "recordProfile")).toEqual([{ status: "paused", pausedUntil: "2026-11-26T08:00:00.000Z" }]);
    expect(said(effects)).toEqual([expect.stringContaining("paused until 2026-11-25")]);
    // Already the 25th in Tokyo: not a future day there.
    const inTokyo = { ...command("pause", "2026-11-24T16:00:00.000Z", ["2026-11-25"]), timezone: "Asia/Tokyo" };
    expect(said(step(onboarded(), inTokyo)[1])[0]).toMatch(/^2026-11-25 is today/);
  });

  it("keeps no booleans for pause, hold or closed in its context", () => {
    const context = onboarded().context as unknown as Record<string, unknown>;
    for (const key of ["paused", "safetyHold", "closed"]) expect(context).not.toHaveProperty(key);
  });
});

describe("snapshots of older machines", () => {
  /** A version-6 snapshot as the engine stored it: booleans in context, two regions. */
  const v6 = (snap: Snap, flags: { safetyHold?: boolean; paused?: boolean; closed?: boolean }, value?: unknown) => {
    const { queued: _queued, ...context } = JSON.parse(JSON.stringify(snap.context)) as Snap["context"];
    const { safety: _s, checkins: _c, ...regions } = snap.value as Record<string, unknown>;
    return { value: value ?? regions, context: { ...context, safetyHold: false, paused: false, closed: false, ...flags } };
  };

  it("restores a v6 client held for safety mid check-in, paused, into states, and carries on", () => {
    const [inCheckIn] = step(onboarded(), command("checkin"));
    const restored = restoreSnapshot(machine, catalog, 6, v6(inCheckIn, { safetyHold: true, paused: true }) as never);
    expect(restored.value).toEqual({ program: { active: "conversing" }, safety: "held", checkins: "paused", session: "none" });
    expect(restored.context.queued).toEqual([]);
    expect(said(step(restored, message("7"))[1])[0]).toMatch(/paused/);
    const [welcoming] = step(restored, command("continue"));
    expect(welcoming.matches({ safety: "welcomingBack" })).toBe(true);
  });

  it("restores a v6 closed program into the closed state", () => {
    const restored = restoreSnapshot(machine, catalog, 6, v6(onboarded(), { closed: true }, { program: { active: "idle" }, session: "none" }) as never);
    expect(restored.matches({ program: "closed" })).toBe(true);
    expect(said(step(restored, { type: "CHECKIN_DUE", at })[1])).toEqual([]);
  });

  it("restores a v7 snapshot with stage fields it does not know, keeping them", () => {
    const stored = v6(onboarded(), {});
    const v7 = { ...stored, context: { ...stored.context, stageHistory: [{ domain: "exercise", by: "client" }] } };
    const restored = restoreSnapshot(machine, catalog, 7, v7 as never);
    expect((restored.context as unknown as { stageHistory: unknown[] }).stageHistory).toHaveLength(1);
    expect(restored.matches({ safety: "clear", checkins: "running" })).toBe(true);
  });
});

describe("nothing scheduled is dropped", () => {
  it("queues a check-in that falls due during a fresh conversation and offers it when that one ends", () => {
    const open = halfwayThroughNewGoal();
    const [queued, effects] = step(open, { type: "CHECKIN_DUE", at: later(1) });
    expect(said(effects)[0]).toMatch(/weekly check-in is due as well, Sam\. We'll do it as soon as we've finished this one/);
    expect(queued.context.conversation?.id).toBe(open.context.conversation?.id);
    expect(queued.context.queued).toEqual([{ script: "checkin", dueAt: later(1) }]);
    // Finishing goal setting (its confidence question) opens the check-in straight away.
    const [after, finished] = step(queued, message("8", later(2)));
    expect(after.context.conversation?.script).toBe("checkin");
    expect(after.context.queued).toEqual([]);
    const text = said(finished);
    const intro = text.indexOf("Next, your weekly check-in, which came due today:");
    expect(intro).toBeGreaterThan(-1);
    expect(text[intro + 1]).toMatch(/how are you doing/i);
    expect(after.matches({ program: { active: "conversing" } })).toBe(true);
  });

  it("queues a goal review behind an open check-in, once, however often it is offered", () => {
    const [inCheckIn] = step(onboarded(), command("checkin"));
    let [snap] = step(inCheckIn, { type: "GOAL_REVIEW_DUE", at: later(1) });
    [snap] = step(snap, { type: "GOAL_REVIEW_DUE", at: later(7) });
    expect(snap.context.queued).toEqual([{ script: "goal_review", dueAt: later(1) }]);
    const [after] = drive(snap, checkinAnswers(70), later(8));
    expect(after.context.conversation?.script).toBe("goal_review");
  });

  it("a review due while the previous review is still open is announced, queued and offered after it", () => {
    const [week4] = step(onboarded(), { type: "GOAL_REVIEW_DUE", at });
    const week6At = later(14 * 24);
    const [snap, effects] = step(week4, { type: "GOAL_REVIEW_DUE", at: week6At });
    expect(said(effects)[0]).toBe("Your goal review is due as well, Sam. We'll do it as soon as we've finished this one.");
    expect(snap.context.queued).toEqual([{ script: "goal_review", dueAt: week6At }]);
    expect(snap.context.conversation?.openedAt).toBe(at);
    const [after, finished] = drive(snap, ["a good walk", "8", "no"], later(14 * 24 + 1));
    expect(said(finished)).toContain("Next, your goal review, which came due today:");
    expect(after.context.conversation?.script).toBe("goal_review");
    expect(after.context.conversation?.openedAt).toBe(later(14 * 24 + 1));
    expect(after.context.queued).toEqual([]);
  });

  it("sets aside a conversation untouched for a day, keeping its answers, and starts the due check-in", () => {
    const open = halfwayThroughNewGoal();
    const dueAt = later(3 * 24);
    const [snap, effects] = step(open, { type: "CHECKIN_DUE", at: dueAt });
    expect(snap.context.conversation?.script).toBe("checkin");
    expect(of(effects, "closeConversation")).toEqual([
      expect.objectContaining({
        conversationKey: open.context.conversation!.id,
        status: "set_aside",
        summary: expect.stringMatching(/^\(set aside: untouched since 2026-11-24/),
      }),
    ]);
    expect(said(effects)[0]).toMatch(
      /Your goal setting from 3 days ago is still unfinished, Sam, so I've set it aside \(what you answered is saved\)\. Let's do your weekly check-in now\./,
    );
    expect(said(effects)[1]).toMatch(/How are you doing/i);
  });

  it("offers a scheduled review set aside for the check-in again once the check-in is done", () => {
    const [review] = step(onboarded(), { type: "GOAL_REVIEW_DUE", at });
    const [inCheckIn, effects] = step(review, { type: "CHECKIN_DUE", at: later(24) });
    expect(said(effects)[0]).toMatch(/Your goal review from yesterday is still unfinished/);
    expect(inCheckIn.context.queued).toEqual([{ script: "goal_review", dueAt: at }]);
    const [after, finished] = drive(inCheckIn, checkinAnswers(70), later(25));
    expect(said(finished)).toContain("Next, your goal review, which came due yesterday:");
    expect(after.context.conversation?.script).toBe("goal_review");
  });

  it("starts a queued check-in at its reminder when the conversation ahead of it was left for a day", () => {
    const [queued] = step(halfwayThroughNewGoal(), { type: "CHECKIN_DUE", at: later(1) });
    const [snap, effects] = step(queued, { type: "CHECKIN_REMINDER", at: later(25) });
    expect(snap.context.conversation?.script).toBe("checkin");
    expect(of(effects, "closeConversation")[0]).toMatchObject({ status: "set_aside" });
  });

  it("holds a due check-in silently during a safety hold and offers it after the welcome back", () => {
    const [held] = step(onboarded(), message("I feel like a burden to my family"));
    const [waiting, due] = step(held, { type: "CHECKIN_DUE", at: later(1) });
    expect(said(due)).toEqual([]);
    expect(waiting.context.queued).toEqual([{ script: "checkin", dueAt: later(1) }]);
    const [asked] = step(waiting, command("continue", later(30)));
    const [back, effects] = step(asked, message("a bit better, thanks", later(30)));
    expect(back.matches({ safety: "clear" })).toBe(true);
    expect(said(effects).join("\n")).toMatch(/Thank you for telling me, Sam[\s\S]*Next, your weekly check-in, which came due yesterday:/);
    expect(back.context.conversation?.script).toBe("checkin");
  });

  it("a hold across two check-in days offers this week's check-in, not last week's", () => {
    const [held] = step(onboarded(), message("I feel like a burden to my family"));
    const [first] = step(held, { type: "CHECKIN_DUE", at: later(1) });
    // Last week's is recorded as missed by the scheduler (CHECKIN_MISSED) when this one falls due.
    const [waiting, due] = step(first, { type: "CHECKIN_DUE", at: later(7 * 24 + 1) });
    expect(said(due)).toEqual([]);
    expect(waiting.context.queued).toEqual([{ script: "checkin", dueAt: later(7 * 24 + 1) }]);
    const [asked] = step(waiting, command("continue", later(7 * 24 + 12)));
    const [back, effects] = step(asked, message("a bit better, thanks", later(7 * 24 + 12)));
    expect(said(effects)).toContain("Next, your weekly check-in, which came due today:");
    expect(back.context.conversation?.script).toBe("checkin");
    expect(back.context.queued).toEqual([]);
  });
});

describe("after a safety hold", () => {
  it("welcomes the client back and asks how they are, instead of resuming mid-form", () => {
    let [snap] = step(onboarded(), command("checkin"));
    [snap] = drive(snap, ["7", "a long walk"]);
    const [held] = step(snap, message("honestly I don't want to be here anymore"));
    const [welcoming, asked] = step(held, command("continue"));
    expect(said(asked)).toEqual([expect.stringMatching(/^Welcome back, Sam\. Before anything else: how are you now\?$/)]);
    const [back, effects] = step(welcoming, message("calmer now, I talked to my sister"));
    const text = said(effects).join("\n");
    expect(text).toMatch(/Thank you for telling me, Sam/);
    expect(text).toMatch(/Your weekly check-in is set aside and what you answered is saved\. Type \/checkin whenever/);
    expect(text).not.toMatch(/What helped you get that far|achievement|best moment/i);
    expect(back.context.conversation).toBeNull();
    expect(of(effects, "closeConversation")[0]).toMatchObject({ status: "set_aside" });
    expect(of(effects, "recordAnswer")).toEqual([]);
  });

  it("keeps screening the answer to how they are now", () => {
    const [held] = step(onboarded(), message("kms"));
    const [welcoming] = step(held, command("continue"));
    const [again, effects] = step(welcoming, message("still want to kill myself"));
    expect(again.matches({ safety: "held" })).toBe(true);
    expect(of(effects, "raiseFlag")).toHaveLength(1);
  });

  it("carries on with the first conversation, which the program cannot start without", () => {
    const [asked] = drive(fresh(), ["Sam", "exercise"]);
    const [held] = step(asked, message("kms"));
    const [welcoming] = step(held, command("continue"));
    const [back, effects] = step(welcoming, message("ok now"));
    expect(back.context.conversation?.script).toBe("onboarding");
    expect(said(effects).at(-1)).toMatch(/\?/);
  });
});

describe("flow versions", () => {
  /** The loaded flows with the check-in's "best_experience" step renamed, as a coach's edit would. */
  const edited: Catalog = {
    ...catalog,
    scripts: {
      ...catalog.scripts,
      checkin: {
        ...catalog.scripts.checkin,
        steps: catalog.scripts.checkin.steps.map((s) => (s.key === "best_experience" ? { ...s, key: "best_moment" } : s)),
      },
    },
  };
  const editedMachine = createClientMachine(edited, { locale: "en-US" });

  it("records the flow version a conversation was opened with", () => {
    const [inCheckIn] = step(onboarded(), command("checkin"));
    expect(inCheckIn.context.conversation?.flowVersion).toMatch(/^[0-9a-f]{8}$/);
  });

  it("closes a conversation whose step was renamed kindly, and the client carries on, /help included", () => {
    const [inCheckIn] = drive(step(onboarded(), command("checkin"))[0], ["7"]);
    const stored = JSON.parse(JSON.stringify(persistSnapshot(inCheckIn)));
    const restored = restoreSnapshot(editedMachine, edited, 8, stored);
    expect(outdatedConversation(edited, restored)?.stepKey).toMatch(/^best_experience/);
    const [closed, effects] = stepWith(editedMachine, restored, { type: "CONVERSATION_OUTDATED", at });
    expect(closed.context.conversation).toBeNull();
    expect(of(effects, "closeConversation")).toEqual([
      expect.objectContaining({ status: "set_aside", summary: expect.stringMatching(/flow changed[\s\S]*feeling: 7/) }),
    ]);
    expect(said(effects)[0]).toMatch(
      /the questions of your weekly check-in changed since we started it, so I've closed it\. What you answered is saved\. .*\/checkin/,
    );
    const [, help] = stepWith(editedMachine, closed, command("help"));
    expect(said(help)[0]).toMatch(/\/checkin/);
    const [again] = stepWith(editedMachine, closed, command("checkin"));
    expect(again.context.conversation?.stepKey).toBe("feeling");
  });

  it("leaves a conversation alone when its steps all still exist", () => {
    const [inCheckIn] = step(onboarded(), command("checkin"));
    const wordingOnly: Catalog = {
      ...catalog,
      scripts: { ...catalog.scripts, checkin: { ...catalog.scripts.checkin, steps: [...catalog.scripts.checkin.steps] } },
    };
    expect(outdatedConversation(wordingOnly, inCheckIn)).toBeNull();
    const { flowVersion: _v, ...unversioned } = inCheckIn.context.conversation!;
    expect(outdatedConversation(catalog, { ...inCheckIn, context: { ...inCheckIn.context, conversation: unversioned } } as Snap)).toBeNull();
  });
});
