// The platform-neutral conversation model: what the bot asks and how an answer is read.
// Adapters render a Prompt (Block Kit, Discord components, console text) and hand back raw text
// (typed, or the value of the button pressed); parseAnswer turns it into a value or a problem.

/** What an option stands for, so replies in other words can be matched to it. */
export interface OptionMeaning {
  /**
   * Short replies that pick this option: "yes", "no", "partly" ("sort of"), "decline" (any
   * decline: "not now", "skip"), or one kind of decline ("cant", "wont", "not_now", "skip"),
   * which wins over "decline".
   */
  replies?: Array<"yes" | "no" | "partly" | "unsure" | "decline" | "cant" | "wont" | "not_now" | "skip">;
  /** How long something has gone on, in months: [from, to). */
  months?: [number, number];
  /** How soon something will start, in months: (from, to]. */
  startsInMonths?: [number, number];
}

export interface ChoiceOption {
  value: string;
  label: string;
  means?: OptionMeaning;
}

export type PromptInput =
  | { kind: "none" }
  | { kind: "choice"; options: ChoiceOption[] }
  | { kind: "scale"; min: number; max: number; minLabel?: string; maxLabel?: string }
  | { kind: "percent" }
  /** `reads`: a name, or how long ago something started ("about 5 months", "since August"): a number of months. */
  | { kind: "text"; optional?: boolean; reads?: "name" | "time_ago" };

export interface Prompt {
  /** Identifies the question a button or form answers, so a stale one can be recognised. */
  id: string;
  text: string;
  input: PromptInput;
}

export type AnswerValue = string | number;

export type AnswerProblem =
  | { code: "empty" }
  | { code: "not_a_choice"; options: string[] }
  | { code: "out_of_range"; min: number; max: number }
  | { code: "not_a_percent" }
  | { code: "not_a_time" }
  | { code: "name_too_long"; max: number }
  | { code: "unsure" };

export type ParsedAnswer = { ok: true; value: AnswerValue } | { ok: false; problem: AnswerProblem };

const SKIP_WORDS = new Set(["skip", "-", "pass", "n/a"]);

export function parseAnswer(input: PromptInput, raw: string): ParsedAnswer {
  const text = raw.trim();
  switch (input.kind) {
    case "none":
      return { ok: true, value: text };
    case "text":
      if (text === "" && !input.optional) return { ok: false, problem: { code: "empty" } };
      return { ok: true, value: input.optional && SKIP_WORDS.has(text.toLowerCase()) ? "" : text };
    case "choice":
      return parseChoice(input.options, text);
    case "scale": {
      const n = parseWholeNumber(text);
      if (n === null || n < input.min || n > input.max) {
        return { ok: false, problem: { code: "out_of_range", min: input.min, max: input.max } };
      }
      return { ok: true, value: n };
    }
    case "percent": {
      const n = parseWholeNumber(text.replace(/\s*(%|percent|pct)$/i, ""));
      if (n === null || n < 0 || n > 100) return { ok: false, problem: { code: "not_a_percent" } };
      return { ok: true, value: n };
    }
  }
}

function parseChoice(options: ChoiceOption[], text: string): ParsedAnswer {
  const wanted = text.toLowerCase();
  const byValue = options.find((o) => o.value.toLowerCase() === wanted || o.label.toLowerCase() === wanted);
  if (byValue) return { ok: true, value: byValue.value };
  // The console shows options numbered from 1; people on chat platforms also type the number.
  const index = parseWholeNumber(text);
  const byNumber = index === null ? undefined : options[index - 1];
  if (byNumber) return { ok: true, value: byNumber.value };
  const prefixMatches = options.filter((o) => wanted.length >= 2 && o.label.toLowerCase().startsWith(wanted));
  const onlyMatch = prefixMatches.length === 1 ? prefixMatches[0] : undefined;
  if (onlyMatch) return { ok: true, value: onlyMatch.value };
  return { ok: false, problem: { code: "not_a_choice", options: options.map((o) => o.label) } };
}

function parseWholeNumber(text: string): number | null {
  const t = text.trim();
  if (!/^\d{1,3}$/.test(t)) return null;
  return Number.parseInt(t, 10);
}

/** Human-readable form of an answer, for summaries and for updating an answered message. */
export function describeAnswer(input: PromptInput, value: AnswerValue): string {
  if (input.kind === "choice") return input.options.find((o) => o.value === value)?.label ?? String(value);
  if (input.kind === "percent") return `${value}%`;
  if (input.kind === "scale") return `${value}/${input.max}`;
  return String(value);
}
