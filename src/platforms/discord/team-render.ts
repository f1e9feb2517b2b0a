// The team check-in as Discord draws it: the channel post (the flow's words, an "Answer
// privately" button, and the aggregate the team may see, kept current by editing the same
// message) and a neutral private form as a modal. Pure, like render.ts and forms.ts.
// Form limits: title <= 45; <= 5 top-level components; a Label's label <= 45 and description
// <= 100; a select has 1-25 options; text input value <= 4000.

import type { APIModalInteractionResponseCallbackData } from "discord.js";
import { ComponentType, TextInputStyle } from "discord.js";
import type { TeamCheckInTexts } from "../../domain/catalog.js";
import type { FormSpec } from "../../interactions/index.js";
import type { TeamCheckInPost } from "../../teams/channel.js";
import { teamPostText } from "../../teams/post-text.js";
import { encodeAdapterAction } from "./action-ids.js";
import { FORM_LIMITS } from "./forms.js";
import { answerPrivatelyRow, type DiscordMessageBody, LIMITS, truncate } from "./render.js";

/** How much of a shared note the post quotes. */
export const SHARED_NOTE_MAX = 300;

/** The channel post: the question with its button, then what the team may see so far. */
export function teamCheckInMessage(post: TeamCheckInPost, texts: TeamCheckInTexts): DiscordMessageBody {
  const { header, body } = text(post, texts);
  const head = `**${header}**\n${body}`;
  const tail = aggregateLines(post, texts);
  const content = tail.length === 0 ? head : `${head}\n\n${tail.join("\n")}`;
  return { content: truncate(content, LIMITS.content), components: [answerPrivatelyRow(post.checkInId)] };
}

function text(post: Pick<TeamCheckInPost, "teamName" | "period" | "aggregate">, texts: TeamCheckInTexts) {
  // A mention shows the member's current name in the server; allowed_mentions keeps it silent.
  return teamPostText(post, texts, { who: (s) => `<@${s.platformUserId}>`, note: (note) => truncate(note, SHARED_NOTE_MAX) });
}

/** Nothing before the first answer; the count alone below the threshold; then averages and shared answers. */
export function aggregateLines(post: Pick<TeamCheckInPost, "teamName" | "period" | "aggregate">, texts: TeamCheckInTexts): string[] {
  const { standing, shared } = text(post, texts);
  if (!standing) return [];
  return [`**${standing}**`, ...(shared ? [shared.header, ...shared.lines.map((line) => `> ${line}`)] : [])];
}

/** A neutral private form as a modal: text fields in Labels, a choice as a select. */
export function formModal(form: FormSpec): APIModalInteractionResponseCallbackData {
  return {
    custom_id: encodeAdapterAction({ type: "submitTeamForm", checkInId: form.action.checkInId }),
    title: truncate(form.title, FORM_LIMITS.title),
    components: form.fields.map((field) => ({
      type: ComponentType.Label as const,
      label: truncate(field.label, FORM_LIMITS.label),
      ...(field.hint ? { description: truncate(field.hint, FORM_LIMITS.description) } : {}),
      component:
        field.kind === "choice"
          ? {
              type: ComponentType.StringSelect as const,
              custom_id: field.key,
              required: field.required,
              min_values: 1,
              max_values: 1,
              options: (field.options ?? []).map((o) => ({ label: truncate(o.label, 100), value: o.value, default: o.value === field.value })),
            }
          : {
              type: ComponentType.TextInput as const,
              custom_id: field.key,
              style: field.kind === "paragraph" ? TextInputStyle.Paragraph : TextInputStyle.Short,
              required: field.required,
              ...(field.maxLength ? { max_length: field.maxLength } : {}),
              ...(field.placeholder ? { placeholder: truncate(field.placeholder, FORM_LIMITS.placeholder) } : {}),
              ...(field.value ? { value: field.value } : {}),
            },
    })),
  };
}
