// Persisted form of a client machine snapshot, and migration of snapshots written by older
// machine versions (restoring a snapshot whose state no longer exists would throw).
import type { SnapshotFrom } from "xstate";
import type { Catalog, ScriptId } from "../domain/catalog.js";
import { planConversation } from "../domain/script.js";
import { CLIENT_MACHINE_VERSION, type ClientContext, type ClientMachine } from "./client.machine.js";
import { INITIAL_CONTEXT } from "./client-context.js";
import { conversationOutdated, nextPlanned, type OpenConversation } from "./conversation.js";

export interface PersistedClientSnapshot {
  value: unknown;
  context: ClientContext;
}

type Migration = (s: PersistedClientSnapshot, catalog: Catalog) => PersistedClientSnapshot;

/** Index n migrates a version-n snapshot to version n+1. Add one whenever the version is bumped. */
const MIGRATIONS: Record<number, Migration> = {
  // v2: goals, histories and safety hold in context; conversations carry their plan and facts;
  // the check-in state became the general "conversing" state.
  1: (s, catalog) => {
    const old = s.context as unknown as Record<string, unknown> & { conversation: { script: ScriptId; asked: string[] } | null };
    const conversation = old.conversation
      ? { ...old.conversation, plan: planConversation(catalog.scripts[old.conversation.script], { goals: [], domains: [] }), facts: {} }
      : null;
    const value = JSON.stringify(s.value) === JSON.stringify({ active: "inCheckIn" }) ? { active: "conversing" } : s.value;
    return { value, context: { ...INITIAL_CONTEXT, ...(old as object), conversation } as ClientContext };
  },
  // v3: the program states moved into a "program" region beside the new "session" region.
  2: (s) => ({ value: { program: s.value, session: "none" }, context: { ...s.context, session: null, sessionsStarted: 0 } }),
  // v4: clients can pause check-ins.
  3: (s) => ({ value: s.value, context: { ...s.context, paused: false } }),
  // v5: a short first conversation; the wellbeing check is offered afterwards. Clients onboarded
  // before it went through the full check (all health questions) as part of onboarding. One still
  // in the old onboarding is moved to the first step of the new one it has not answered.
  4: (s, catalog) => {
    const old = s.context;
    const onboarded = old.programStartedAt !== null;
    const context: ClientContext = {
      ...old,
      wellbeingCheck: { offeredAt: null, doneAt: onboarded ? old.programStartedAt : null },
      healthScreened: onboarded
        ? [
            "sleep_or_appetite_changed",
            "weight_changed",
            "exercise_beyond_capacity",
            "outbursts",
            "panic_or_breathless",
            "doctor_advised",
            "exertion_symptoms",
            "injury_or_surgery",
          ]
        : [],
      conversation: old.conversation?.script === "onboarding" ? replanned(catalog, old.conversation) : old.conversation,
    };
    return { value: s.value, context };
  },
  // v6: session notes are private; the summary holds only takeaways the coach shares, and is
  // shown to the coach before it is sent. A running session starts with nothing shared (its
  // close-phase notes stay private) and no preview.
  5: (s) => ({ value: s.value, context: { ...s.context, session: s.context.session ? { ...s.context.session, shared: [], previewed: null } : null } }),
  6: migrateV6ToV7StageSteps,
  7: migrateV7toV8,
};

/**
 * v7: each area's stage is a small machine of its own (stage.machine.ts) that can wait for the
 * client's answer: "restarting" after a relapse, "confirming" before action. In v6 the only such
 * wait was a restage conversation left open after a relapse, always about the focus area: that
 * area is now waiting in "restarting", so the answer still moves it. Nothing else waits, and no
 * "not yet" has been said (countFrom).
 */
export function migrateV6ToV7StageSteps(s: PersistedClientSnapshot): PersistedClientSnapshot {
  const old = s.context;
  const restarting = old.conversation?.script === "restage" ? old.focusDomain : null;
  const domains = Object.fromEntries(
    Object.entries(old.domains).map(([key, progress]) => [
      key,
      {
        ...progress,
        step: key === restarting && progress.stage !== "contemplation" && progress.stage !== "precontemplation" ? ("restarting" as const) : null,
        countFrom: null,
      },
    ]),
  );
  return { value: s.value, context: { ...old, domains } };
}

/**
 * v8: a safety hold, paused check-ins and a closed program became machine states (regions
 * "safety" and "checkins"; the "closed" program state) instead of context booleans, and
 * conversations that fall due while another is open are queued. Reads only the v6 fields it
 * replaces, so it works whether or not v7's step ran (any stage fields pass through untouched).
 */
export function migrateV7toV8(s: PersistedClientSnapshot): PersistedClientSnapshot {
  const { safetyHold, paused, closed, ...context } = s.context as ClientContext & { safetyHold?: boolean; paused?: boolean; closed?: boolean };
  const value = { ...(s.value as Record<string, unknown>) };
  if (closed === true) value.program = "closed";
  value.safety = safetyHold === true ? "held" : "clear";
  value.checkins = paused === true ? "paused" : "running";
  return { value, context: { ...context, queued: context.queued ?? [] } };
}

function replanned(catalog: Catalog, conversation: OpenConversation): OpenConversation {
  const plan = planConversation(catalog.scripts.onboarding, { goals: [], domains: [] });
  const keys = new Set(plan.map((p) => p.key));
  const answers = Object.fromEntries(Object.entries(conversation.answers).filter(([key]) => keys.has(key)));
  const base = { ...conversation, plan, answers, asked: conversation.asked.filter((key) => keys.has(key)) };
  if (keys.has(conversation.stepKey)) return base;
  const next = nextPlanned(catalog, base, answers, base.asked.at(-1));
  // Nothing left to ask: the last answer is asked again, so finishing it completes onboarding.
  return next ? { ...base, stepKey: next.key, asked: [...base.asked, next.key] } : { ...base, stepKey: base.asked.at(-1) ?? plan[0]!.key };
}

export function persistSnapshot(snapshot: SnapshotFrom<ClientMachine>): PersistedClientSnapshot {
  return { value: snapshot.value, context: snapshot.context };
}

/**
 * Snapshots resolved by XState, by machine and state value. Resolving walks the machine's state
 * nodes twice and rebuilds the value from them, the same work for every client in the same states:
 * about a tenth of the bot's CPU in a scheduler pass. Clients share a few hundred state values at
 * most; the bound only guards against the unforeseen.
 */
const resolvedByValue = new WeakMap<ClientMachine, Map<string, SnapshotFrom<ClientMachine>>>();
const MAX_RESOLVED_VALUES = 2000;

export function restoreSnapshot(
  machine: ClientMachine,
  catalog: Catalog,
  machineVersion: number,
  stored: PersistedClientSnapshot,
): SnapshotFrom<ClientMachine> {
  const current = migrated(catalog, machineVersion, stored);
  let resolved = resolvedByValue.get(machine);
  if (!resolved) resolvedByValue.set(machine, (resolved = new Map()));
  const key = JSON.stringify(current.value);
  const known = resolved.get(key);
  // A machine snapshot is a plain object whose only per-client part, with no child actors and no
  // history states (this machine has neither), is its context: XState's own clones spread it too.
  if (known) return { ...known, context: current.context };
  const snapshot = machine.resolveState({ value: current.value as never, context: current.context });
  if (resolved.size < MAX_RESOLVED_VALUES) resolved.set(key, snapshot);
  return snapshot;
}

/**
 * A stored snapshot brought to this machine version: how every reader outside the engine (the
 * coach's views) reads the machine's context, never the raw JSON of an older version.
 */
export function migrated(catalog: Catalog, machineVersion: number, stored: PersistedClientSnapshot): PersistedClientSnapshot {
  if (machineVersion > CLIENT_MACHINE_VERSION) {
    throw new Error(`Snapshot was written by client machine v${machineVersion}, newer than this code (v${CLIENT_MACHINE_VERSION}).`);
  }
  let current = stored;
  for (let v = machineVersion; v < CLIENT_MACHINE_VERSION; v++) {
    const migrate = MIGRATIONS[v];
    if (!migrate) throw new Error(`No migration from client machine v${v} to v${v + 1}.`);
    current = migrate(current, catalog);
  }
  return current;
}

/**
 * The open conversation when the flows loaded now can no longer walk it (a step was renamed or
 * removed since it opened). The engine then sends CONVERSATION_OUTDATED before the client's event,
 * so that event (even /help) meets no half-missing script.
 */
export function outdatedConversation(catalog: Catalog, snapshot: SnapshotFrom<ClientMachine>): OpenConversation | null {
  const open = snapshot.context.conversation;
  return open && conversationOutdated(catalog, open) ? open : null;
}
