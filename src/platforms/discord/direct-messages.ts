// Translates a DM typed to the bot into a neutral message (or a command, for "/checkin" typed
// as text). Only DMs: in a server the bot works through /coach, and reading channel messages
// would need the privileged MessageContent intent.
import type { Message } from "discord.js";
import { type InboundKind, type InboundTenant, parseTypedText } from "../../engine/inbound.js";
import type { Logger } from "../../log.js";
import type { DiscordPipeline } from "./pipeline.js";

export interface DirectMessageDeps {
  pipeline: DiscordPipeline;
  /** Runs the client's own registry commands typed as text (/export); false when the line is the machine's. */
  typedCommand: (message: Message, line: InboundKind) => Promise<boolean>;
  /** Read per event: the server's name is known only once Discord has sent the guild. */
  tenant: () => InboundTenant;
  log: Logger;
}

export function createDirectMessageHandler({ pipeline, typedCommand, tenant, log }: DirectMessageDeps) {
  return async (message: Message): Promise<void> => {
    // The bot's own DMs come back as events too; system messages carry no answer.
    if (message.author.bot || message.system || message.inGuild()) return;
    if (message.content.trim() === "") {
      log.debug("discord: ignoring a DM without text", { messageId: message.id });
      return;
    }
    try {
      const line = parseTypedText(message.content);
      if (await typedCommand(message, line)) return;
      await pipeline.submit({
        ...line,
        eventId: message.id,
        tenant: tenant(),
        user: { platformUserId: message.author.id, displayName: message.author.globalName ?? message.author.username },
      });
    } catch (error) {
      log.error("discord: handling a DM failed", { messageId: message.id, error });
    }
  };
}
