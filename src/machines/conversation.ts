// Walking an open conversation inside the client machine: planning, prompts, answers,
// revisions (buttons on earlier questions, or /change), and the SMART nudge.
import type { Catalog, ScriptId } from "../domain/catalog.js";
import { findDomain } from "../domain/catalog.js";
import { type AnswerProblem, type AnswerValue, type ChoiceOption, describeAnswer, type Prompt } from "../domain/prompt.js";
import {
  type Answers,
  type ConversationScript,
  fillTemplate,
  findStep,
  type PlanItems,
  type PlannedStep,
  planConversation,
  type ScriptStep,
  stepApplies,
} from "../domain/script.js";
import { checkSmartGoal, type SmartPart } from "../domain/smart-goal.js";
import { understandChoice } from "../domain/understanding/choice.js";
import { CONFIDENT, type Decline, type Understanding, understand } from "../domain/understanding/index.js";
import { pickVariant } from "../domain/variants.js";

export interface OpenConversation {
  script: ScriptId;
  /** Unique per conversation instance, so buttons from an earlier one are recognised as stale. */
  id: string;
  openedAt: string;
  plan: PlannedStep[];
  /** Values steps may be conditioned on besides answers, e.g. the client's stage group. */
  facts: Record<string, string>;
  stepKey: string;
  answers: Answers;
  /** Questions asked so far, in order; any of them can be revised until the conversation closes. */
  asked: string[];
  /** A goal that failed the SMART check once; "keep" accepts it as written. */
  draft?: { key: string; text: string };
  /** Set while the client is changing an earlier answer with /change. */
  changing?: { choosing: true } | { key: string };
  /** A reply that could mean several things, or was not clear enough, waiting for the client to say which. */
  confirming?: { key: string; candidates: AnswerValue[] };
  /** The script's version when the conversation opened (see flowVersion); absent before machine v8. */
  flowVersion?: string;
  /** When the client last answered; a conversation untouched for a day may be set aside. */
  touchedAt?: string;
  /**
   * The close of the check-in this conversation follows in the same exchange: said when this one
   * finishes (or handed on to the one after it), so the goodbye comes after the last question.
   */
  owedClose?: CheckinClose;
}

/** A finished check-in's closing words: the thanks of its week, and the plan for the week ahead unless left out. */
export interface CheckinClose {
  week: string;
  plan: boolean;
}

/**
 * A short fingerprint of a script's step ids: an edit of flows/*.yaml that renames or removes a
 * step changes it. FNV-1a, so the machine layer needs no IO or crypto module.
 */
export function flowVersion(catalog: Catalog, script: ScriptId): string {
  const definition = catalog.scripts[script];
  let version = flowVersions.get(definition);
  if (version === undefined) {
    let hash = 0x811c9dc5;
    for (const char of definition.steps.map((s) => s.key).join("|")) {
      hash ^= char.charCodeAt(0);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    version = hash.toString(16).padStart(8, "0");
    flowVersions.set(definition, version);
  }
  return version;
}

/** Each loaded script's fingerprint, worked out once: every opened and every restored conversation asks for it. */
const flowVersions = new WeakMap<ConversationScript, string>();

/**
 * Whether the open conversation can no longer be walked with the flows loaded now: its script is
 * gone, or a step it planned (or stands on) was renamed or removed. A changed version whose steps
 * all still exist (a step added, wording changed) carries on as it is.
 */
export function conversationOutdated(catalog: Catalog, conversation: OpenConversation): boolean {
  const script = catalog.scripts[conversation.script];
  if (!script) return true;
  if (conversation.flowVersion === flowVersion(catalog, conversation.script)) return false;
  const known = new Set(script.steps.map((s) => s.key));
  return !conversation.plan.every((p) => known.has(p.base)) || !conversation.plan.some((p) => p.key === conversation.stepKey);
}

/** What a prompt may mention: the client, their focus domain, and the goal or area asked about. */
export interface ConversationVars {
  name: string | null;
  domainKey: string | null;
  goals: Record<string, string>;
}

export type AnswerOutcome =
  | { kind: "stale" }
  | { kind: "invalid"; problem: AnswerProblem }
  | { kind: "nudge"; missing: SmartPart[]; draft: string }
  | { kind: "change_chosen"; key: string }
  | { kind: "confirm"; stepKey: string; candidates: AnswerValue[] }
  | { kind: "reask"; stepKey: string }
  | { kind: "declined"; stepKey: string; decline: Decline }
  | { kind: "revised"; stepKey: string; value: AnswerValue }
  | { kind: "answered"; stepKey: string; value: AnswerValue; next: PlannedStep | null };

const KEEP_WORDS = new Set(["keep", "keep it", "keep as is", "accept", "it's fine", "its fine"]);

export function promptId(conversation: OpenConversation, stepKey: string): string {
  return `${conversation.id}:${stepKey}`;
}

export function openConversation(
  catalog: Catalog,
  script: ScriptId,
  id: string,
  openedAt: string,
  items: PlanItems,
  facts: Record<string, string>,
): OpenConversation | null {
  const base = {
    script,
    id,
    openedAt,
    plan: planConversation(catalog.scripts[script], items),
    facts,
    answers: {},
    asked: [] as string[],
    flowVersion: flowVersion(catalog, script),
  };
  const first = nextPlanned(catalog, { ...base, stepKey: "" }, {}, undefined);
  return first ? { ...base, stepKey: first.key, asked: [first.key] } : null;
}

function baseStep(catalog: Catalog, conversation: OpenConversation, plannedKey: string): ScriptStep {
  const planned = conversation.plan.find((p) => p.key === plannedKey)!;
  return findStep(catalog.scripts[conversation.script], planned.base)!;
}

/** The first planned step after `afterKey` (or the first) that applies to the answers so far. */
export function nextPlanned(catalog: Catalog, conversation: OpenConversation, answers: Answers, afterKey: string | undefined): PlannedStep | null {
  const start = afterKey === undefined ? 0 : conversation.plan.findIndex((p) => p.key === afterKey) + 1;
  const script = catalog.scripts[conversation.script];
  for (const planned of conversation.plan.slice(start)) {
    if (stepApplies(findStep(script, planned.base)!, planned, answers, conversation.facts)) return planned;
  }
  return null;
}

export function templateVars(
  catalog: Catalog,
  vars: ConversationVars,
  conversation: OpenConversation | null,
  item?: string,
): Record<string, string | undefined> {
  const answers = conversation?.answers ?? {};
  const domainKey = typeof answers.domain === "string" ? answers.domain : vars.domainKey;
  const domain = domainKey ? findDomain(catalog, domainKey) : undefined;
  const area = item ? findDomain(catalog, item) : undefined;
  const name = typeof answers.name === "string" && answers.name ? answers.name : vars.name;
  return {
    ...conversation?.facts,
    name: name ?? "there",
    domain: domain?.label.toLowerCase(),
    criterion: domain?.criterion,
    goal: item ? vars.goals[item] : undefined,
    area: area?.label.toLowerCase(),
    area_criterion: area?.criterion,
  };
}

export function promptFor(catalog: Catalog, conversation: OpenConversation, plannedKey: string, vars: ConversationVars): Prompt {
  const planned = conversation.plan.find((p) => p.key === plannedKey)!;
  const step = findStep(catalog.scripts[conversation.script], planned.base)!;
  const values = templateVars(catalog, vars, conversation, planned.item);
  const fill = (text: string) => fillTemplate(text, values);
  const input = step.input.kind === "choice" ? { ...step.input, options: step.input.options.map((o) => ({ ...o, label: fill(o.label) })) } : step.input;
  const ask = step.askVariants ? pickVariant(step.askVariants, variantSeed(conversation, vars, plannedKey)) : step.ask;
  return { id: promptId(conversation, plannedKey), text: fill(ask), input };
}

/** The same client in the same conversation always gets the same wording; the next one may differ. */
export function variantSeed(conversation: OpenConversation, vars: ConversationVars, key: string): string {
  return `${vars.name ?? ""}|${conversation.id}|${key}`;
}

const REFLECTED_WORDS_MAX = 160;

/** The client's own words said back, where the step asks for it ("why that number", what helped). */
export function reflectionFor(catalog: Catalog, conversation: OpenConversation, stepKey: string, value: AnswerValue, vars: ConversationVars): Prompt | null {
  const step = baseStep(catalog, conversation, stepKey);
  const words = typeof value === "string" ? value.trim() : "";
  if (!step.reflect || words === "") return null;
  const answer = truncate(words.replace(/[.!\s]+$/, ""), REFLECTED_WORDS_MAX);
  const planned = conversation.plan.find((p) => p.key === stepKey)!;
  const text = fillTemplate(pickVariant(step.reflect, variantSeed(conversation, vars, stepKey)), {
    ...templateVars(catalog, vars, conversation, planned.item),
    answer,
  });
  return { id: `reflect-${stepKey}`, text, input: { kind: "none" } };
}

/** The question to show now: a check of an unclear reply, the /change chooser, the answer being changed, or the current step. */
export function currentPrompt(catalog: Catalog, conversation: OpenConversation, vars: ConversationVars): Prompt {
  if (conversation.confirming) return confirmPrompt(catalog, conversation, conversation.confirming, vars);
  if (conversation.changing && "choosing" in conversation.changing) return changeChooser(catalog, conversation, vars);
  const key = conversation.changing && "key" in conversation.changing ? conversation.changing.key : conversation.stepKey;
  return promptFor(catalog, conversation, key, vars);
}

function changeChooser(catalog: Catalog, conversation: OpenConversation, vars: ConversationVars): Prompt {
  const answered = conversation.asked.filter((key) => conversation.answers[key] !== undefined);
  return {
    id: promptId(conversation, "change"),
    text: catalog.messages.changeWhich,
    input: {
      kind: "choice",
      options: answered.map((key) => ({ value: key, label: truncate(promptFor(catalog, conversation, key, vars).text, 75) })),
    },
  };
}

const CONFIRM_KEY = "confirm";
const NEITHER = "neither";

/** "Did you mean ...?": the readings of an unclear reply as options, plus "neither". */
function confirmOptions(
  catalog: Catalog,
  conversation: OpenConversation,
  confirming: NonNullable<OpenConversation["confirming"]>,
  vars: ConversationVars,
): ChoiceOption[] {
  const asked = promptFor(catalog, conversation, confirming.key, vars);
  const m = catalog.messages.confirm;
  const readings = confirming.candidates.map((value, i) => ({ value: `reading_${i + 1}`, label: truncate(describeAnswer(asked.input, value), 75) }));
  if (readings.length === 1) {
    return [
      { ...readings[0]!, label: truncate(fillTemplate(m.yes, { answer: readings[0]!.label }), 75), means: { replies: ["yes"] } },
      { value: NEITHER, label: m.no, means: { replies: ["no", "unsure"] } },
    ];
  }
  return [...readings, { value: NEITHER, label: m.neither, means: { replies: ["no", "unsure"] } }];
}

function confirmPrompt(
  catalog: Catalog,
  conversation: OpenConversation,
  confirming: NonNullable<OpenConversation["confirming"]>,
  vars: ConversationVars,
): Prompt {
  const options = confirmOptions(catalog, conversation, confirming, vars);
  const m = catalog.messages.confirm;
  const text =
    confirming.candidates.length === 1
      ? fillTemplate(m.one, { answer: describeAnswer(promptFor(catalog, conversation, confirming.key, vars).input, confirming.candidates[0]!) })
      : m.which;
  return { id: promptId(conversation, CONFIRM_KEY), text, input: { kind: "choice", options } };
}

/** Reads a reply against the open conversation. `promptIdOfReply` is set for button/form answers. */
export function interpretAnswer(
  catalog: Catalog,
  conversation: OpenConversation,
  text: string,
  promptIdOfReply?: string,
  vars: ConversationVars = { name: null, domainKey: null, goals: {} },
  at: string = conversation.openedAt,
): AnswerOutcome {
  let stepKey = conversation.changing && "key" in conversation.changing ? conversation.changing.key : conversation.stepKey;
  let understood: Understanding | null = null;
  const confirming = conversation.confirming;
  if (confirming && (promptIdOfReply === undefined || promptIdOfReply === promptId(conversation, CONFIRM_KEY))) {
    const picked = understandChoice(confirmOptions(catalog, conversation, confirming, vars), text, new Date(at));
    if (picked.kind === "answer" && picked.value === NEITHER) return { kind: "reask", stepKey: confirming.key };
    stepKey = confirming.key;
    // A reply that picks none of the readings ("2 months") is read as a new answer to the question.
    if (picked.kind === "answer")
      understood = { kind: "answer", value: confirming.candidates[Number(String(picked.value).replace("reading_", "")) - 1]!, confidence: 1 };
  } else if (promptIdOfReply !== undefined && promptIdOfReply !== promptId(conversation, stepKey)) {
    const [conversationId, earlierKey] = splitPromptId(promptIdOfReply);
    if (conversationId !== conversation.id || !earlierKey || !conversation.asked.includes(earlierKey)) return { kind: "stale" };
    stepKey = earlierKey;
  } else if (conversation.changing && "choosing" in conversation.changing) {
    const chooser = changeChooser(catalog, conversation, vars);
    if (chooser.input.kind !== "choice") return { kind: "stale" };
    const picked = understandChoice(chooser.input.options, text, new Date(at));
    if (picked.kind === "answer") return { kind: "change_chosen", key: String(picked.value) };
    return {
      kind: "invalid",
      problem: picked.kind === "problem" ? picked.problem : { code: "not_a_choice", options: chooser.input.options.map((o) => o.label) },
    };
  }
  const step = baseStep(catalog, conversation, stepKey);
  // A button press carries an option's value exactly; typed text is understood.
  // Against the options as shown (placeholders filled), so a re-ask never shows "{domain}".
  understood ??= understand(promptFor(catalog, conversation, stepKey, vars).input, text, new Date(at));
  switch (understood.kind) {
    case "problem":
      return { kind: "invalid", problem: understood.problem };
    case "decline":
      return { kind: "declined", stepKey, decline: understood.decline };
    case "ask":
      return { kind: "confirm", stepKey, candidates: understood.candidates };
    case "answer":
      if (understood.confidence < CONFIDENT) return { kind: "confirm", stepKey, candidates: [understood.value] };
  }
  let value = understood.value;
  if (step.check === "smart" && typeof value === "string") {
    const keepingDraft = conversation.draft?.key === stepKey && KEEP_WORDS.has(value.trim().toLowerCase());
    if (keepingDraft) value = conversation.draft!.text;
    else {
      const { missing } = checkSmartGoal(value);
      if (missing.length > 0) return { kind: "nudge", missing, draft: value };
    }
  }
  if (stepKey !== conversation.stepKey) return { kind: "revised", stepKey, value };
  const answers = { ...conversation.answers, [stepKey]: value };
  return { kind: "answered", stepKey, value, next: nextPlanned(catalog, conversation, answers, stepKey) };
}

function splitPromptId(id: string): [string, string | undefined] {
  const at = id.lastIndexOf(":");
  return at < 0 ? [id, undefined] : [id.slice(0, at), id.slice(at + 1)];
}

export function withAnswer(conversation: OpenConversation, stepKey: string, value: AnswerValue, next: PlannedStep | null): OpenConversation {
  const { draft: _draft, confirming: _confirming, ...rest } = conversation;
  const answers = { ...conversation.answers, [stepKey]: value };
  if (!next) return { ...rest, answers };
  return { ...rest, answers, stepKey: next.key, asked: [...conversation.asked, next.key] };
}

export function problemText(catalog: Catalog, problem: AnswerProblem): string {
  const m = catalog.messages.answerProblems;
  switch (problem.code) {
    case "empty":
      return m.empty;
    case "not_a_choice":
      return fillTemplate(m.notAChoice, { options: problem.options.map((o, i) => `${i + 1}) ${o}`).join(", ") });
    case "out_of_range":
      return fillTemplate(m.outOfRange, { min: problem.min, max: problem.max });
    case "not_a_percent":
      return m.notAPercent;
    case "not_a_time":
      return m.notATime;
    case "name_too_long":
      return fillTemplate(m.nameTooLong, { max: problem.max });
    case "unsure":
      return m.unsure;
  }
}

/** "Question: answer" lines of a conversation, for summaries and the coach's view. */
export function answerLines(catalog: Catalog, conversation: OpenConversation, vars: ConversationVars): string[] {
  return conversation.asked.flatMap((key) => {
    const value = conversation.answers[key];
    if (value === undefined || value === "") return [];
    const planned = conversation.plan.find((p) => p.key === key)!;
    const step = baseStep(catalog, conversation, key);
    const label = key.split(".")[0]!.replace(/_/g, " ");
    const about = planned.item ? ` (${vars.goals[planned.item] ?? findDomain(catalog, planned.item)?.label ?? planned.item})` : "";
    return [`${label}${about}: ${describeAnswer(step.input, value)}`];
  });
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
