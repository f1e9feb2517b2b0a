// Private (ephemeral) replies to a deferred slash command, split to Discord's 2000 characters:
// the first piece edits the deferred reply, the rest follow up, all visible to that person only.
import { type ChatInputCommandInteraction, type InteractionEditReplyOptions, MessageFlags } from "discord.js";
import type { Logger } from "../../log.js";
import { isStaleInteractionError } from "./errors.js";
import { splitContent } from "./render.js";

export async function replyPrivately(
  interaction: ChatInputCommandInteraction,
  text: string,
  log: Logger,
  extra: Omit<InteractionEditReplyOptions, "content"> = {},
): Promise<void> {
  const [first = "", ...rest] = splitContent(text);
  try {
    await interaction.editReply({ content: first, allowedMentions: { parse: [] }, ...extra });
    for (const piece of rest) await interaction.followUp({ content: piece, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
  } catch (error) {
    const fields = { interactionId: interaction.id, error };
    if (isStaleInteractionError(error)) log.warn("discord: could not reply: the interaction expired", fields);
    else log.error("discord: could not reply to a command", fields);
  }
}

/** Acknowledges a command privately (Discord wants it within 3 s); false when Discord refused. */
export async function deferPrivately(interaction: ChatInputCommandInteraction, log: Logger): Promise<boolean> {
  try {
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    return true;
  } catch (error) {
    log.warn("discord: could not acknowledge a command", { interactionId: interaction.id, error });
    return false;
  }
}
