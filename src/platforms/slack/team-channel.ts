// The Slack side of team check-ins: posts the check-in in the team's channel and updates that
// same message as answers come in (one message a week, not one per answer). A channel the bot
// cannot post in (gone, archived, the bot not invited) becomes a TeamChannelUnreachableError: the
// team service marks the team unreachable and tells its coach.
import type { webApi } from "@slack/bolt";
import type { TeamCheckInTexts } from "../../domain/catalog.js";
import type { Logger } from "../../log.js";
import { type TeamChannel, TeamChannelUnreachableError } from "../../teams/channel.js";
import { slackErrorCode } from "./deliverer.js";
import { teamCheckInBlocks } from "./team-render.js";
import { escapeMrkdwn } from "./text.js";

/** Why a channel cannot take posts, by Web API error code (shown to the coach). */
const UNREACHABLE: Record<string, string> = {
  channel_not_found: "the channel no longer exists, or it is private and I'm not in it (Slack: channel_not_found)",
  not_in_channel: "I'm not a member of the channel: invite me with /invite (Slack: not_in_channel)",
  is_archived: "the channel is archived (Slack: is_archived)",
  restricted_action: "posting there is restricted to some members (Slack: restricted_action)",
};

/** `clientFor` gives the Web API client of a workspace (one bot token, or its installation's). */
export function createSlackTeamChannel(clientFor: (workspace: string) => Promise<webApi.WebClient>, texts: TeamCheckInTexts, log: Logger): TeamChannel {
  const asUnreachable = (error: unknown, channelId: string): unknown => {
    const code = slackErrorCode(error);
    const reason = code ? UNREACHABLE[code] : undefined;
    return reason ? new TeamChannelUnreachableError(`Slack refused a post in channel ${channelId}: ${code}`, reason) : error;
  };

  const channel: TeamChannel = {
    async post(checkIn) {
      const client = await clientFor(checkIn.workspace);
      try {
        const sent = await client.chat.postMessage({ channel: checkIn.channelId, ...teamCheckInBlocks(checkIn, texts), unfurl_links: false });
        if (!sent.ts) throw new Error("chat.postMessage returned no ts");
        return { messageId: sent.ts };
      } catch (error) {
        throw asUnreachable(error, checkIn.channelId);
      }
    },
    async update(checkIn, messageId) {
      const client = await clientFor(checkIn.workspace);
      try {
        await client.chat.update({ channel: checkIn.channelId, ts: messageId, ...teamCheckInBlocks(checkIn, texts) });
        return { messageId };
      } catch (error) {
        if (slackErrorCode(error) !== "message_not_found") throw asUnreachable(error, checkIn.channelId);
        log.warn("slack: a team check-in post was deleted; posting it again", { checkInId: checkIn.checkInId, messageId });
        return channel.post(checkIn);
      }
    },
    async announce(channelId, text, workspace) {
      const client = await clientFor(workspace);
      try {
        await client.chat.postMessage({ channel: channelId, text: escapeMrkdwn(text) });
      } catch (error) {
        throw asUnreachable(error, channelId);
      }
    },
  };
  return channel;
}
