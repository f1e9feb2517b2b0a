// Slack's side of the command registry: its id codec (mentions <@U…|name> and channels
// <#C…|name>, sent so because the manifest sets should_escape), its voice, its coach access
// rule, and rendering a neutral Reply into the person's DM (Block Kit, files, buttons).
import type { BlockAction, BlockElementAction, types } from "@slack/bolt";
import {
  type ConfirmAction,
  type InteractionHeader,
  type PlatformPort,
  type Reply,
  runAction,
  runTypedLine,
  type TextCodec,
  type Token,
} from "../../interactions/index.js";
import { messageRef } from "./answers.js";
import type { SlackRequest, SlackRuntime } from "./dispatch.js";
import { displayName, shownNameOf } from "./installations.js";
import { noticeBlocks, postNotice } from "./replies.js";
import { slackTextToPlain } from "./text.js";
import { tenantFor } from "./translate.js";
import { wording } from "./wording.js";

export const DELETE_ACTION = "coach.privacy.delete";
export const KEEP_ACTION = "coach.privacy.keep";

// Slack user ids are upper-case letters and digits (U…, or W… in Enterprise Grid); channels C… or G….
const MENTION = /^<@([UW][A-Z0-9_]+)(?:\|[^>]*)?>$/;
const CHANNEL = /^<#([CG][A-Z0-9_]+)(?:\|([^>]*))?>$/;

export const slackCodec: TextCodec = {
  tokens(text) {
    // Mentions become single tokens first: a display name in <@U1|Sam Lee> may hold spaces.
    const parts = text.match(/<[@#][^>]*>|\S+/g) ?? [];
    return parts.map((part): Token => {
      const person = MENTION.exec(part);
      if (person) return { person: { platformUserId: person[1]! }, raw: `<@${person[1]}>` };
      const channel = CHANNEL.exec(part);
      if (channel) return { channel: { channelId: channel[1]!, ...(channel[2] ? { name: channel[2] } : {}) }, raw: `<#${channel[1]}>` };
      return { word: part };
    });
  },
  plain: slackTextToPlain,
};

export function isPrivacyAction(actionId: string): boolean {
  return actionId === DELETE_ACTION || actionId === KEEP_ACTION;
}

/** The registry's view of Slack for one request: how people and commands are written, who is a coach. */
export function slackPort(rt: SlackRuntime, req: SlackRequest, slashCommand = "/coach"): PlatformPort {
  return {
    voice: {
      mention: (id) => `<@${id}>`,
      // A mention in a slash command carries only the user id.
      name: (id) => shownNameOf(req.client, id, rt.log),
      channel: (id) => `<#${id}>`,
      command: (name) => `\`${slashCommand} ${name}\``,
      // Slack DMs with an app are always open; a failed delivery is the outbox's to retry.
      reachable: () => true,
    },
    access: rt.interactions.store.listedCoaches({
      listed: (tenant, userId) => rt.isListedCoach(tenant.externalId, userId),
      displayName: (actor) => displayName(req.client, actor.platformUserId, rt.log),
      refusal: (command) => wording.notACoach(command),
      log: rt.log,
    }),
  };
}

/** Runs `/coach <text>` through the registry; client commands go on to the machine. */
export async function runSlashText(rt: SlackRuntime, req: SlackRequest, cmd: { text: string; header: InteractionHeader; command: string }) {
  const { header } = cmd;
  return runTypedLine(rt.interactions, header, cmd.text, slackPort(rt, req, cmd.command), slackCodec);
}

/** Shows a reply in the person's DM: text, a file, or a question with two buttons. */
export async function renderReply(rt: SlackRuntime, req: SlackRequest, userId: string, reply: Reply): Promise<void> {
  if (reply.attachments?.length) {
    try {
      // Always into the DM, wherever the command was typed: the file is private.
      const opened = await req.client.conversations.open({ users: userId });
      const channel = opened.channel?.id;
      if (!channel) throw new Error("conversations.open returned no channel");
      for (const file of reply.attachments) {
        await req.client.filesUploadV2({
          channel_id: channel,
          filename: file.filename,
          title: file.filename,
          content: file.content,
          initial_comment: reply.text,
        });
      }
    } catch (error) {
      rt.log.warn("slack file could not be uploaded", { userId, error });
      await postNotice(req.client, userId, wording.exportFailed, rt.log);
    }
    return;
  }
  if (reply.confirm) {
    const c = reply.confirm;
    const blocks: types.KnownBlock[] = [
      ...noticeBlocks(c.question),
      {
        type: "actions",
        block_id: "privacy",
        elements: [
          { type: "button", action_id: DELETE_ACTION, style: "danger", value: c.confirm.clientId, text: { type: "plain_text", text: c.confirmLabel } },
          { type: "button", action_id: KEEP_ACTION, value: c.cancel.clientId, text: { type: "plain_text", text: c.cancelLabel } },
        ],
      },
    ];
    await req.client.chat
      .postMessage({ channel: userId, text: c.question, blocks })
      .catch((error: unknown) => rt.log.warn("slack question could not be posted", { error }));
    return;
  }
  // Replies already come in the DM, so "sent to your DMs" needs no saying here.
  if (reply.text) await postNotice(req.client, userId, reply.text, rt.log);
}

/** A press on a confirmation's button: the registry decides, the answer replaces the buttons. */
export async function handlePrivacyAction(rt: SlackRuntime, req: SlackRequest, body: BlockAction, action: BlockElementAction): Promise<void> {
  const userId = body.user.id;
  const teamId = body.team?.id ?? body.user.team_id ?? req.identity.teamId;
  const clientId = action.type === "button" ? (action.value ?? "") : "";
  const confirm: ConfirmAction = action.action_id === DELETE_ACTION ? { type: "confirmDelete", clientId } : { type: "cancelDelete", clientId };
  const header = { eventId: `slack:action:${body.trigger_id ?? clientId}`, tenant: tenantFor(teamId, req.identity), actor: { platformUserId: userId } };
  const reply = await runAction(rt.interactions, header, confirm, slackPort(rt, req));
  const ref = messageRef(body);
  const updated =
    reply.settles && ref
      ? await req.client.chat
          .update({ channel: ref.channel, ts: ref.ts, text: reply.text, blocks: noticeBlocks(reply.text) })
          .then(() => true)
          .catch((error: unknown) => void rt.log.warn("slack could not update the confirmation", { error }))
      : false;
  if (!updated) await postNotice(req.client, userId, reply.text, rt.log);
}
