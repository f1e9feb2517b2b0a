// The team check-in as Discord draws it: the channel post (question, "Answer privately" button,
// and the aggregate the team may see, kept current by editing the same message) and the
// private answer form. Pure, like render.ts and forms.ts.
// Form limits: title <= 45; <= 5 top-level components; a Label's label <= 45 and description
// <= 100; a select has 1-25 options; text input value <= 4000.
import { ComponentType, TextInputStyle } from "discord.js";
import type { APIModalInteractionResponseCallbackData } from "discord.js";
import { MIN_FOR_AVERAGES, type TeamAggregate } from "../../domain/team-aggregate.js";
import type { TeamAnswerInput } from "../../teams/answers.js";
import type { TeamCheckInPost } from "../../teams/channel.js";
import { encodeAdapterAction } from "./action-ids.js";
import { FORM_LIMITS } from "./forms.js";
import { answerPrivatelyRow, LIMITS, truncate, type DiscordMessageBody } from "./render.js";
import { wording } from "./wording.js";

const w = wording.team;

/** custom_ids of the team form's fields. */
export const TEAM_FIELDS = { achievement: "achievement", mood: "mood", note: "note", share: "share" } as const;
export const TEAM_NOTE_INPUT_MAX = 300;

/** The channel post: the question with its button, then what the team may see so far. */
export function teamCheckInMessage(post: TeamCheckInPost): DiscordMessageBody {
  const head = [w.postHeader(post.teamName, post.period), w.postBody].join("\n");
  const tail = aggregateLines(post.aggregate);
  const content = tail.length === 0 ? head : `${head}\n\n${tail.join("\n")}`;
  return { content: truncate(content, LIMITS.content), components: [answerPrivatelyRow(post.checkInId)] };
}

/** Nothing before the first answer; the count alone below the threshold; then averages and shared answers. */
export function aggregateLines(aggregate: TeamAggregate): string[] {
  if (aggregate.answered === 0) return [];
  if (!aggregate.averages) return [w.answeredSoFar(aggregate.answered, MIN_FOR_AVERAGES)];
  const lines = [w.summary(aggregate.answered, aggregate.averages.achievement, aggregate.averages.mood)];
  if (aggregate.shared.length > 0) {
    lines.push(w.sharedHeader);
    // A mention shows the member's current name in the server; allowed_mentions keeps it silent.
    for (const s of aggregate.shared) lines.push(w.sharedLine(`<@${s.platformUserId}>`, s.achievement, s.mood, s.note === null ? null : truncate(s.note, TEAM_NOTE_INPUT_MAX)));
  }
  return lines;
}

/** The private form, filled in with the member's stored answer when they answer again. */
export function teamAnswerForm(checkIn: { checkInId: string; teamName: string }, stored: TeamAnswerInput | null): APIModalInteractionResponseCallbackData {
  const number = (id: string, label: string, hint: string, placeholder: string, max: number, value: number | null | undefined) => ({
    type: ComponentType.Label as const,
    label: truncate(label, FORM_LIMITS.label),
    description: truncate(hint, FORM_LIMITS.description),
    component: {
      type: ComponentType.TextInput as const,
      custom_id: id,
      style: TextInputStyle.Short,
      required: true,
      max_length: max,
      placeholder,
      ...(value === null || value === undefined ? {} : { value: String(value) }),
    },
  });
  const shared = stored?.shareWithTeam ?? false;
  return {
    custom_id: encodeAdapterAction({ type: "submitTeamForm", checkInId: checkIn.checkInId }),
    title: truncate(w.formTitle(checkIn.teamName), FORM_LIMITS.title),
    components: [
      number(TEAM_FIELDS.achievement, w.achievementLabel, w.achievementHint, "70", 4, stored?.achievement),
      number(TEAM_FIELDS.mood, w.moodLabel, w.moodHint, "7", 4, stored?.mood),
      {
        type: ComponentType.Label,
        label: truncate(w.noteLabel, FORM_LIMITS.label),
        component: {
          type: ComponentType.TextInput,
          custom_id: TEAM_FIELDS.note,
          style: TextInputStyle.Paragraph,
          required: false,
          max_length: TEAM_NOTE_INPUT_MAX,
          ...(stored?.note ? { value: stored.note } : {}),
        },
      },
      {
        type: ComponentType.Label,
        label: truncate(w.shareLabel, FORM_LIMITS.label),
        description: truncate(w.shareHint, FORM_LIMITS.description),
        component: {
          type: ComponentType.StringSelect,
          custom_id: TEAM_FIELDS.share,
          required: true,
          min_values: 1,
          max_values: 1,
          options: [
            { label: w.shareNo, value: "no", default: !shared },
            { label: w.shareYes, value: "yes", default: shared },
          ],
        },
      },
    ],
  };
}
