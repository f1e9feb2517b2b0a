// Answers given with Block Kit: button presses and drop-down picks (block_actions), and the
// answer form (views.open, then view_submission). Each becomes an Inbound message carrying the
// prompt id, and the original message's controls are replaced by "You answered: ...".
import type { BlockAction, BlockElementAction, types, ViewOutput } from "@slack/bolt";
import { markAnswered, questionTextOf } from "./blocks.js";
import { slackErrorCode } from "./deliverer.js";
import { dispatch, type SlackRequest, type SlackRuntime } from "./dispatch.js";
import { FORM_ACTION, isAnswerAction, isFormKind, parseBlockId } from "./ids.js";
import { answerFormView, type FormSubmission } from "./modal.js";
import { actionEventId, translateAnswer, viewEventId } from "./translate.js";

export const FORM_FAILED = "Sorry, the answer form didn't open. Please press Answer again, or simply type your answer here.";

interface MessageRef {
  channel: string;
  ts: string;
}

/** Handles one block action after it was acknowledged. Unknown actions are logged and dropped. */
export async function handleBlockAction(rt: SlackRuntime, req: SlackRequest, body: BlockAction, action: BlockElementAction): Promise<void> {
  const target = parseBlockId(action.block_id);
  const ref = messageRef(body);
  if (isAnswerAction(action.action_id)) {
    const picked = pickedAnswer(action);
    if (!target || !picked || !ref) {
      rt.log.warn("slack answer action without a prompt, value or message; ignored", { actionId: action.action_id, blockId: action.block_id });
      return;
    }
    // Buttons go first, so the client sees the answer taken and cannot press twice.
    await replaceControls(rt, req, ref, body.message?.blocks, body.message?.text, target.slot, picked.label);
    await dispatch(
      rt,
      req,
      translateAnswer(
        {
          teamId: body.team?.id ?? body.user.team_id ?? req.identity.teamId,
          userId: body.user.id,
          promptId: target.promptId,
          text: picked.value,
          eventId: actionEventId(ref.ts, action.action_ts),
        },
        req.identity,
      ),
    );
    return;
  }
  if (action.action_id === FORM_ACTION) {
    const kind = action.type === "button" ? action.value : undefined;
    if (!target || !ref || !isFormKind(kind)) {
      rt.log.warn("slack answer-form button without a prompt or kind; ignored", { blockId: action.block_id });
      return;
    }
    const question = questionTextOf(asBlocks(body.message?.blocks), target.slot);
    const view = answerFormView({ promptId: target.promptId, kind, channel: ref.channel, messageTs: ref.ts, slot: target.slot }, question);
    // trigger_id expires 3 seconds after the press: open the form before anything else.
    await req.client.views.open({ trigger_id: body.trigger_id, view }).catch(async (error: unknown) => {
      rt.log.warn("slack answer form could not be opened", { code: slackErrorCode(error), error });
      await req.client.chat.postMessage({ channel: body.user.id, text: FORM_FAILED }).catch(() => undefined);
    });
    return;
  }
  rt.log.warn("slack action with an unknown action_id ignored", { actionId: action.action_id, blockId: action.block_id });
}

/** Handles a valid answer form after the modal was closed by the acknowledgement. */
export async function handleAnswerForm(
  rt: SlackRuntime,
  req: SlackRequest,
  form: Extract<FormSubmission, { ok: true }>,
  view: ViewOutput,
  user: { id: string; team_id?: string },
  teamId: string | undefined,
): Promise<void> {
  const { meta } = form;
  const ref = { channel: meta.channel, ts: meta.messageTs };
  // The submission does not include the original message: read it back to replace its button.
  const original = await req.client.conversations
    .history({ channel: ref.channel, latest: ref.ts, oldest: ref.ts, inclusive: true, limit: 1 })
    .then((history) => history.messages?.find((m) => m.ts === ref.ts))
    .catch((error: unknown) => void rt.log.warn("slack could not read the answered message back", { ...ref, error }));
  if (original) await replaceControls(rt, req, ref, original.blocks, original.text, meta.slot, form.label);
  await dispatch(
    rt,
    req,
    translateAnswer(
      { teamId: teamId ?? user.team_id ?? req.identity.teamId, userId: user.id, promptId: meta.promptId, text: form.text, eventId: viewEventId(view.id) },
      req.identity,
    ),
  );
}

async function replaceControls(
  rt: SlackRuntime,
  req: SlackRequest,
  ref: MessageRef,
  blocks: unknown,
  text: string | undefined,
  slot: number,
  label: string,
): Promise<void> {
  const updated = markAnswered(asBlocks(blocks), slot, label);
  if (!updated) return;
  // The kept blocks are Slack's own copy of what we posted, so they are valid Block Kit.
  // A failed update is cosmetic: the answer itself still goes to the engine.
  await req.client.chat
    .update({ channel: ref.channel, ts: ref.ts, text: text ?? "", blocks: updated as types.KnownBlock[] })
    .catch((error: unknown) => rt.log.warn("slack could not mark the message answered", { ...ref, error }));
}

function pickedAnswer(action: BlockElementAction): { value: string; label: string } | null {
  if (action.type === "button" && action.value) return { value: action.value, label: action.text.text };
  if (action.type === "static_select" && action.selected_option) return { value: action.selected_option.value, label: action.selected_option.text.text };
  return null;
}

export function messageRef(body: BlockAction): MessageRef | null {
  const container = body.container as { channel_id?: unknown; message_ts?: unknown } | undefined;
  const channel = typeof container?.channel_id === "string" ? container.channel_id : body.channel?.id;
  const ts = typeof container?.message_ts === "string" ? container.message_ts : body.message?.ts;
  return channel && ts ? { channel, ts } : null;
}

function asBlocks(blocks: unknown): { block_id?: string; text?: { text?: string } }[] {
  return Array.isArray(blocks) ? (blocks as { block_id?: string; text?: { text?: string } }[]) : [];
}
