// The /coach slash command: the text goes through the command registry (src/interactions);
// client commands go on to the machine, everything else is answered in the person's DM.
import type { SlashCommand } from "@slack/bolt";
import type { Inbound } from "../../engine/inbound.js";
import { runTypedClientCommand } from "../../interactions/index.js";
import { dispatch, type SlackRequest, type SlackRuntime } from "./dispatch.js";
import { renderReply, runSlashText, slackCodec, slackPort } from "./interact.js";
import { translateCommand } from "./translate.js";

export async function handleSlashCommand(rt: SlackRuntime, req: SlackRequest, command: SlashCommand): Promise<void> {
  const inbound = translateCommand(command, req.identity);
  const header = { eventId: inbound.eventId, tenant: inbound.tenant, actor: inbound.user };
  const outcome = await runSlashText(rt, req, { text: command.text ?? "", header, command: command.command || "/coach" });
  if ("machine" in outcome) return dispatch(rt, req, { ...inbound, ...outcome.machine });
  await renderReply(rt, req, command.user_id, outcome.reply);
}

/** A DM: the client's own registry commands typed as text (/export) run as `/coach export` does; the rest is the machine's. */
export async function handleDirectMessage(rt: SlackRuntime, req: SlackRequest, inbound: Inbound): Promise<void> {
  const header = { eventId: inbound.eventId, tenant: inbound.tenant, actor: inbound.user };
  const own = await runTypedClientCommand(rt.interactions, header, inbound, slackPort(rt, req), slackCodec);
  if (own) return renderReply(rt, req, inbound.user.platformUserId, own);
  return dispatch(rt, req, inbound);
}
