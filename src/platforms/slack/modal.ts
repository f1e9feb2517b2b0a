// The answer form: a modal with one text input, for percent and free-text questions. It is
// validated on submit so a bad percentage is sent back to the form (response_action "errors")
// instead of being lost, and the typed text is never dropped on the floor.
import type { types } from "@slack/bolt";
import { parseAnswer } from "../../domain/prompt.js";
import { ANSWER_VIEW, decodeFormMetadata, encodeFormMetadata, FORM_INPUT_ACTION, FORM_INPUT_BLOCK, type FormMetadata } from "./ids.js";
import { truncate } from "./text.js";

const MAX_TEXT_ANSWER = 3000;
const MAX_PERCENT_INPUT = 10;

export function answerFormView(meta: FormMetadata, question: string): types.ModalView {
  const isPercent = meta.kind === "percent";
  const blocks: types.KnownBlock[] = [];
  if (question.trim()) blocks.push({ type: "section", text: { type: "plain_text", text: truncate(question.trim(), 3000), emoji: true } });
  blocks.push({
    type: "input",
    block_id: FORM_INPUT_BLOCK,
    optional: meta.kind === "text-optional",
    label: { type: "plain_text", text: isPercent ? "Percentage (0 to 100)" : "Your answer" },
    element: {
      type: "plain_text_input",
      action_id: FORM_INPUT_ACTION,
      multiline: !isPercent,
      max_length: isPercent ? MAX_PERCENT_INPUT : MAX_TEXT_ANSWER,
      placeholder: { type: "plain_text", text: isPercent ? "e.g. 80" : "Type your answer" },
    },
  });
  return {
    type: "modal",
    callback_id: ANSWER_VIEW,
    private_metadata: encodeFormMetadata(meta),
    // Title, submit and close are limited to 24 characters each.
    title: { type: "plain_text", text: "Your answer" },
    submit: { type: "plain_text", text: "Send" },
    close: { type: "plain_text", text: "Cancel" },
    blocks,
  };
}

/** The parts of a view_submission's `view` this module reads. */
export interface SubmittedView {
  callback_id?: string;
  private_metadata?: string;
  state?: { values?: Record<string, Record<string, { value?: string | null } | undefined> | undefined> };
}

export type FormSubmission =
  | { ok: true; meta: FormMetadata; text: string; label: string }
  | { ok: false; errors: Record<string, string> }
  | { ok: false; errors: null; reason: string };

/**
 * Reads a submitted answer form. Invalid input returns field errors to show in the form;
 * a form we cannot read at all (not ours, metadata damaged) returns `errors: null`.
 */
export function readAnswerForm(view: SubmittedView): FormSubmission {
  const meta = decodeFormMetadata(view.private_metadata);
  if (view.callback_id !== ANSWER_VIEW || !meta) return { ok: false, errors: null, reason: "not an answer form, or its metadata is unreadable" };
  const text = (view.state?.values?.[FORM_INPUT_BLOCK]?.[FORM_INPUT_ACTION]?.value ?? "").trim();
  if (meta.kind === "percent") {
    const parsed = parseAnswer({ kind: "percent" }, text);
    if (!parsed.ok) return { ok: false, errors: { [FORM_INPUT_BLOCK]: "Please enter a whole number from 0 to 100, like 80." } };
    return { ok: true, meta, text: String(parsed.value), label: `${parsed.value}%` };
  }
  if (meta.kind === "text" && text === "") return { ok: false, errors: { [FORM_INPUT_BLOCK]: "Please type a few words, so I know what you mean." } };
  // An empty optional answer is sent as "skip": that is how the domain spells "no answer".
  return { ok: true, meta, text: text || "skip", label: text || "(skipped)" };
}
