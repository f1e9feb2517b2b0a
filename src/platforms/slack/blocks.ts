// Renders neutral Prompts as Block Kit messages, and replaces an answered prompt's controls.
// Pure: no IO, so every Block Kit limit below is unit-tested.
import type { types } from "@slack/bolt";
import type { Prompt } from "../../domain/prompt.js";
import { teamCheckInOfPrompt } from "../../teams/prompt-id.js";
import { answerActionId, blockIdFor, FORM_ACTION, type FormKind, parseBlockId, promptIdFits } from "./ids.js";
import { answerPrivatelyBlock } from "./team-button.js";
import { escapeMrkdwn, splitText, truncate } from "./text.js";

type KnownBlock = types.KnownBlock;
type Button = types.Button;
type StaticSelect = types.StaticSelect;

/** Block Kit limits this renderer respects (https://docs.slack.dev/reference/block-kit). */
export const BLOCK_LIMITS = {
  blocksPerMessage: 50,
  sectionText: 3000,
  contextText: 3000,
  buttonText: 75,
  buttonValue: 2000,
  optionText: 75,
  optionValue: 150,
  elementsPerActions: 25,
  optionsPerSelect: 100,
  /** Our own cap for the notification text (Slack truncates `text` at 40,000). */
  fallbackText: 3000,
} as const;

/** Above this many options a choice becomes a drop-down: a wall of buttons is hard to read. */
const MAX_CHOICE_BUTTONS = 10;
const CHOICE_BUTTONS_PER_ROW = 5;
/** A 0-10 scale is 11 buttons: two rows read better than one that wraps unpredictably. */
const MAX_SCALE_BUTTONS = 25;
const SCALE_BUTTONS_PER_ROW = 6;
/** Wider scales than this are answered by typing. */
const MAX_SCALE_VALUES = 1000;

export interface SlackMessage {
  /** Notification / accessibility fallback, sent as chat.postMessage `text`. */
  text: string;
  blocks: KnownBlock[];
}

interface AnswerOption {
  label: string;
  value: string;
}

/**
 * One outbox message becomes one Slack message, or several when its blocks exceed the 50-block
 * limit. A prompt's controls always stay together, after its question text.
 */
export function renderPrompts(prompts: readonly Prompt[]): SlackMessage[] {
  // A unit is a run of blocks that must not be split across two Slack messages.
  const units = prompts.flatMap((prompt, slot) => [
    ...questionSections(prompt, slot).map((section) => [section]),
    ...chunk(controlsFor(prompt, slot), BLOCK_LIMITS.blocksPerMessage),
  ]);
  const messages: KnownBlock[][] = [];
  let current: KnownBlock[] = [];
  for (const unit of units) {
    if (current.length > 0 && current.length + unit.length > BLOCK_LIMITS.blocksPerMessage) {
      messages.push(current);
      current = [];
    }
    current.push(...unit);
  }
  if (current.length > 0) messages.push(current);
  return messages.map((blocks) => ({ text: fallbackText(blocks), blocks }));
}

function questionSections(prompt: Prompt, slot: number): KnownBlock[] {
  const tagged = promptIdFits(prompt.id);
  // plain_text, not mrkdwn: the flow files' wording is shown exactly as written.
  return splitText(prompt.text, BLOCK_LIMITS.sectionText).map((text, part) => ({
    type: "section",
    ...(tagged ? { block_id: blockIdFor(slot, "q", part, prompt.id) } : {}),
    text: { type: "plain_text", text, emoji: true },
  }));
}

function controlsFor(prompt: Prompt, slot: number): KnownBlock[] {
  // Without a usable prompt id a button could not be matched to its question: typing still works.
  if (!promptIdFits(prompt.id)) return [];
  const input = prompt.input;
  switch (input.kind) {
    case "none": {
      // A team reminder offers the team check-in's private form right here.
      const checkInId = teamCheckInOfPrompt(prompt.id);
      return checkInId ? [answerPrivatelyBlock(checkInId, blockIdFor(slot, "a", 0, prompt.id))] : [];
    }
    case "choice":
      return optionControls(input.options, slot, prompt.id, MAX_CHOICE_BUTTONS, CHOICE_BUTTONS_PER_ROW);
    case "scale": {
      const count = input.max - input.min + 1;
      if (count < 1 || count > MAX_SCALE_VALUES) return [];
      const values = Array.from({ length: count }, (_, i) => String(input.min + i));
      const blocks = optionControls(
        values.map((v) => ({ label: v, value: v })),
        slot,
        prompt.id,
        MAX_SCALE_BUTTONS,
        SCALE_BUTTONS_PER_ROW,
      );
      if (blocks.length > 0 && input.minLabel && input.maxLabel) {
        blocks.push(hint(`${input.min} = ${input.minLabel}   ·   ${input.max} = ${input.maxLabel}`, slot, prompt.id));
      }
      return blocks;
    }
    case "percent":
      return [actions([formButton("percent")], slot, 0, prompt.id), hint("Or just type a number from 0 to 100 here.", slot, prompt.id)];
    case "text": {
      const elements: Button[] = [formButton(input.optional ? "text-optional" : "text")];
      // "skip" is what the domain reads as "no answer" for an optional question.
      if (input.optional) elements.push(button("Skip", "skip", answerActionId(0)));
      return [actions(elements, slot, 0, prompt.id)];
    }
  }
}

/** Buttons in balanced rows, or drop-downs when there are more options than `maxButtons`. */
function optionControls(options: readonly AnswerOption[], slot: number, promptId: string, maxButtons: number, perRow: number): KnownBlock[] {
  const fitsSelect = options.every((o) => o.value.length <= BLOCK_LIMITS.optionValue);
  if (options.length > maxButtons && fitsSelect) return selectControls(options, slot, promptId);
  // A value Slack cannot carry means the answer must be typed.
  if (options.some((o) => o.value.length === 0 || o.value.length > BLOCK_LIMITS.buttonValue)) return [];
  const rows = Math.ceil(options.length / perRow);
  const size = Math.ceil(options.length / rows);
  return chunk(
    options.map((o, i) => button(o.label || o.value, o.value, answerActionId(i))),
    size,
  ).map((row, part) => actions(row, slot, part, promptId));
}

function selectControls(options: readonly AnswerOption[], slot: number, promptId: string): KnownBlock[] {
  const pages = chunk([...options], BLOCK_LIMITS.optionsPerSelect);
  const selects: StaticSelect[] = pages.map((page, i) => ({
    type: "static_select",
    action_id: answerActionId(i),
    placeholder: {
      type: "plain_text",
      text: pages.length === 1 ? "Choose…" : `Choose (${i * BLOCK_LIMITS.optionsPerSelect + 1}–${i * BLOCK_LIMITS.optionsPerSelect + page.length})`,
    },
    options: page.map((o) => ({ text: { type: "plain_text", text: truncate(o.label || o.value, BLOCK_LIMITS.optionText), emoji: true }, value: o.value })),
  }));
  return chunk(selects, BLOCK_LIMITS.elementsPerActions).map((row, part) => actions(row, slot, part, promptId));
}

function button(label: string, value: string, actionId: string): Button {
  return { type: "button", text: { type: "plain_text", text: truncate(label, BLOCK_LIMITS.buttonText), emoji: true }, value, action_id: actionId };
}

function formButton(kind: FormKind): Button {
  return { ...button("Answer", kind, FORM_ACTION), style: "primary" };
}

function actions(elements: (Button | StaticSelect)[], slot: number, part: number, promptId: string): KnownBlock {
  return { type: "actions", block_id: blockIdFor(slot, "a", part, promptId), elements };
}

function hint(text: string, slot: number, promptId: string): KnownBlock {
  return {
    type: "context",
    block_id: blockIdFor(slot, "h", 0, promptId),
    elements: [{ type: "plain_text", text: truncate(text, BLOCK_LIMITS.contextText), emoji: true }],
  };
}

function fallbackText(blocks: readonly KnownBlock[]): string {
  const texts = blocks.flatMap((b) => (b.type === "section" && b.text ? [b.text.text] : []));
  const text = texts.join("\n\n") || "Your coach sent you a message.";
  return escapeMrkdwn(truncate(text, BLOCK_LIMITS.fallbackText));
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * The message after one of its prompts was answered: that prompt's buttons and hint are replaced
 * by one context line showing the answer, so it cannot be answered twice by accident.
 * Returns null when the prompt has no controls left (already answered).
 */
export function markAnswered<B extends { block_id?: string }>(blocks: readonly B[], slot: number, answerLabel: string): (B | KnownBlock)[] | null {
  const kept: (B | KnownBlock)[] = [];
  let insertAt = -1;
  let promptId = "";
  for (const block of blocks) {
    const id = parseBlockId(block.block_id);
    if (id && id.slot === slot && (id.role === "a" || id.role === "h")) {
      if (insertAt < 0) [insertAt, promptId] = [kept.length, id.promptId];
      continue;
    }
    kept.push(block);
  }
  if (insertAt < 0) return null;
  const done: KnownBlock = {
    type: "context",
    block_id: blockIdFor(slot, "done", 0, promptId),
    elements: [{ type: "plain_text", text: `✓ You answered: ${truncate(answerLabel.trim() || "(no answer)", 500)}`, emoji: true }],
  };
  kept.splice(insertAt, 0, done);
  return kept;
}

/** The question text of one prompt in a message, for the answer form's header. */
export function questionTextOf(blocks: readonly { block_id?: string; text?: { text?: string } }[], slot: number): string {
  return blocks
    .filter((b) => {
      const id = parseBlockId(b.block_id);
      return id !== null && id.slot === slot && id.role === "q";
    })
    .map((b) => b.text?.text ?? "")
    .join("\n\n");
}
