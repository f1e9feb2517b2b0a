// The Discord side of team check-ins: posts the check-in in the team's channel and edits that
// same message as answers come in (the post carries the aggregate, so the channel gets one
// message a week, not one per answer). Unknown channel / missing access or permissions become a
// TeamChannelUnreachableError: the team service marks the team unreachable and tells its coach.
import { createHash } from "node:crypto";
import { type APIMessage, type Client, Routes } from "discord.js";
import type { TeamCheckInTexts } from "../../domain/catalog.js";
import type { Logger } from "../../log.js";
import { type TeamChannel, TeamChannelUnreachableError, type TeamCheckInPost } from "../../teams/channel.js";
import { CHANNEL_UNREACHABLE_CODES, DiscordErrorCode, discordErrorCode } from "./errors.js";
import { teamCheckInMessage } from "./team-render.js";

/** Nobody is pinged by a team post: shared answers name members by mention, silently. */
const SILENT = { parse: [] as never[] };

export function createDiscordTeamChannel(client: Client, texts: TeamCheckInTexts, log: Logger): TeamChannel {
  const post = async (checkIn: TeamCheckInPost) => {
    const body = teamCheckInMessage(checkIn, texts);
    try {
      const sent = (await client.rest.post(Routes.channelMessages(checkIn.channelId), {
        // A retried post (lost response, another tick) returns the first message instead of a second one.
        body: { ...body, nonce: nonceFor(checkIn.checkInId), enforce_nonce: true, allowed_mentions: SILENT },
      })) as APIMessage;
      return { messageId: sent.id };
    } catch (error) {
      throw asUnreachable(error, checkIn.channelId);
    }
  };

  return {
    post,
    async update(checkIn, messageId) {
      const body = teamCheckInMessage(checkIn, texts);
      try {
        await client.rest.patch(Routes.channelMessage(checkIn.channelId, messageId), { body: { ...body, allowed_mentions: SILENT } });
        return { messageId };
      } catch (error) {
        if (discordErrorCode(error) !== DiscordErrorCode.UnknownMessage) throw asUnreachable(error, checkIn.channelId);
        log.warn("discord: a team check-in post was deleted; posting it again", { checkInId: checkIn.checkInId, messageId });
        return post(checkIn);
      }
    },
    async announce(channelId, content) {
      try {
        await client.rest.post(Routes.channelMessages(channelId), { body: { content, allowed_mentions: SILENT } });
      } catch (error) {
        throw asUnreachable(error, channelId);
      }
    },
  };
}

function asUnreachable(error: unknown, channelId: string): unknown {
  const code = discordErrorCode(error);
  if (code === undefined || !CHANNEL_UNREACHABLE_CODES.has(code)) return error;
  return new TeamChannelUnreachableError(
    `Discord refused a post in channel ${channelId}: ${(error as Error).message} (code ${code})`,
    REASONS[code] ?? `Discord error ${code}`,
  );
}

const REASONS: Record<number, string> = {
  [DiscordErrorCode.UnknownChannel]: "the channel no longer exists, Discord error 10003",
  [DiscordErrorCode.MissingAccess]: "I have no access to the channel, Discord error 50001",
  [DiscordErrorCode.MissingPermissions]: "I'm missing a permission to post there, Discord error 50013",
};

/** Discord nonces are at most 25 characters; a check-in id is 36. */
function nonceFor(checkInId: string): string {
  return `t${createHash("sha256").update(checkInId).digest("base64url").slice(0, 24)}`;
}
