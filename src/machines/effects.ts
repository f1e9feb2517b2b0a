// What the client machine asks the outside world to do. The machine only decides; the engine
// persists these in the same transaction as the snapshot, then the outbox delivers messages.
import type { AnswerValue, Prompt } from "../domain/prompt.js";
import type { Stage } from "../domain/stages.js";

export type ClientStatus = "onboarding" | "active" | "paused" | "closed";

export interface StageChange {
  domain: string;
  from: Stage | null;
  to: Stage;
  reason: string;
  at: string;
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
}

export interface EffectParams {
  say: { prompts: Prompt[] };
  recordProfile: { name?: string; status?: ClientStatus };
  recordStageChange: StageChange;
  recordAnswer: AnswerRecord;
  closeConversation: ConversationClose;
}

export type ClientEffect = { [K in keyof EffectParams]: { type: K; params: EffectParams[K] } }[keyof EffectParams];

export const EFFECT_TYPES = ["say", "recordProfile", "recordStageChange", "recordAnswer", "closeConversation"] as const satisfies readonly (keyof EffectParams)[];
