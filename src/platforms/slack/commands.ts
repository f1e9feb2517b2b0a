// The /coach slash command: the text goes through the command registry (src/interactions);
// client commands go on to the machine, everything else is answered in the person's DM.
import type { SlashCommand } from "@slack/bolt";
import { dispatch, type SlackRequest, type SlackRuntime } from "./dispatch.js";
import { renderReply, runSlashText } from "./interact.js";
import { translateCommand } from "./translate.js";

export async function handleSlashCommand(rt: SlackRuntime, req: SlackRequest, command: SlashCommand): Promise<void> {
  const inbound = translateCommand(command, req.identity);
  const header = { eventId: inbound.eventId, tenant: inbound.tenant, actor: inbound.user };
  const outcome = await runSlashText(rt, req, { text: command.text ?? "", header, command: command.command || "/coach" });
  if ("machine" in outcome) return dispatch(rt, req, { ...inbound, ...outcome.machine });
  await renderReply(rt, req, command.user_id, outcome.reply);
}
