// A client's own data from Slack: `/coach export` uploads everything we hold about them as a
// JSON file into their DM; `/coach delete` asks first (two buttons), and deletes on "Delete".
import type { BlockAction, BlockElementAction, types } from "@slack/bolt";
import type { InboundTenant } from "../../engine/inbound.js";
import { messageRef } from "./answers.js";
import type { SlackRequest, SlackRuntime } from "./dispatch.js";
import { noticeBlocks, postNotice } from "./replies.js";
import { wording } from "./wording.js";

export const DELETE_ACTION = "coach.privacy.delete";
export const KEEP_ACTION = "coach.privacy.keep";

export function isPrivacyAction(actionId: string): boolean {
  return actionId === DELETE_ACTION || actionId === KEEP_ACTION;
}

async function clientIdOf(rt: SlackRuntime, tenant: InboundTenant, userId: string): Promise<string | null> {
  const client = await rt.prisma.client.findFirst({
    where: { platformUserId: userId, tenant: { platform: tenant.platform, externalId: tenant.externalId } },
    select: { id: true },
  });
  return client?.id ?? null;
}

/** Uploads the client's data as a JSON file into their DM (files.uploadV2). */
export async function exportData(rt: SlackRuntime, req: SlackRequest, tenant: InboundTenant, userId: string): Promise<void> {
  const clientId = await clientIdOf(rt, tenant, userId);
  if (!clientId) return postNotice(req.client, userId, wording.noData, rt.log);
  const data = await rt.coach.exportClientData(rt.prisma, clientId);
  const day = new Date().toISOString().slice(0, 10);
  try {
    // Always into the DM, wherever the command was typed: the file is private.
    const opened = await req.client.conversations.open({ users: userId });
    const channel = opened.channel?.id;
    if (!channel) throw new Error("conversations.open returned no channel");
    await req.client.filesUploadV2({
      channel_id: channel,
      filename: `coaching-data-${day}.json`,
      title: `Your coaching data (${day})`,
      content: JSON.stringify(data, null, 2),
      initial_comment: wording.exportReady,
    });
    rt.log.info("slack data export sent", { teamId: tenant.externalId, userId });
  } catch (error) {
    rt.log.warn("slack data export could not be uploaded", { userId, error });
    await postNotice(req.client, userId, wording.exportFailed, rt.log);
  }
}

/** Asks the client to confirm with a button; nothing is deleted yet. */
export async function askToDelete(rt: SlackRuntime, req: SlackRequest, tenant: InboundTenant, userId: string): Promise<void> {
  const clientId = await clientIdOf(rt, tenant, userId);
  if (!clientId) return postNotice(req.client, userId, wording.noData, rt.log);
  const blocks: types.KnownBlock[] = [
    ...noticeBlocks(wording.deleteQuestion),
    {
      type: "actions",
      block_id: "privacy",
      elements: [
        // The client id pins the answer to this client record: a later re-enrollment is a new one.
        { type: "button", action_id: DELETE_ACTION, style: "danger", value: clientId, text: { type: "plain_text", text: wording.deleteButton } },
        { type: "button", action_id: KEEP_ACTION, value: clientId, text: { type: "plain_text", text: wording.keepButton } },
      ],
    },
  ];
  await req.client.chat.postMessage({ channel: userId, text: wording.deleteQuestion, blocks });
}

/** The answer to the deletion question. Only the client themself can delete their data. */
export async function handlePrivacyAction(rt: SlackRuntime, req: SlackRequest, body: BlockAction, action: BlockElementAction): Promise<void> {
  const userId = body.user.id;
  const teamId = body.team?.id ?? body.user.team_id ?? req.identity.teamId;
  const value = action.type === "button" ? action.value : undefined;
  const ref = messageRef(body);
  let outcome: string = wording.kept;
  if (action.action_id === DELETE_ACTION) {
    const clientId = await clientIdOf(rt, { platform: "slack", externalId: teamId, name: teamId }, userId);
    if (clientId && clientId === value) {
      await rt.coach.deleteClientData(rt.prisma, clientId);
      rt.log.info("slack client deleted their data", { teamId, userId });
      outcome = wording.deleted;
    } else {
      outcome = wording.alreadyDeleted;
    }
  }
  // The answer replaces the buttons, so the question cannot be answered twice.
  const updated = ref
    ? await req.client.chat
        .update({ channel: ref.channel, ts: ref.ts, text: outcome, blocks: noticeBlocks(outcome) })
        .then(() => true)
        .catch((error: unknown) => void rt.log.warn("slack could not update the deletion question", { error }))
    : false;
  if (!updated) await postNotice(req.client, userId, outcome, rt.log);
}
