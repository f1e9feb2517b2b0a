// The coaching session guide inside the client machine: what the coach is shown at each phase,
// how notes and goals are kept, and the summary the client receives at the close. Notes are the
// coach's alone; the summary holds only the goals agreed and the takeaways the coach shared, and
// the coach reads it (end) before it is sent (send).

import { fillTemplate } from "../domain/script.js";
import { SESSION_PHASES, type SessionPhase, sessionTimeBudget } from "../domain/session-plan.js";
import { type ClientContext, info, type MachineEnv, type RunningSession, stageGroup } from "./client-context.js";
import { type ClientEffect, type EffectParams, effect } from "./effects.js";
import { addWeeklyGoal } from "./finish.js";

const name = (c: ClientContext) => c.name ?? "your client";
const toCoach = (text: string) => effect("notifyCoach", { text, urgent: false });

export function sessionRecord(session: RunningSession, extra: Partial<EffectParams["recordSession"]> = {}): EffectParams["recordSession"] {
  return { key: session.key, lengthMinutes: session.lengthMinutes, phase: session.phase, notes: session.notes, startedAt: session.startedAt, ...extra };
}

/** Sessions run from 10 minutes to 3 hours; anything else is brought into that range. */
export function sessionLength(requested: number): number {
  return Math.min(180, Math.max(10, Math.round(Number.isFinite(requested) ? requested : 30)));
}

export function openSession(env: MachineEnv, c: ClientContext, requestedMinutes: number, at: string): { session: RunningSession; effects: ClientEffect[] } {
  const lengthMinutes = sessionLength(requestedMinutes);
  const session: RunningSession = {
    key: `s${c.sessionsStarted + 1}`,
    lengthMinutes,
    phase: "opening",
    startedAt: at,
    includeThreeMonthReview: c.threeMonthGoals.length > 0,
    notes: {},
    goalIds: [],
    shared: [],
    previewed: null,
  };
  const budget = sessionTimeBudget(lengthMinutes, { includeThreeMonthReview: session.includeThreeMonthReview });
  const plan = SESSION_PHASES.filter((p) => budget[p] > 0)
    .map((p) => `${env.catalog.session.phases[p].label} ${budget[p]}`)
    .join(", ");
  const m = env.catalog.session.messages;
  return {
    session,
    effects: [toCoach(fillTemplate(m.started, { name: name(c), minutes: lengthMinutes, plan })), effect("recordSession", sessionRecord(session))],
  };
}

/** Entering a phase: the coach sees its time budget and checklist; the phase is recorded. */
export function enterPhase(env: MachineEnv, session: RunningSession, phase: SessionPhase): { session: RunningSession; effects: ClientEffect[] } {
  const moved = { ...session, phase };
  const budget = sessionTimeBudget(session.lengthMinutes, { includeThreeMonthReview: session.includeThreeMonthReview });
  const guide = env.catalog.session.phases[phase];
  const text = fillTemplate(env.catalog.session.messages.phaseGuide, {
    phase: guide.label,
    minutes: budget[phase],
    checklist: guide.checklist.map((item) => `  [ ] ${item}`).join("\n"),
  });
  return { session: moved, effects: [toCoach(text), effect("recordSession", sessionRecord(moved))] };
}

export function addNote(env: MachineEnv, c: ClientContext, session: RunningSession, text: string): { session: RunningSession; effects: ClientEffect[] } {
  const notes = { ...session.notes, [session.phase]: [...(session.notes[session.phase] ?? []), text] };
  const noted = { ...session, notes };
  const phase = env.catalog.session.phases[session.phase].label;
  return {
    session: noted,
    effects: [toCoach(fillTemplate(env.catalog.session.messages.noteSaved, { phase, name: name(c) })), effect("recordSession", sessionRecord(noted))],
  };
}

/** A takeaway the coach chose to share: it joins the client's summary. */
export function addShared(env: MachineEnv, c: ClientContext, session: RunningSession, text: string): { session: RunningSession; effects: ClientEffect[] } {
  const shared = { ...session, shared: [...session.shared, text] };
  return { session: shared, effects: [toCoach(fillTemplate(env.catalog.session.messages.shareSaved, { name: name(c), text }))] };
}

/** A goal agreed in the session joins the client's weekly goals, in the kind their stage calls for. */
export function addSessionGoal(env: MachineEnv, c: ClientContext, session: RunningSession, text: string, at: string) {
  const m = env.catalog.session.messages;
  if (c.goals.length >= env.catalog.rules.limits.weeklyGoals) return { context: {}, effects: [toCoach(fillTemplate(m.goalLimit, { name: name(c) }))] };
  const group = stageGroup(c.focusDomain ? c.domains[c.focusDomain]?.stage : undefined);
  const kind = group === "smart" ? "behavioral" : group === "plan" ? "plan" : "thinking";
  const added = addWeeklyGoal(c, { text, kind, confidence: null, setIn: `session ${session.key}`, at });
  const withGoal = { ...session, goalIds: [...session.goalIds, added.goal.id] };
  return {
    context: { ...added.context, session: withGoal },
    effects: [added.effect, toCoach(fillTemplate(m.goalSaved, { name: name(c), goal: text }))],
  };
}

/** What the client receives: the goals agreed in this session and the shared takeaways, nothing else. */
export function clientSummary(env: MachineEnv, c: ClientContext, session: RunningSession): string {
  const m = env.catalog.session.messages;
  const goals = c.goals.filter((g) => session.goalIds.includes(g.id));
  return [
    // Before the client has told us their name (a session booked during onboarding), the summary addresses nobody by a stand-in.
    c.name ? fillTemplate(m.clientSummary, { name: c.name }) : m.clientSummary.replace(/,? \{name\}/, ""),
    ...(goals.length ? goals.map((g) => fillTemplate(m.clientSummaryGoal, { goal: g.text })) : [m.clientSummaryNoGoals]),
    ...(session.shared.length ? ["", m.clientSummaryNotes, ...session.shared.map((t) => `  - ${t}`)] : []),
  ].join("\n");
}

/** The coach reads the summary exactly as the client would get it; nothing is sent yet. */
export function previewSummary(env: MachineEnv, c: ClientContext, session: RunningSession): { session: RunningSession; effects: ClientEffect[] } {
  const summary = clientSummary(env, c, session);
  return { session: { ...session, previewed: summary }, effects: [toCoach(fillTemplate(env.catalog.session.messages.preview, { name: name(c), summary }))] };
}

/** True when the summary still reads as the coach last saw it, so sending it sends what they read. */
export function previewIsCurrent(env: MachineEnv, c: ClientContext, session: RunningSession): boolean {
  return session.previewed !== null && session.previewed === clientSummary(env, c, session);
}

export function closeSession(env: MachineEnv, c: ClientContext, session: RunningSession, at: string): ClientEffect[] {
  const m = env.catalog.session.messages;
  const summary = clientSummary(env, c, session);
  return [
    effect("say", { prompts: [info("session-summary", summary)] }),
    effect("recordSession", sessionRecord({ ...session, phase: session.phase }, { phase: "ended", endedAt: at, summary })),
    toCoach(fillTemplate(m.ended, { name: name(c) })),
  ];
}
