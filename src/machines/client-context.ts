// What the client machine remembers between events (persisted in the actor snapshot).
import type { Catalog } from "../domain/catalog.js";
import type { ProgressWeek } from "../domain/challenges.js";
import type { WeekOutcome } from "../domain/lapse.js";
import type { Prompt } from "../domain/prompt.js";
import type { SessionPhase } from "../domain/session-plan.js";
import type { Stage } from "../domain/stages.js";
import type { ConversationVars, OpenConversation } from "./conversation.js";

export interface DomainProgress {
  stage: Stage;
  since: string;
  /** Since when the behavior criterion has been met (action/maintenance), for the 6-month rule. */
  criterionMetSince: string | null;
}

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
  /** Set when screening found a crisis or medical emergency: the script waits for /continue. */
  safetyHold: boolean;
  closed: boolean;
  session: RunningSession | null;
  sessionsStarted: number;
  /** Check-ins paused by the client (vacation); the scheduler reads the same on the client row. */
  paused: boolean;
  /**
   * The wellbeing check of the other areas and the remaining health questions, kept out of the
   * first conversation so it stays short. Offered once the first goal is saved and open any time
   * with /assessment; a scheduler can offer it again while `doneAt` is null.
   */
  wellbeingCheck: { offeredAt: string | null; doneAt: string | null };
  /** Health questions already answered (before an exercise goal, or in the wellbeing check). */
  healthScreened: string[];
  // Optional: added without a machine version bump, so snapshots without them read the defaults.
  /** Facts for the conversation opened next (a check-in's "new or adjusted goal" reviews the goals first). */
  nextFacts?: Record<string, string>;
  /** When the client was last invited to write a vision, and what they said (yes or later). */
  visionInvitation?: { at: string; answer: "yes" | "later" };
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
  safetyHold: false,
  closed: false,
  session: null,
  sessionsStarted: 0,
  paused: false,
  wellbeingCheck: { offeredAt: null, doneAt: null },
  healthScreened: [],
};

/** Fixed for a machine instance: the wording and rules, and the locale for crisis resources. */
export interface MachineEnv {
  catalog: Catalog;
  locale: string;
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
