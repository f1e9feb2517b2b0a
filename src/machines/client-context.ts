// What the client machine remembers between events (persisted in the actor snapshot).
import type { Catalog, ScriptId } from "../domain/catalog.js";
import type { ProgressWeek } from "../domain/challenges.js";
import type { WeekOutcome } from "../domain/lapse.js";
import type { Prompt } from "../domain/prompt.js";
import type { SafetyConcern } from "../domain/safety.js";
import type { SessionPhase } from "../domain/session-plan.js";
import { isOneOffAction } from "../domain/smart-goal.js";
import type { Stage } from "../domain/stages.js";
import type { ConversationVars, OpenConversation } from "./conversation.js";
import type { DomainProgress } from "./stage.machine.js";

export type { DomainProgress } from "./stage.machine.js";

export type GoalKind = "thinking" | "plan" | "behavioral";

export interface WeeklyGoal {
  id: string;
  kind: GoalKind;
  text: string;
  domain: string;
  confidence: number | null;
  setAt: string;
  lastPercent: number | null;
}

export interface ThreeMonthGoal {
  id: string;
  text: string;
  setAt: string;
}

/** A coaching session the coach is running now, phase by phase. */
export interface RunningSession {
  key: string;
  lengthMinutes: number;
  phase: SessionPhase;
  startedAt: string;
  /** The three-month review is a monthly phase: only when the client has three-month goals. */
  includeThreeMonthReview: boolean;
  /** The coach's own notes, by phase: never part of anything sent to the client. */
  notes: Partial<Record<SessionPhase, string[]>>;
  goalIds: string[];
  /** Takeaways the coach chose to share: with the goals agreed, all the client's summary holds. */
  shared: string[];
  /** The summary as last shown to the coach; it is sent only while it still reads the same. */
  previewed: string | null;
}

export interface QueuedConversation {
  script: ScriptId;
  dueAt: string;
}

export interface ClientContext {
  name: string | null;
  focusDomain: string | null;
  domains: Record<string, DomainProgress>;
  goals: WeeklyGoal[];
  threeMonthGoals: ThreeMonthGoal[];
  vision: string | null;
  conversation: OpenConversation | null;
  conversationsStarted: number;
  goalsCreated: number;
  /** Weekly results, oldest first (last 12), for challenge detection. */
  weeks: ProgressWeek[];
  /** Weekly results per domain, oldest first (last 12), for lapse and relapse. */
  lapseHistory: Record<string, WeekOutcome[]>;
  /** Challenge kind -> ISO week it was last raised, so the coach is not told every week. */
  raisedChallenges: Record<string, string>;
  threeMonthPercent: number | null;
  programStartedAt: string | null;
  // A safety hold, paused check-ins and a closed program are machine states (regions "safety",
  // "checkins" and "program"), not fields here: since machine v8.
  session: RunningSession | null;
  sessionsStarted: number;
  /**
   * Conversations that fell due while another was open, oldest first: offered as soon as the open
   * one ends, so nothing scheduled is dropped.
   */
  queued: QueuedConversation[];
  /**
   * The wellbeing check of the other areas and the remaining health questions, kept out of the
   * first conversation so it stays short. Offered once the first goal is saved and open any time
   * with /assessment; a scheduler can offer it again while `doneAt` is null.
   */
  wellbeingCheck: { offeredAt: string | null; doneAt: string | null };
  /** Health questions already answered (before an exercise goal, or in the wellbeing check). */
  healthScreened: string[];
  /**
   * Areas held back by an open referral flag (a physician's release before exercise): their
   * plan and behavioral goals are paused until the coach resolves the flag. Optional: older
   * snapshots have none; read it with pausedAreasOf.
   */
  pausedAreas?: string[];
  // Optional: added without a machine version bump, so snapshots without them read the defaults.
  /** Facts for the conversation opened next (a check-in's "new or adjusted goal" reviews the goals first). */
  nextFacts?: Record<string, string>;
  /** The last day (YYYY-MM-DD, their calendar) of the pause they asked for; null for a pause until /resume, absent when not paused. */
  pausedThrough?: string | null;
  /** When the client was last invited to write a vision, and what they said (yes or later). */
  visionInvitation?: { at: string; answer: "yes" | "later" };
  /** What the current safety hold is about, so reminders point to the right help. */
  heldFor?: SafetyConcern;
}

export const INITIAL_CONTEXT: ClientContext = {
  name: null,
  focusDomain: null,
  domains: {},
  goals: [],
  threeMonthGoals: [],
  vision: null,
  conversation: null,
  conversationsStarted: 0,
  goalsCreated: 0,
  weeks: [],
  lapseHistory: {},
  raisedChallenges: {},
  threeMonthPercent: null,
  programStartedAt: null,
  session: null,
  sessionsStarted: 0,
  queued: [],
  wellbeingCheck: { offeredAt: null, doneAt: null },
  healthScreened: [],
};

export function pausedAreasOf(context: ClientContext): string[] {
  return context.pausedAreas ?? [];
}

/** A goal that waits for a referral flag: doing something in a held area. Thinking goals go on. */
export function goalIsPaused(context: ClientContext, goal: { domain: string; kind: GoalKind }): boolean {
  return goal.kind !== "thinking" && pausedAreasOf(context).includes(goal.domain);
}

/**
 * A plan step that is one action done once ("buy walking shoes on Saturday"): once reported done at
 * a check-in it leaves the list and the next step is asked for. Read from the words each time, so
 * goals set before this rule get it too. A behavioral goal is the week's habit, kept up.
 */
export function goalIsOneOff(goal: { kind: GoalKind; text: string }): boolean {
  return goal.kind === "plan" && isOneOffAction(goal.text);
}

/** Who wrote, as the platform knows them: names a client in an alert before they have given a name. */
export interface MessageSender {
  platform: string;
  platformUserId: string;
  displayName?: string;
}

/** Fixed for a machine instance: the wording and rules, and the locale for crisis resources. */
export interface MachineEnv {
  catalog: Catalog;
  locale: string;
}

/**
 * The name they chose: saved, or typed in the first conversation, which is not finished yet.
 * Read from a stored snapshot too (the digest), where either part may be missing.
 */
export function chosenName(context: Partial<Pick<ClientContext, "name" | "conversation">>): string | null {
  if (context.name) return context.name;
  const typed = context.conversation?.script === "onboarding" ? context.conversation.answers.name : undefined;
  return typeof typed === "string" && typed.trim() !== "" ? typed.trim() : null;
}

/** The zone an event's days are read in: the client's, which the engine sends with it; UTC for a bare machine. */
export function zoneOf(event: { timezone?: string }): string {
  return event.timezone ?? "UTC";
}

export function conversationVars(context: ClientContext): ConversationVars {
  return {
    name: context.name,
    domainKey: context.focusDomain,
    goals: Object.fromEntries(context.goals.map((g) => [g.id, g.text])),
  };
}

export const info = (id: string, text: string): Prompt => ({ id, text, input: { kind: "none" } });

export function stageGroup(stage: Stage | undefined): "early" | "plan" | "smart" {
  if (stage === "preparation") return "plan";
  if (stage === "action" || stage === "maintenance") return "smart";
  return "early";
}

/** Keeps the newest `max` entries of a history list. */
export function keepLast<T>(list: T[], max = 12): T[] {
  return list.length > max ? list.slice(list.length - max) : list;
}
