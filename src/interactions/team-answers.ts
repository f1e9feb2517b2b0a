// A member's private answer to a team check-in, the same on every platform: pressing "answer
// privately" (on the channel post or a reminder DM) opens the form, filled in with what they
// answered before; sending it saves through the team service, and the reply is private. The
// wording and the questions come from flows/team_checkin.yaml; adapters only draw the form and
// hand back its values by field key.
import type { Catalog } from "../domain/catalog.js";
import { fillTemplate } from "../domain/script.js";
import { retriedByInbox } from "../engine/inbox.js";
import { teamCheckIn } from "../store/people.js";
import { parseTeamAnswer, recordTeamAnswer, storedTeamAnswer, TEAM_NOTE_MAX, type TeamAnswerInput, UnknownTeamCheckInError } from "../teams/index.js";
import type { InteractionDeps } from "./context.js";
import { type FormAction, type FormSpec, type InteractionHeader, privateReply, type Reply } from "./types.js";
import { wording } from "./wording.js";

/** The team form's fields by key (also the keys of a submit's values). */
export const TEAM_FORM_FIELDS = { achievement: "achievement", mood: "mood", note: "note", share: "share" } as const;
const NUMBER_INPUT_MAX = 4;

/**
 * The form behind an "answer privately" button, or a private note when it cannot open. Always the
 * note, even when the inbox could try again: nothing was typed yet, and a later try could not
 * open the form anyway (Slack's trigger to open it lasts 3 seconds).
 */
export async function openForm(deps: InteractionDeps, header: InteractionHeader, action: FormAction): Promise<Reply> {
  const texts = deps.catalog.team;
  try {
    const checkIn = await teamCheckIn(deps.prisma, action.checkInId);
    if (!checkIn) return privateReply(texts.replies.unknownCheckIn);
    const stored = await storedTeamAnswer(deps.teams, action.checkInId, header.actor.platformUserId);
    return privateReply("", { form: teamAnswerForm(deps.catalog, action, checkIn.team.name, stored) });
  } catch (error) {
    deps.log.error("the team form could not be opened", { checkInId: action.checkInId, eventId: header.eventId, error });
    return privateReply(wording.somethingWrong);
  }
}

/**
 * Saves a sent team form. Every valid field is kept; a typo gets a kind note and the form again.
 * A passing database failure while the form is processed from the inbox is thrown instead of
 * apologised for: the inbox saves it again.
 */
export async function submitForm(deps: InteractionDeps, header: InteractionHeader, action: FormAction, values: Record<string, string>): Promise<Reply> {
  const texts = deps.catalog.team;
  const { checkInId } = action;
  try {
    const { answer, problems } = parseTeamAnswer({
      achievement: values[TEAM_FORM_FIELDS.achievement] ?? "",
      mood: values[TEAM_FORM_FIELDS.mood] ?? "",
      note: values[TEAM_FORM_FIELDS.note] ?? null,
      share: values[TEAM_FORM_FIELDS.share] ?? null,
    });
    const member = { platformUserId: header.actor.platformUserId, name: header.actor.displayName ?? null };
    const recorded = await recordTeamAnswer(deps.teams, { checkInId }, member, answer);
    const { achievement, mood } = recorded.stored;
    if (problems.length > 0 || achievement === null || mood === null) {
      deps.log.info("a team answer had an unreadable number", { checkInId, problems, eventId: header.eventId });
      const missing = problems.length > 0 ? problems : (["achievement", "mood"] as const).filter((f) => recorded.stored[f] === null);
      const fields = missing.map((f) => texts.form[f].name).join(" and ");
      return privateReply(fillTemplate(texts.replies.invalid, { fields }), { reopen: action });
    }
    const shared = recorded.stored.shareWithTeam ? texts.replies.shared : texts.replies.keptPrivate;
    return privateReply(fillTemplate(recorded.updated ? texts.replies.updated : texts.replies.saved, { achievement, mood, shared }));
  } catch (error) {
    if (error instanceof UnknownTeamCheckInError) return privateReply(texts.replies.unknownCheckIn);
    // The database was away for a moment: the inbox saves the form again, no apology now.
    if (retriedByInbox(error)) throw error;
    deps.log.error("a team answer could not be saved", { checkInId, eventId: header.eventId, error });
    return privateReply(wording.somethingWrong, { reopen: action });
  }
}

/** The form, filled in with the member's stored answer when they answer again. */
export function teamAnswerForm(catalog: Catalog, action: FormAction, teamName: string, stored: TeamAnswerInput | null): FormSpec {
  const f = catalog.team.form;
  const number = (key: "achievement" | "mood", value: number | null | undefined) => ({
    key,
    label: f[key].label,
    ...(f[key].hint ? { hint: f[key].hint } : {}),
    ...(f[key].placeholder ? { placeholder: f[key].placeholder } : {}),
    kind: "short" as const,
    required: true,
    maxLength: NUMBER_INPUT_MAX,
    ...(value === null || value === undefined ? {} : { value: String(value) }),
  });
  return {
    action,
    title: fillTemplate(f.title, { team: teamName }),
    fields: [
      number("achievement", stored?.achievement),
      number("mood", stored?.mood),
      {
        key: TEAM_FORM_FIELDS.note,
        label: f.note.label,
        ...(f.note.hint ? { hint: f.note.hint } : {}),
        ...(f.note.placeholder ? { placeholder: f.note.placeholder } : {}),
        kind: "paragraph",
        required: false,
        maxLength: TEAM_NOTE_MAX,
        ...(stored?.note ? { value: stored.note } : {}),
      },
      {
        key: TEAM_FORM_FIELDS.share,
        label: f.share.label,
        ...(f.share.hint ? { hint: f.share.hint } : {}),
        kind: "choice",
        required: true,
        value: stored?.shareWithTeam ? "yes" : "no",
        options: [
          { value: "no", label: f.share.no },
          { value: "yes", label: f.share.yes },
        ],
      },
    ],
  };
}
