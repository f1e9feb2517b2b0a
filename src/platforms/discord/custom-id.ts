// The custom_id of every component the bot sends. Discord hands it back verbatim on a button
// press, a select or a modal submit, and it is all we keep about the question: the adapter
// holds no state, so a press that arrives on another instance, or after a restart, still knows
// which question it answers. Discord caps a custom_id at 100 characters.
//
// Encoding (a one-letter tag, then fields separated by "|"):
//   a|<promptId>|<value>   answer button: sends <value> (a choice option's value, a scale number)
//   s|<promptId>|<n>       string select n (choices with more than 25 options, 25 per menu): sends
//                          the picked option's value; <n> only keeps the menus' ids distinct
//   f|<k>|<promptId>       "Answer" button: opens the form (modal) for a free answer of kind <k>
//   m|<k>|<promptId>       that form's submit: sends what was typed into its one text field
// <k>: p = percent, t = text, o = optional text, n = number (a scale too wide for buttons).
// A promptId never contains "|" (the renderer falls back to typed answers if one does), so the
// promptId ends at the next "|"; a value may contain "|" because it is always the last field.

export const CUSTOM_ID_MAX = 100;

/** The custom_id of the single text field inside every answer form. */
export const ANSWER_FIELD_ID = "answer";

export type FormKind = "percent" | "text" | "optionalText" | "number";

const FORM_CODES: Record<FormKind, string> = { percent: "p", text: "t", optionalText: "o", number: "n" };
const FORM_KINDS = new Map(Object.entries(FORM_CODES).map(([kind, code]) => [code, kind as FormKind]));

export type ComponentAction =
  | { type: "answer"; promptId: string; value: string }
  | { type: "select"; promptId: string; menu: number }
  | { type: "openForm"; form: FormKind; promptId: string }
  | { type: "submitForm"; form: FormKind; promptId: string };

/** Whether a prompt id can be carried in a custom_id at all. */
export function canEncodePromptId(promptId: string): boolean {
  return promptId.length > 0 && !promptId.includes("|");
}

/** The encoded custom_id, or null when it would not fit in Discord's 100 characters. */
export function encodeCustomId(action: ComponentAction): string | null {
  if (!canEncodePromptId(action.promptId)) return null;
  let id: string;
  switch (action.type) {
    case "answer":
      id = `a|${action.promptId}|${action.value}`;
      break;
    case "select":
      id = `s|${action.promptId}|${action.menu}`;
      break;
    case "openForm":
      id = `f|${FORM_CODES[action.form]}|${action.promptId}`;
      break;
    case "submitForm":
      id = `m|${FORM_CODES[action.form]}|${action.promptId}`;
      break;
  }
  return id.length <= CUSTOM_ID_MAX ? id : null;
}

/** Reads a custom_id back; null for anything this bot did not produce (or an older format). */
export function decodeCustomId(customId: string): ComponentAction | null {
  const [tag, ...rest] = customId.split("|");
  switch (tag) {
    case "a": {
      const [promptId, ...valueParts] = rest;
      if (!promptId || valueParts.length === 0) return null;
      return { type: "answer", promptId, value: valueParts.join("|") };
    }
    case "s": {
      const [promptId, menu] = rest;
      if (rest.length !== 2 || !promptId || !menu || !/^\d{1,2}$/.test(menu)) return null;
      return { type: "select", promptId, menu: Number(menu) };
    }
    case "f":
    case "m": {
      const [code, promptId] = rest;
      const form = code === undefined ? undefined : FORM_KINDS.get(code);
      if (rest.length !== 2 || !form || !promptId) return null;
      return { type: tag === "f" ? "openForm" : "submitForm", form, promptId };
    }
    default:
      return null;
  }
}
