// Conversation scripts: the ordered questions of a conversation (onboarding, check-in, ...),
// loaded from flows/*.yaml. This module plans and walks a script; it knows nothing about files.
import type { AnswerValue, PromptInput } from "./prompt.js";

/**
 * Equal to a value, a numeric bound on a scale/percent answer, "was answered at all", or none of
 * some values (unanswered counts as none of them).
 */
export type StepCondition = string | { below: number } | { atLeast: number } | { answered: true } | { not: string[] };

export interface ScriptStep {
  key: string;
  ask: string;
  /** Other wordings of `ask`, picked per client and conversation; `ask` is the first. */
  askVariants?: string[];
  /** Said back after a non-empty answer, with the client's own words as {answer}. */
  reflect?: string[];
  input: PromptInput;
  /** Ask this step only when earlier answers (or conversation facts) match. */
  when?: Record<string, StepCondition>;
  /** Ask this step once per active weekly goal, or once per behavior domain in the list. */
  repeat?: "goals" | "domains";
  /** "smart": a behavioral goal is checked and the client nudged about what is missing. */
  check?: "smart";
}

export interface ConversationScript {
  id: string;
  steps: ScriptStep[];
}

export type Answers = Record<string, AnswerValue>;

/** One concrete question of a planned conversation: `exercise_pct.g2` for goal g2. */
export interface PlannedStep {
  key: string;
  base: string;
  item?: string;
}

export interface PlanItems {
  goals: string[];
  domains: string[];
}

/**
 * Expands repeated steps: consecutive steps repeated over the same list form a group, asked
 * item by item (every question about the first goal, then every question about the second).
 */
export function planConversation(script: ConversationScript, items: PlanItems): PlannedStep[] {
  const plan: PlannedStep[] = [];
  for (let i = 0; i < script.steps.length; ) {
    const repeat = script.steps[i]!.repeat;
    if (!repeat) {
      plan.push({ key: script.steps[i]!.key, base: script.steps[i]!.key });
      i++;
      continue;
    }
    let end = i;
    while (end < script.steps.length && script.steps[end]!.repeat === repeat) end++;
    const group = script.steps.slice(i, end);
    for (const item of items[repeat]) for (const step of group) plan.push({ key: `${step.key}.${item}`, base: step.key, item });
    i = end;
  }
  return plan;
}

function conditionHolds(condition: StepCondition, value: AnswerValue | undefined): boolean {
  if (typeof condition === "string") return value !== undefined && String(value) === condition;
  if ("answered" in condition) return value !== undefined && value !== "";
  if ("not" in condition) return value === undefined || !condition.not.includes(String(value));
  if (typeof value !== "number") return false;
  return "below" in condition ? value < condition.below : value >= condition.atLeast;
}

/** Answers given for the same goal/domain take precedence, then plain answers, then facts. */
function valueFor(key: string, item: string | undefined, answers: Answers, facts: Record<string, string>): AnswerValue | undefined {
  return (item !== undefined ? answers[`${key}.${item}`] : undefined) ?? answers[key] ?? facts[key];
}

export function stepApplies(step: ScriptStep, planned: PlannedStep, answers: Answers, facts: Record<string, string>): boolean {
  if (!step.when) return true;
  return Object.entries(step.when).every(([key, condition]) => conditionHolds(condition, valueFor(key, planned.item, answers, facts)));
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
