// Slack's side of a private team answer: "Answer privately" (on the channel post, a reminder DM,
// or the note after a typo) opens the form the interaction layer describes, as a modal only the
// member sees; its submit goes back to the interaction layer with the values by field key, and
// the reply goes to the member's DM. The channel never sees an answer, only the post's aggregate.
import type { BlockAction, BlockElementAction } from "@slack/bolt";
import { type FormAction, interactionWording, openForm, submitForm } from "../../interactions/index.js";
import { slackErrorCode } from "./deliverer.js";
import type { SlackRequest, SlackRuntime } from "./dispatch.js";
import { displayName } from "./installations.js";
import { noticeBlocks } from "./replies.js";
import { answerPrivatelyBlock, TEAM_ANSWER_ACTION } from "./team-button.js";
import { formView } from "./team-render.js";
import { escapeMrkdwn } from "./text.js";
import { tenantFor } from "./translate.js";

export function isTeamAnswerAction(actionId: string): boolean {
  return actionId === TEAM_ANSWER_ACTION;
}

/** "Answer privately" was pressed: open the member's form (trigger_id lasts 3 seconds). */
export async function openTeamForm(rt: SlackRuntime, req: SlackRequest, body: BlockAction, action: BlockElementAction): Promise<void> {
  const checkInId = action.type === "button" ? (action.value ?? "") : "";
  const userId = body.user.id;
  const header = {
    eventId: `slack:action:${body.trigger_id}`,
    tenant: tenantFor(body.team?.id ?? body.user.team_id ?? req.identity.teamId, req.identity),
    actor: { platformUserId: userId },
  };
  const reply = await openForm(rt.interactions, header, { type: "teamAnswer", checkInId });
  if (!reply.form) return tellPrivately(rt, req, userId, reply.text);
  await req.client.views.open({ trigger_id: body.trigger_id, view: formView(reply.form) }).catch(async (error: unknown) => {
    rt.log.warn("slack: the team form could not be opened", { code: slackErrorCode(error), error });
    await tellPrivately(rt, req, userId, interactionWording.somethingWrong, { type: "teamAnswer", checkInId });
  });
}

/** A sent team form (already acknowledged, so the modal has closed): saved, and the member told privately. */
export async function submitTeamForm(
  rt: SlackRuntime,
  req: SlackRequest,
  form: { action: FormAction; values: Record<string, string> },
  submit: { viewId: string; userId: string; teamId: string | undefined },
): Promise<void> {
  const header = {
    eventId: `slack:view:${submit.viewId}`,
    tenant: tenantFor(submit.teamId ?? req.identity.teamId, req.identity),
    // The name a newcomer to the team is known by (users.info).
    actor: { platformUserId: submit.userId, displayName: await displayName(req.client, submit.userId, rt.log) },
  };
  const reply = await submitForm(rt.interactions, header, form.action, form.values);
  await tellPrivately(rt, req, submit.userId, reply.text, reply.reopen);
}

/** A note in the member's DM, with the "Answer privately" button when the form should open again. */
async function tellPrivately(rt: SlackRuntime, req: SlackRequest, userId: string, text: string, reopen?: FormAction): Promise<void> {
  const blocks = [...noticeBlocks(escapeMrkdwn(text)), ...(reopen ? [answerPrivatelyBlock(reopen.checkInId)] : [])];
  await req.client.chat
    .postMessage({ channel: userId, text: escapeMrkdwn(text), blocks })
    .catch((error: unknown) => rt.log.warn("slack: a team answer's reply could not be posted", { userId, error }));
}
