// A member answers a team check-in: "Answer privately" (on the channel post, on a reminder DM,
// or on the note after a typo) opens the form, filled in with what they answered before; the
// submit is saved through the team service and confirmed privately. A typo in a number gets a
// kind private note; everything valid is kept and the form remembers it.
import { MessageFlags, type ButtonInteraction, type ModalSubmitInteraction } from "discord.js";
import type { Logger } from "../../log.js";
import { parseTeamAnswer, recordTeamAnswer, storedTeamAnswer, UnknownTeamCheckInError, type TeamDeps } from "../../teams/index.js";
import { teamCheckIn } from "../../store/people.js";
import { isStaleInteractionError } from "./errors.js";
import { answerPrivatelyRow } from "./render.js";
import { TEAM_FIELDS, teamAnswerForm } from "./team-render.js";
import { wording } from "./wording.js";

const w = wording.team;

export function createTeamInteractions({ teams, log }: { teams: TeamDeps; log: Logger }) {
  const openForm = async (interaction: ButtonInteraction, checkInId: string): Promise<void> => {
    const checkIn = await teamCheckIn(teams.prisma, checkInId);
    try {
      if (!checkIn) {
        await interaction.reply({ content: w.unknownCheckIn, flags: MessageFlags.Ephemeral });
        return;
      }
      const stored = await storedTeamAnswer(teams, checkInId, interaction.user.id);
      await interaction.showModal(teamAnswerForm({ checkInId, teamName: checkIn.team.name }, stored));
    } catch (error) {
      if (isStaleInteractionError(error)) log.warn("discord: could not open the team form: the interaction expired", { interactionId: interaction.id });
      else log.error("discord: could not open the team form", { interactionId: interaction.id, error });
    }
  };

  const submit = async (interaction: ModalSubmitInteraction, checkInId: string): Promise<void> => {
    // Saving also edits the channel post: acknowledge first, Discord allows 3 seconds.
    let acknowledged = true;
    await interaction.deferReply({ flags: MessageFlags.Ephemeral }).catch((error: unknown) => {
      acknowledged = false;
      log.warn("discord: could not acknowledge a team answer", { interactionId: interaction.id, error });
    });
    let reply: { content: string; components?: ReturnType<typeof answerPrivatelyRow>[] };
    try {
      const { answer, problems } = parseTeamAnswer({
        achievement: text(interaction, TEAM_FIELDS.achievement),
        mood: text(interaction, TEAM_FIELDS.mood),
        note: text(interaction, TEAM_FIELDS.note),
        share: selected(interaction, TEAM_FIELDS.share),
      });
      const recorded = await recordTeamAnswer(teams, { checkInId }, { platformUserId: interaction.user.id, name: interaction.user.globalName ?? interaction.user.username }, answer);
      if (problems.length > 0 || !recorded.complete) {
        log.info("discord: a team answer had an unreadable number", { interactionId: interaction.id, checkInId, problems });
        const fields = problems.length > 0 ? problems : (["achievement", "mood"] as const).filter((f) => recorded.stored[f] === null);
        reply = { content: w.invalid(fields.map((f) => w.fieldNames[f])), components: [answerPrivatelyRow(checkInId)] };
      } else {
        reply = { content: w.saved(recorded.stored.achievement!, recorded.stored.mood!, recorded.stored.shareWithTeam, recorded.updated) };
      }
    } catch (error) {
      if (error instanceof UnknownTeamCheckInError) reply = { content: w.unknownCheckIn };
      else {
        log.error("discord: a team answer could not be saved", { interactionId: interaction.id, checkInId, error });
        reply = { content: wording.somethingWrong, components: [answerPrivatelyRow(checkInId)] };
      }
    }
    if (!acknowledged) return;
    await interaction.editReply({ ...reply, allowedMentions: { parse: [] } }).catch((error: unknown) => {
      log.warn("discord: could not confirm a team answer", { interactionId: interaction.id, error });
    });
  };

  return { openForm, submit };
}

function text(interaction: ModalSubmitInteraction, id: string): string {
  try {
    return interaction.fields.getTextInputValue(id) ?? "";
  } catch {
    return "";
  }
}

function selected(interaction: ModalSubmitInteraction, id: string): string | null {
  try {
    return interaction.fields.getStringSelectValues(id)[0] ?? null;
  } catch {
    return null;
  }
}
