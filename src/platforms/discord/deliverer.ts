// Sends an outbox message to a Discord user as DMs: open (or reuse) the DM channel, then post
// each rendered body. Rate limits are left to discord.js's REST queue, which waits out 429s.
import { type APIMessage, type Client, Routes } from "discord.js";
import type { Logger } from "../../log.js";
import { type Deliverer, type OutgoingMessage, PermanentDeliveryError } from "../../outbox/sender.js";
import { DiscordErrorCode, discordErrorCode, PERMANENT_DELIVERY_CODES } from "./errors.js";
import { renderPrompt } from "./render.js";

export interface DiscordDeliverer extends Deliverer {
  /**
   * Why the last DM to this user was refused for good (e.g. DMs closed), or undefined once a DM
   * got through. Used only to word the private reply to a slash command; the outbox row's status
   * in the database is the record.
   */
  refusedReason(userId: string): string | undefined;
}

export function createDiscordDeliverer(client: Client, log: Logger): DiscordDeliverer {
  const refused = new Map<string, string>();

  return {
    refusedReason: (userId) => refused.get(userId),

    async deliver(message: OutgoingMessage) {
      const bodies = message.prompts.flatMap((prompt) => renderPrompt(prompt));
      if (bodies.length === 0) return {};
      let channelId: string | undefined;
      let lastId: string | undefined;
      try {
        // Cached by discord.js after the first call, so a reply costs one request, not two.
        const channel = await client.users.createDM(message.recipient);
        channelId = channel.id;
        // Attached files (a digest's chart) go with the last message.
        const files = (message.attachments ?? []).map((a) => ({ name: a.filename, data: Buffer.from(a.dataBase64, "base64"), contentType: a.contentType }));
        for (const [index, body] of bodies.entries()) {
          const sent = (await client.rest.post(Routes.channelMessages(channel.id), {
            ...(index === bodies.length - 1 && files.length ? { files } : {}),
            body: {
              ...body,
              // A retry after a partly sent message, or after a lost response, must not post the
              // same text twice: Discord returns the earlier message for a repeated nonce.
              nonce: `o${message.id}.${index}`,
              enforce_nonce: true,
              // Echoed answers are the user's own words: never let them ping anyone.
              allowed_mentions: { parse: [] },
            },
          })) as APIMessage;
          lastId = sent.id;
        }
      } catch (error) {
        const code = discordErrorCode(error);
        if (code === undefined || !PERMANENT_DELIVERY_CODES.has(code)) throw error;
        // A cached DM channel that Discord no longer knows must not poison the next message.
        if (code === DiscordErrorCode.UnknownChannel && channelId) client.channels.cache.delete(channelId);
        const reason = String(code);
        refused.set(message.recipient, reason);
        log.warn("discord: a DM was refused for good", { recipient: message.recipient, outboxId: message.id, code });
        throw new PermanentDeliveryError(`Discord refused the DM to user ${message.recipient}: ${(error as Error).message} (code ${code})`, reason);
      }
      refused.delete(message.recipient);
      return lastId ? { platformMessageId: lastId } : {};
    },
  };
}
