// Conversation scripts: the ordered questions of a conversation (onboarding, check-in, ...),
// loaded from flows/*.yaml. This module walks a script; it knows nothing about files.
import type { AnswerValue, PromptInput } from "./prompt.js";

export interface ScriptStep {
  key: string;
  ask: string;
  input: PromptInput;
  /** Ask this step only when earlier answers have these values. */
  when?: Record<string, string>;
}

export interface ConversationScript {
  id: string;
  steps: ScriptStep[];
}

export type Answers = Record<string, AnswerValue>;

function applies(step: ScriptStep, answers: Answers): boolean {
  if (!step.when) return true;
  return Object.entries(step.when).every(([key, expected]) => String(answers[key]) === expected);
}

/** The first step after `afterKey` (or the first step) that applies to the answers so far. */
export function nextStep(script: ConversationScript, answers: Answers, afterKey?: string): ScriptStep | null {
  const start = afterKey === undefined ? 0 : script.steps.findIndex((s) => s.key === afterKey) + 1;
  for (let i = start; i < script.steps.length; i++) {
    const step = script.steps[i]!;
    if (applies(step, answers)) return step;
  }
  return null;
}

export function findStep(script: ConversationScript, key: string): ScriptStep | undefined {
  return script.steps.find((s) => s.key === key);
}

/** Fills `{name}`-style placeholders; unknown placeholders are left visible rather than blanked. */
export function fillTemplate(text: string, vars: Record<string, string | number | undefined>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = vars[name];
    return value === undefined ? whole : String(value);
  });
}
