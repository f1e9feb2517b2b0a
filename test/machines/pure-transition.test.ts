// The engine's transition (one shared inert actor per machine) against XState's own (a new actor
// per call): the same snapshots and the same actions, event after event, through onboarding, the
// assessment, a due check-in with its answers, a missed week and a restore from the stored form.
import { describe, expect, it } from "vitest";
import * as xstate from "xstate";
import { CLIENT_MACHINE_VERSION, type ClientEvent, createClientMachine } from "../../src/machines/client.machine.js";
import * as pure from "../../src/machines/pure-transition.js";
import { persistSnapshot, restoreSnapshot } from "../../src/machines/snapshot.js";
import { catalog } from "../support/harness.js";
import { checkinAnswers, FULL_ONBOARDING } from "../support/scripts.js";

const machine = createClientMachine(catalog, { locale: "en-US" });
type Snap = xstate.SnapshotFrom<typeof machine>;
type Actions = ReturnType<typeof xstate.transition<typeof machine>>[1];

const at = (day: number) => new Date(Date.UTC(2026, 10, 2 + day, 9)).toISOString();
const typed = (text: string, when: string): ClientEvent =>
  text.startsWith("/") ? { type: "COMMAND", at: when, name: text.slice(1), args: [] } : { type: "MESSAGE", at: when, text };

/** What the engine keeps of a step: the stored snapshot and each action's type and parameters. */
const kept = (snap: Snap, actions: Actions) => ({
  status: snap.status,
  stored: JSON.parse(JSON.stringify(persistSnapshot(snap))),
  actions: actions.map((a) => ({ type: a.type, params: a.params })),
});

describe("the engine's pure transition", () => {
  it("gives XState's snapshots and actions for every event of a client's first weeks", () => {
    const [first, firstActions] = xstate.initialTransition(machine, { at: at(0) });
    const [ours, ourActions] = pure.initialTransition(machine, { at: at(0) });
    expect(kept(ours, ourActions)).toEqual(kept(first, firstActions));

    const events: ClientEvent[] = [
      ...FULL_ONBOARDING.map((text) => typed(text, at(0))),
      { type: "CHECKIN_DUE", at: at(7) },
      ...checkinAnswers(80).map((text) => typed(text, at(7))),
      { type: "CHECKIN_DUE", at: at(14) },
      { type: "CHECKIN_REMINDER", at: at(15) },
      { type: "CHECKIN_MISSED", at: at(21), week: "2026-W47" },
      { type: "CHECKIN_DUE", at: at(21) },
      ...checkinAnswers(30, "new_goal").map((text) => typed(text, at(21))),
      { type: "GOAL_REVIEW_DUE", at: at(28) },
      typed("/help", at(28)),
    ];
    let theirs: Snap = first;
    for (const event of events) {
      // Each step starts from the stored form, as the engine's does.
      const restored = restoreSnapshot(machine, catalog, CLIENT_MACHINE_VERSION, persistSnapshot(theirs));
      const [expected, expectedActions] = xstate.transition(machine, restored, event);
      const [actual, actualActions] = pure.transition(machine, restoreSnapshot(machine, catalog, CLIENT_MACHINE_VERSION, persistSnapshot(theirs)), event);
      expect(kept(actual, actualActions), `${event.type} ${"text" in event ? event.text : ""}`).toEqual(kept(expected, expectedActions));
      theirs = expected;
    }
    expect(theirs.context.programStartedAt).not.toBeNull();
  });
});
