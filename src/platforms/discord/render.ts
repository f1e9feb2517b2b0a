// Renders a neutral Prompt as Discord message bodies (API JSON for POST /channels/{id}/messages).
// Pure: no client, no IO, so every Discord limit is unit-tested here rather than discovered as
// a 400 from the API. Limits (Discord API reference, "Message" and "Components"):
//   content <= 2000 characters; <= 5 action rows per message; <= 5 buttons per row;
//   button label <= 80; a string select has <= 25 options and fills a row on its own;
//   option label/value <= 100; custom_id <= 100 and unique within a message.
// When a question cannot be expressed within those limits it degrades to a typed answer
// (the person replies in the DM), never to an error: the machine reads typed answers too.

import type { APIActionRowComponent, APIButtonComponentWithCustomId, APIComponentInMessageActionRow, APIStringSelectComponent } from "discord.js";
import { ButtonStyle, ComponentType } from "discord.js";
import type { ChoiceOption, Prompt } from "../../domain/prompt.js";
import { teamCheckInOfPrompt } from "../../teams/prompt-id.js";
import { encodeAdapterAction } from "./action-ids.js";
import { type ComponentAction, encodeCustomId, type FormKind } from "./custom-id.js";
import { wording } from "./wording.js";

export const LIMITS = {
  content: 2000,
  rows: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  selectOptions: 25,
  selectOptionText: 100,
  selectPlaceholder: 150,
} as const;

export type ActionRow = APIActionRowComponent<APIComponentInMessageActionRow>;

export interface DiscordMessageBody {
  content: string;
  components?: ActionRow[];
}

interface RenderedInput {
  /** Lines added under the question (scale ends, hints, a numbered list for typed choices). */
  lines: string[];
  rows: ActionRow[];
}

/** One or more messages for a prompt; the answer components ride on the last one. */
export function renderPrompt(prompt: Prompt): DiscordMessageBody[] {
  const { lines, rows } = renderInput(prompt);
  const text = [prompt.text, ...lines].join("\n").trim();
  if (text === "" && rows.length === 0) return [];
  const chunks = splitContent(text === "" ? "\u200b" : text);
  return chunks.map((content, i) => (i === chunks.length - 1 && rows.length > 0 ? { content, components: rows } : { content }));
}

function renderInput(prompt: Prompt): RenderedInput {
  const input = prompt.input;
  switch (input.kind) {
    case "none": {
      // A team check-in reminder: its private form opens right from the DM.
      const checkInId = teamCheckInOfPrompt(prompt.id);
      return { lines: [], rows: checkInId ? [answerPrivatelyRow(checkInId)] : [] };
    }
    case "choice":
      return renderChoice(prompt.id, input.options);
    case "scale": {
      const ends = input.minLabel && input.maxLabel ? [`*${input.min} = ${input.minLabel}, ${input.max} = ${input.maxLabel}*`] : [];
      const count = input.max - input.min + 1;
      if (count > LIMITS.rows * LIMITS.buttonsPerRow) return withForm(prompt.id, "number", ends);
      const values = Array.from({ length: count }, (_, i) => String(input.min + i));
      const buttons = values.map((v) => answerButton(prompt.id, v, v));
      return buttons.every(isButton) ? { lines: ends, rows: balancedRows(buttons) } : typed(ends, wording.typedAnswerHint);
    }
    case "percent":
      return withForm(prompt.id, "percent", []);
    case "text":
      return withForm(prompt.id, input.optional ? "optionalText" : "text", [wording.replyHint]);
  }
}

function renderChoice(promptId: string, options: ChoiceOption[]): RenderedInput {
  const numbered = options.map((o, i) => `${i + 1}. ${o.label}`);
  const fallback = typed(numbered, wording.typedChoiceHint);
  if (options.length <= LIMITS.rows * LIMITS.buttonsPerRow) {
    const buttons = options.map((o, i) => {
      const value = sendableValue(options, i, (v) => encodeCustomId({ type: "answer", promptId, value: v }) !== null);
      return value === null ? null : answerButton(promptId, value, o.label);
    });
    return buttons.every(isButton) && distinctIds(buttons) ? { lines: [], rows: balancedRows(buttons) } : fallback;
  }
  if (options.length > LIMITS.rows * LIMITS.selectOptions) return fallback;
  const rows: ActionRow[] = [];
  for (let start = 0; start < options.length; start += LIMITS.selectOptions) {
    const menu = rows.length + 1;
    const customId = encodeCustomId({ type: "select", promptId, menu });
    if (customId === null) return fallback;
    const selectOptions = [];
    for (let i = start; i < Math.min(start + LIMITS.selectOptions, options.length); i++) {
      const value = sendableValue(options, i, (v) => v.length <= LIMITS.selectOptionText);
      if (value === null) return fallback;
      selectOptions.push({ label: truncate(options[i]!.label, LIMITS.selectOptionText), value });
    }
    const last = start + selectOptions.length;
    const select: APIStringSelectComponent = {
      type: ComponentType.StringSelect,
      custom_id: customId,
      placeholder: truncate(wording.selectPlaceholder(start + 1, last, options.length), LIMITS.selectPlaceholder),
      min_values: 1,
      max_values: 1,
      options: selectOptions,
    };
    rows.push({ type: ComponentType.ActionRow, components: [select] });
  }
  return { lines: [], rows };
}

/**
 * The text a press sends: the option's value, or, when that value is too long to carry, its
 * number counted from 1 (the machine accepts option numbers, as typed in the console). The
 * number is only used when it cannot be mistaken for another option's value or label.
 */
function sendableValue(options: ChoiceOption[], index: number, fits: (v: string) => boolean): string | null {
  const option = options[index]!;
  if (fits(option.value)) return option.value;
  const number = String(index + 1);
  const ambiguous = options.some((o) => o.value.toLowerCase() === number || o.label.toLowerCase() === number);
  return !ambiguous && fits(number) ? number : null;
}

/** An "Answer" button that opens a one-field form; optional text also gets a "Skip" button. */
function withForm(promptId: string, form: FormKind, lines: string[]): RenderedInput {
  const openForm = button({ type: "openForm", form, promptId }, wording.answerButton, ButtonStyle.Primary);
  if (!openForm)
    return typed(
      lines.filter((l) => l !== wording.replyHint),
      wording.typedAnswerHint,
    );
  // "skip" is what the machine reads as "no answer" for an optional question.
  const skip = form === "optionalText" ? answerButton(promptId, "skip", wording.skipButton) : undefined;
  const buttons = skip ? [openForm, skip] : [openForm];
  return { lines, rows: [{ type: ComponentType.ActionRow, components: buttons }] };
}

/** The "Answer privately" button of a team check-in (channel post, reminder DM, typo note). */
export function answerPrivatelyRow(checkInId: string): ActionRow {
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.Button,
        style: ButtonStyle.Primary,
        custom_id: encodeAdapterAction({ type: "openTeamForm", checkInId }),
        label: wording.team.answerButton,
      },
    ],
  };
}

/** No components: the question is answered by replying in the DM. */
function typed(lines: string[], hint: string): RenderedInput {
  return { lines: [...lines, hint], rows: [] };
}

function answerButton(promptId: string, value: string, label: string): APIButtonComponentWithCustomId | null {
  return button({ type: "answer", promptId, value }, label, ButtonStyle.Secondary);
}

function button(action: ComponentAction, label: string, style: ButtonStyle.Primary | ButtonStyle.Secondary): APIButtonComponentWithCustomId | null {
  const customId = encodeCustomId(action);
  if (customId === null) return null;
  return { type: ComponentType.Button, style, custom_id: customId, label: truncate(label, LIMITS.buttonLabel) };
}

function isButton(b: APIButtonComponentWithCustomId | null): b is APIButtonComponentWithCustomId {
  return b !== null;
}

function distinctIds(buttons: APIButtonComponentWithCustomId[]): boolean {
  return new Set(buttons.map((b) => b.custom_id)).size === buttons.length;
}

/** Up to 25 buttons in as few rows as possible, with row lengths differing by at most one (11 -> 4, 4, 3). */
export function balancedRows(buttons: APIButtonComponentWithCustomId[]): ActionRow[] {
  if (buttons.length === 0) return [];
  if (buttons.length > LIMITS.rows * LIMITS.buttonsPerRow) throw new Error(`${buttons.length} buttons do not fit in one message`);
  const rowCount = Math.ceil(buttons.length / LIMITS.buttonsPerRow);
  const rows: ActionRow[] = [];
  let start = 0;
  for (let r = 0; r < rowCount; r++) {
    const size = Math.ceil((buttons.length - start) / (rowCount - r));
    rows.push({ type: ComponentType.ActionRow, components: buttons.slice(start, start + size) });
    start += size;
  }
  return rows;
}

/**
 * Splits text into pieces of at most `max` characters, preferring a paragraph break, then a
 * line break, then a space in the second half of the window; never splits a surrogate pair.
 */
export function splitContent(text: string, max: number = LIMITS.content): string[] {
  const chunks: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    let cut = -1;
    for (const separator of ["\n\n", "\n", " "]) {
      const at = window.lastIndexOf(separator);
      if (at >= max / 2) {
        cut = at;
        break;
      }
    }
    if (cut < 0) {
      cut = max;
      if (isHighSurrogate(rest.charCodeAt(cut - 1))) cut--;
    }
    const piece = rest.slice(0, cut).trimEnd();
    if (piece !== "") chunks.push(piece);
    rest = rest.slice(cut).replace(/^\s+/, "");
  }
  if (rest !== "" || chunks.length === 0) chunks.push(rest);
  return chunks;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  if (isHighSurrogate(text.charCodeAt(end - 1))) end--;
  return `${text.slice(0, end)}…`;
}
