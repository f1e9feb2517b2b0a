// Discord's side of a private team answer: "Answer privately" (on the channel post, on a reminder
// DM, or under the note after a typo) opens the form the interaction layer describes, as a modal;
// its submit goes back to the interaction layer with the values by field key, and the reply is
// shown privately (ephemeral). What is asked, saved and said is src/interactions/team-answers.ts'.
import { type ButtonInteraction, MessageFlags, type ModalSubmitInteraction } from "discord.js";
import type { InboundTenant } from "../../engine/inbound.js";
import { type InteractionDeps, type InteractionHeader, openForm, submitForm } from "../../interactions/index.js";
import type { Logger } from "../../log.js";
import { isStaleInteractionError } from "./errors.js";
import { answerPrivatelyRow } from "./render.js";
import { formModal } from "./team-render.js";

export function createTeamInteractions({ interactions, tenant, log }: { interactions: InteractionDeps; tenant: () => InboundTenant; log: Logger }) {
  const header = (interaction: ButtonInteraction | ModalSubmitInteraction): InteractionHeader => ({
    eventId: interaction.id,
    tenant: tenant(),
    actor: { platformUserId: interaction.user.id, displayName: interaction.user.globalName ?? interaction.user.username },
  });

  const open = async (interaction: ButtonInteraction, checkInId: string): Promise<void> => {
    const reply = await openForm(interactions, header(interaction), { type: "teamAnswer", checkInId });
    try {
      if (reply.form) await interaction.showModal(formModal(reply.form));
      else await interaction.reply({ content: reply.text, flags: MessageFlags.Ephemeral });
    } catch (error) {
      if (isStaleInteractionError(error)) log.warn("discord: could not open the team form: the interaction expired", { interactionId: interaction.id });
      else log.error("discord: could not open the team form", { interactionId: interaction.id, error });
    }
  };

  /** A sent team form, stored and acknowledged already (a deferred private reply): saved, then the member told. */
  const submit = async (interaction: ModalSubmitInteraction, checkInId: string): Promise<void> => {
    const reply = await submitForm(interactions, header(interaction), { type: "teamAnswer", checkInId }, formValues(interaction));
    // Not deferred: Discord refused the acknowledgement (logged); there is nothing to edit.
    if (!interaction.deferred) return;
    const components = reply.reopen ? [answerPrivatelyRow(reply.reopen.checkInId)] : [];
    await interaction.editReply({ content: reply.text, components, allowedMentions: { parse: [] } }).catch((error: unknown) => {
      log.warn("discord: could not confirm a team answer", { interactionId: interaction.id, error });
    });
  };

  return { openForm: open, submit };
}

/** Every field of a submitted modal by its custom_id: a text input's value, a select's first pick. */
function formValues(interaction: ModalSubmitInteraction): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [id, field] of interaction.fields.fields) {
    if ("value" in field && typeof field.value === "string") values[id] = field.value;
    else if ("values" in field && Array.isArray(field.values) && typeof field.values[0] === "string") values[id] = field.values[0];
  }
  return values;
}
