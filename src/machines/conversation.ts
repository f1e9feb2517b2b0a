// Walking an open conversation inside the client machine: prompts, answers, revisions.
import type { Catalog, ScriptId } from "../domain/catalog.js";
import { findDomain } from "../domain/catalog.js";
import { describeAnswer, parseAnswer, type AnswerProblem, type AnswerValue, type Prompt } from "../domain/prompt.js";
import { fillTemplate, findStep, nextStep, type Answers, type ScriptStep } from "../domain/script.js";

export interface OpenConversation {
  script: ScriptId;
  /** Unique per conversation instance, so buttons from an earlier one are recognised as stale. */
  id: string;
  stepKey: string;
  answers: Answers;
  openedAt: string;
  /** Steps asked so far, in order, so earlier answers can be revised until the conversation closes. */
  asked: string[];
}

export interface ConversationVars {
  name: string | null;
  domainKey: string | null;
}

export type AnswerOutcome =
  | { kind: "stale" }
  | { kind: "invalid"; problem: AnswerProblem }
  | { kind: "revised"; stepKey: string; value: AnswerValue }
  | { kind: "answered"; stepKey: string; value: AnswerValue; next: ScriptStep | null };

export function promptId(conversation: OpenConversation, stepKey: string): string {
  return `${conversation.id}:${stepKey}`;
}

export function templateVars(catalog: Catalog, vars: ConversationVars, answers: Answers): Record<string, string | undefined> {
  const domainKey = typeof answers.domain === "string" ? answers.domain : vars.domainKey;
  const domain = domainKey ? findDomain(catalog, domainKey) : undefined;
  const name = typeof answers.name === "string" && answers.name ? answers.name : vars.name;
  return { name: name ?? "there", domain: domain?.label.toLowerCase(), criterion: domain?.criterion };
}

export function promptForStep(catalog: Catalog, conversation: OpenConversation, step: ScriptStep, vars: ConversationVars): Prompt {
  return {
    id: promptId(conversation, step.key),
    text: fillTemplate(step.ask, templateVars(catalog, vars, conversation.answers)),
    input: step.input,
  };
}

export function currentPrompt(catalog: Catalog, conversation: OpenConversation, vars: ConversationVars): Prompt {
  const step = findStep(catalog.scripts[conversation.script], conversation.stepKey)!;
  return promptForStep(catalog, conversation, step, vars);
}

export function openConversation(catalog: Catalog, script: ScriptId, id: string, openedAt: string): OpenConversation {
  const first = nextStep(catalog.scripts[script], {})!;
  return { script, id, openedAt, stepKey: first.key, answers: {}, asked: [first.key] };
}

/** Reads a reply against the open conversation. `promptIdOfReply` is set for button/form answers. */
export function interpretAnswer(catalog: Catalog, conversation: OpenConversation, text: string, promptIdOfReply?: string): AnswerOutcome {
  const script = catalog.scripts[conversation.script];
  let stepKey = conversation.stepKey;
  if (promptIdOfReply !== undefined && promptIdOfReply !== promptId(conversation, stepKey)) {
    const [conversationId, earlierKey] = splitPromptId(promptIdOfReply);
    if (conversationId !== conversation.id || !earlierKey || !conversation.asked.includes(earlierKey)) return { kind: "stale" };
    stepKey = earlierKey;
  }
  const step = findStep(script, stepKey)!;
  const parsed = parseAnswer(step.input, text);
  if (!parsed.ok) return { kind: "invalid", problem: parsed.problem };
  if (stepKey !== conversation.stepKey) return { kind: "revised", stepKey, value: parsed.value };
  const answers = { ...conversation.answers, [stepKey]: parsed.value };
  return { kind: "answered", stepKey, value: parsed.value, next: nextStep(script, answers, stepKey) };
}

function splitPromptId(id: string): [string, string | undefined] {
  const at = id.lastIndexOf(":");
  return at < 0 ? [id, undefined] : [id.slice(0, at), id.slice(at + 1)];
}

export function withAnswer(conversation: OpenConversation, stepKey: string, value: AnswerValue, next: ScriptStep | null): OpenConversation {
  const answers = { ...conversation.answers, [stepKey]: value };
  if (!next) return { ...conversation, answers };
  return { ...conversation, answers, stepKey: next.key, asked: [...conversation.asked, next.key] };
}

export function problemText(catalog: Catalog, problem: AnswerProblem): string {
  const m = catalog.messages.answerProblems;
  switch (problem.code) {
    case "empty":
      return m.empty;
    case "not_a_choice":
      return fillTemplate(m.notAChoice, { options: problem.options.join(", ") });
    case "out_of_range":
      return fillTemplate(m.outOfRange, { min: problem.min, max: problem.max });
    case "not_a_percent":
      return m.notAPercent;
  }
}

/** "Question: answer" lines of a finished conversation, for summaries. */
export function answerLines(catalog: Catalog, conversation: OpenConversation): string[] {
  const script = catalog.scripts[conversation.script];
  return conversation.asked.flatMap((key) => {
    const step = findStep(script, key);
    const value = conversation.answers[key];
    if (!step || value === undefined || value === "") return [];
    return [`${key.replace(/_/g, " ")}: ${describeAnswer(step.input, value)}`];
  });
}
