// How a prompt's identity travels through Slack. Slack hands block_id and action_id back
// unchanged with every button press, so:
//   - block_id  = "<slot>.<role><part>|<promptId>": which prompt (and which of the message's
//     prompts, the "slot") a block belongs to. The prompt id is what the engine needs to tell a
//     current answer from a stale one; the slot lets us find that prompt's blocks again when we
//     replace its buttons after an answer.
//   - action_id = what kind of control was used (answer value, or "open the answer form").
//   - button value / selected option value = the raw answer (choice option value, scale number).
// Modals carry the same facts in private_metadata (FormMetadata below).

/** Buttons and selects whose value is the answer itself. action_id is `coach.answer.<n>`. */
export const ANSWER_ACTION = "coach.answer";
/** The "Answer" button of percent and free-text prompts: opens the answer form. */
export const FORM_ACTION = "coach.form";
/** callback_id of the answer form (modal). */
export const ANSWER_VIEW = "coach.answer_form";
/** block_id / action_id of the one input in the answer form. */
export const FORM_INPUT_BLOCK = "answer";
export const FORM_INPUT_ACTION = "text";

/** q = question text, a = answer controls, h = hint under the controls, done = "you answered". */
export type BlockRole = "q" | "a" | "h" | "done";

// Slack's limits for block_id and action_id.
export const MAX_BLOCK_ID = 255;
export const MAX_ACTION_ID = 255;
/** Room left for the prompt id once the longest "<slot>.<role><part>|" prefix is in. */
export const MAX_PROMPT_ID = MAX_BLOCK_ID - "999.done999|".length;

export function blockIdFor(slot: number, role: BlockRole, part: number, promptId: string): string {
  return `${slot}.${role}${part}|${promptId}`;
}

export interface ParsedBlockId {
  slot: number;
  role: BlockRole;
  promptId: string;
}

export function parseBlockId(blockId: string | undefined): ParsedBlockId | null {
  if (!blockId) return null;
  const bar = blockId.indexOf("|");
  if (bar < 0) return null;
  const match = /^(\d{1,3})\.(q|a|h|done)\d{1,3}$/.exec(blockId.slice(0, bar));
  const promptId = blockId.slice(bar + 1);
  if (!match || !promptId) return null;
  return { slot: Number(match[1]), role: match[2] as BlockRole, promptId };
}

/** A prompt id too long for a block_id cannot get buttons; the client can still type the answer. */
export function promptIdFits(promptId: string): boolean {
  return promptId.length > 0 && promptId.length <= MAX_PROMPT_ID;
}

export function answerActionId(index: number): string {
  return `${ANSWER_ACTION}.${index}`;
}

export function isAnswerAction(actionId: string): boolean {
  return actionId === ANSWER_ACTION || actionId.startsWith(`${ANSWER_ACTION}.`);
}

/** What the "Answer" button says about the form to open (its value). */
export type FormKind = "percent" | "text" | "text-optional";

export function isFormKind(value: unknown): value is FormKind {
  return value === "percent" || value === "text" || value === "text-optional";
}

/** Everything the answer form's submission needs, kept in the modal's private_metadata. */
export interface FormMetadata {
  promptId: string;
  kind: FormKind;
  /** The DM channel and ts of the message holding the "Answer" button, to update it afterwards. */
  channel: string;
  messageTs: string;
  slot: number;
}

/** private_metadata may hold at most 3000 characters; prompt ids are capped well below that. */
export function encodeFormMetadata(meta: FormMetadata): string {
  return JSON.stringify({ p: meta.promptId, k: meta.kind, c: meta.channel, t: meta.messageTs, s: meta.slot });
}

export function decodeFormMetadata(raw: string | undefined): FormMetadata | null {
  if (!raw) return null;
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof data !== "object" || data === null) return null;
  const { p, k, c, t, s } = data as Record<string, unknown>;
  if (typeof p !== "string" || !p || !isFormKind(k) || typeof c !== "string" || typeof t !== "string" || typeof s !== "number") return null;
  return { promptId: p, kind: k, channel: c, messageTs: t, slot: s };
}
