// The engine's transition (one shared inert actor per machine) against XState's own (a new actor
// per call): the same snapshots and the same actions, event after event, through onboarding, the
// assessment, a due check-in with its answers, a missed week and a restore from the stored form.
// Restoring reuses what XState resolved for the same state value: checked against XState's own
// resolveState at every step, and for two clients in the same states.
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

  it("restores what XState's resolveState gives, at every step, and keeps each client's context its own", () => {
    /** The snapshot as XState resolves it, and as the engine reads and steps it. */
    const seen = (snap: Snap) => ({
      status: snap.status,
      value: snap.value,
      context: snap.context,
      tags: [...snap.tags].sort(),
      held: snap.matches({ safety: "held" }),
    });
    const [first] = xstate.initialTransition(machine, { at: at(0) });
    const events: ClientEvent[] = [
      ...FULL_ONBOARDING.map((text) => typed(text, at(0))),
      { type: "CHECKIN_DUE", at: at(7) },
      ...checkinAnswers(80).map((text) => typed(text, at(7))),
      { type: "CHECKIN_MISSED", at: at(14), week: "2026-W47" },
      typed("/pause 2026-12-31", at(14)),
    ];
    let current: Snap = first;
    for (const event of events) {
      const stored = JSON.parse(JSON.stringify(persistSnapshot(current)));
      const byXState = machine.resolveState({ value: stored.value, context: stored.context });
      // The first restore of a state value may resolve it; the second certainly reuses it.
      for (const restored of [
        restoreSnapshot(machine, catalog, CLIENT_MACHINE_VERSION, stored),
        restoreSnapshot(machine, catalog, CLIENT_MACHINE_VERSION, stored),
      ]) {
        expect(seen(restored)).toEqual(seen(byXState));
        expect(kept(...pure.transition(machine, restored, event))).toEqual(kept(...pure.transition(machine, byXState, event)));
      }
      current = pure.transition(machine, byXState, event)[0];
    }

    // Two clients in the same states: neither's restore or step shows or changes the other's context.
    const ana = JSON.parse(JSON.stringify(persistSnapshot(current)));
    const ben = { value: ana.value, context: { ...ana.context, name: "Ben", focusDomain: "sleep" } };
    const anaRestored = restoreSnapshot(machine, catalog, CLIENT_MACHINE_VERSION, ana);
    const benRestored = restoreSnapshot(machine, catalog, CLIENT_MACHINE_VERSION, ben);
    expect([anaRestored.context.name, benRestored.context.name]).toEqual([ana.context.name, "Ben"]);
    const [benNext] = pure.transition(machine, benRestored, typed("/resume", at(15)));
    expect(benNext.context.name).toBe("Ben");
    expect(anaRestored.context).toEqual(ana.context);
    expect(restoreSnapshot(machine, catalog, CLIENT_MACHINE_VERSION, ana).context).toEqual(ana.context);
  });
});
