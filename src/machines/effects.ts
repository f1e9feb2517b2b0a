// What the client machine asks the outside world to do. The machine only decides; the engine
// persists these in the same transaction as the snapshot, then the outbox delivers messages.
import type { FlagKind } from "../domain/flags.js";
import type { AnswerValue, Prompt } from "../domain/prompt.js";
import type { Stage } from "../domain/stages.js";

export type ClientStatus = "onboarding" | "active" | "paused" | "closed";

/** Who moved a stage: the client's own answers, their coach, or the program's rules. */
export type StageActor = "client" | "coach" | "system";

/** One edge of an area's stage graph, and the area's record after it, exactly as the machine holds it. */
export interface StageChange {
  domain: string;
  from: Stage | null;
  to: Stage;
  /** Why, in words (the coach's own reason when they moved it). */
  reason: string;
  at: string;
  since: string;
  criterionMetSince: string | null;
  by: StageActor;
  /** The coach who moved it, when `by` is "coach". */
  coachId?: string;
  importance?: number;
  confidence?: number;
}

export interface AnswerRecord {
  conversationKey: string;
  script: string;
  openedAt: string;
  questionKey: string;
  value: AnswerValue;
  at: string;
}

export interface ConversationClose {
  conversationKey: string;
  closedAt: string;
  summary: string;
  /** "set_aside": left unfinished (a stale conversation, a flow edit, a safety hold); not answered. */
  status?: "closed" | "set_aside";
}

export type { FlagKind } from "../domain/flags.js";

export interface FlagRecord {
  kind: FlagKind;
  severity: "urgent" | "attention" | "info";
  detail: string;
  suggestedApproach?: string;
  at: string;
  /** The area whose goals wait until the coach resolves the flag (see domain/flags.ts). */
  pausesArea?: string;
}

export interface GoalRecord {
  key: string;
  kind: "thinking" | "plan" | "behavioral" | "three_month";
  text: string;
  domain: string | null;
  confidence: number | null;
  smart: boolean;
  /** "replaced": an adjusted goal took its place; "paused": held by a referral flag. */
  status: "active" | "done" | "dropped" | "paused" | "replaced";
  setIn: string;
}

export interface EffectParams {
  say: { prompts: Prompt[] };
  /** Sent to the client's coach at once (not in the next digest). */
  notifyCoach: { text: string; urgent: boolean };
  recordProfile: { name?: string; status?: ClientStatus; vision?: string; programStartAt?: string; pausedUntil?: string | null };
  recordStageChange: StageChange;
  recordAnswer: AnswerRecord;
  closeConversation: ConversationClose;
  raiseFlag: FlagRecord;
  recordGoal: GoalRecord;
  recordAssessment: { answers: Record<string, AnswerValue>; at: string };
  recordSession: {
    key: string;
    lengthMinutes: number;
    phase: string;
    notes: Record<string, string[]>;
    startedAt: string;
    endedAt?: string;
    summary?: string;
  };
}

export type ClientEffect = { [K in keyof EffectParams]: { type: K; params: EffectParams[K] } }[keyof EffectParams];

export const EFFECT_TYPES = [
  "say",
  "notifyCoach",
  "recordProfile",
  "recordStageChange",
  "recordAnswer",
  "closeConversation",
  "raiseFlag",
  "recordGoal",
  "recordAssessment",
  "recordSession",
] as const satisfies readonly (keyof EffectParams)[];

/** Builds an effect with its params checked against its type. */
export function effect<K extends keyof EffectParams>(type: K, params: EffectParams[K]): ClientEffect {
  return { type, params } as ClientEffect;
}
