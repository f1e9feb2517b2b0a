// The team check-in as Slack draws it: the channel post (the flow's words, then what the team
// may see so far, then an "Answer privately" button), kept current with chat.update, and a
// neutral private form as a modal. Pure: no IO. Limits: modal title <= 24 characters, input
// label <= 2000, hint <= 2000, placeholder <= 150, option text <= 75, private_metadata <= 3000.
import type { types } from "@slack/bolt";
import type { TeamCheckInTexts } from "../../domain/catalog.js";
import type { FormAction, FormSpec } from "../../interactions/index.js";
import type { TeamCheckInPost } from "../../teams/channel.js";
import { teamPostText } from "../../teams/post-text.js";
import { BLOCK_LIMITS } from "./blocks.js";
import { answerPrivatelyBlock } from "./team-button.js";
import { escapeMrkdwn, splitText, truncate } from "./text.js";
import { wording } from "./wording.js";

/** callback_id of the team form (modal); its private_metadata is the check-in id. */
export const TEAM_FORM_VIEW = "coach.team.form";
const SHARED_NOTE_MAX = 300;
const MODAL_TITLE_MAX = 24;
const CHECK_IN_ID = /^[0-9a-f-]{36}$/i;

/** The channel post: the question, what the team may see so far, and the button. */
export function teamCheckInBlocks(post: TeamCheckInPost, texts: TeamCheckInTexts): { text: string; blocks: types.KnownBlock[] } {
  const t = teamPostText(post, texts, {
    // Names, not mentions: a mention in a channel notifies the member; the id only when no name is known.
    who: (s) => (s.name ? escapeMrkdwn(s.name) : `<@${s.platformUserId}>`),
    note: (note) => escapeMrkdwn(truncate(note.replace(/\s+/g, " "), SHARED_NOTE_MAX)),
    escapeText: escapeMrkdwn,
  });
  const sections = [`*${t.header}*\n${t.body}`];
  if (t.standing) sections.push([`*${t.standing}*`, ...(t.shared ? [t.shared.header, ...t.shared.lines.map((line) => `> ${line}`)] : [])].join("\n"));
  const blocks: types.KnownBlock[] = sections
    .flatMap((text) => splitText(text, BLOCK_LIMITS.sectionText))
    // Room for the button: the post stays one message however many share.
    .slice(0, BLOCK_LIMITS.blocksPerMessage - 1)
    .map((text) => ({ type: "section", text: { type: "mrkdwn", text } }));
  blocks.push(answerPrivatelyBlock(post.checkInId));
  const text = [t.header, t.standing].filter(Boolean).join(" · ");
  return { text: truncate(text, BLOCK_LIMITS.fallbackText), blocks };
}

/** A neutral private form as a modal: text fields as plain-text inputs, a choice as radio buttons. */
export function formView(form: FormSpec): types.ModalView {
  const blocks: types.KnownBlock[] = form.fields.map((field): types.InputBlock => {
    const label = { type: "plain_text" as const, text: truncate(field.label, 2000) };
    const hint = field.hint ? { hint: { type: "plain_text" as const, text: truncate(field.hint, 2000) } } : {};
    if (field.kind === "choice") {
      const options = (field.options ?? []).map((o) => ({
        text: { type: "plain_text" as const, text: truncate(o.label, BLOCK_LIMITS.optionText) },
        value: o.value,
      }));
      const initial = options.find((o) => o.value === field.value);
      return {
        type: "input",
        block_id: field.key,
        label,
        ...hint,
        optional: !field.required,
        element: { type: "radio_buttons", action_id: field.key, options, ...(initial ? { initial_option: initial } : {}) },
      };
    }
    return {
      type: "input",
      block_id: field.key,
      label,
      ...hint,
      optional: !field.required,
      element: {
        type: "plain_text_input",
        action_id: field.key,
        multiline: field.kind === "paragraph",
        ...(field.maxLength ? { max_length: field.maxLength } : {}),
        ...(field.placeholder ? { placeholder: { type: "plain_text" as const, text: truncate(field.placeholder, 150) } } : {}),
        ...(field.value ? { initial_value: field.value } : {}),
      },
    };
  });
  return {
    type: "modal",
    callback_id: TEAM_FORM_VIEW,
    private_metadata: form.action.checkInId,
    title: { type: "plain_text", text: truncate(form.title, MODAL_TITLE_MAX) },
    submit: { type: "plain_text", text: wording.team.send },
    close: { type: "plain_text", text: wording.team.cancel },
    blocks,
  };
}

/** The values of a submitted team form by field key, and what it is about; null when it is not one. */
export function readTeamForm(view: {
  callback_id?: string;
  private_metadata?: string;
  state?: { values?: Record<string, Record<string, { value?: string | null; selected_option?: { value?: string } | null } | undefined> | undefined> };
}): { action: FormAction; values: Record<string, string> } | null {
  const checkInId = view.private_metadata ?? "";
  if (view.callback_id !== TEAM_FORM_VIEW || !CHECK_IN_ID.test(checkInId)) return null;
  const values: Record<string, string> = {};
  for (const [key, block] of Object.entries(view.state?.values ?? {})) {
    const input = block?.[key];
    const value = input?.selected_option?.value ?? input?.value;
    if (typeof value === "string") values[key] = value;
  }
  return { action: { type: "teamAnswer", checkInId }, values };
}
