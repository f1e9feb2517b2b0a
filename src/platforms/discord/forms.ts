// The one-field form (modal) behind an "Answer" button, and the text an answered question's
// message is updated to. Pure, like render.ts. Modal limits: title <= 45 characters; a Label
// (the current way to caption a modal field; action rows in modals are deprecated) has a label
// <= 45 and a description <= 100; a text input's placeholder <= 100 and value <= 4000.

import type { APIModalInteractionResponseCallbackData } from "discord.js";
import { ComponentType, TextInputStyle } from "discord.js";
import { ANSWER_FIELD_ID, encodeCustomId, type FormKind } from "./custom-id.js";
import { LIMITS, truncate } from "./render.js";
import { wording } from "./wording.js";

export const FORM_LIMITS = { title: 45, label: 45, description: 100, placeholder: 100, textAnswer: 1000, shortAnswer: 10 } as const;

/** How much of a free-text answer is echoed into the answered message. */
const ECHO_MAX = 300;

/**
 * The form for a question whose message content is `question`. The question is repeated as the
 * field's description because a modal hides the message it was opened from on mobile.
 */
export function answerForm(form: FormKind, promptId: string, question: string): APIModalInteractionResponseCallbackData | null {
  const customId = encodeCustomId({ type: "submitForm", form, promptId });
  if (customId === null) return null;
  const short = form === "percent" || form === "number";
  const summary = firstParagraph(question);
  return {
    custom_id: customId,
    title: truncate(wording.formTitle, FORM_LIMITS.title),
    components: [
      {
        type: ComponentType.Label,
        label: truncate(wording.formLabel[form], FORM_LIMITS.label),
        ...(summary ? { description: truncate(summary, FORM_LIMITS.description) } : {}),
        component: {
          type: ComponentType.TextInput,
          custom_id: ANSWER_FIELD_ID,
          style: short ? TextInputStyle.Short : TextInputStyle.Paragraph,
          required: form !== "optionalText",
          max_length: short ? FORM_LIMITS.shortAnswer : FORM_LIMITS.textAnswer,
          ...(form === "percent" ? { placeholder: "70" } : {}),
        },
      },
    ],
  };
}

function firstParagraph(text: string): string {
  return (text.split(/\n\s*\n/)[0] ?? "").replace(/\s+/g, " ").trim();
}

/**
 * The content an answered question's message is updated to: the question, without the hint
 * about replying, followed by the answer. Sent with no components, so the buttons disappear and
 * the same message cannot be answered twice.
 */
export function answeredContent(question: string, answer: string): string {
  const shown = answer.replace(/\s+/g, " ").trim();
  const note = `\n\n${wording.answered(shown === "" ? wording.skipped : truncate(shown, ECHO_MAX))}`;
  const withoutHint = question.endsWith(wording.replyHint) ? question.slice(0, -wording.replyHint.length).trimEnd() : question;
  return `${truncate(withoutHint, LIMITS.content - note.length)}${note}`;
}
