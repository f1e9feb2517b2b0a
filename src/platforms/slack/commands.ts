// The /coach slash command: the client's commands go to the machine, the coach's to the coach
// desk (coaches only), and `export` / `delete` to the client's own data.
import type { SlashCommand } from "@slack/bolt";
import { parseCoachCommand } from "./coach-command.js";
import { coachOf, runCoachCommand } from "./coach-desk.js";
import { dispatch, type SlackRequest, type SlackRuntime } from "./dispatch.js";
import { askToDelete, exportData } from "./privacy.js";
import { postNotice } from "./replies.js";
import { translateCommand } from "./translate.js";
import { wording } from "./wording.js";

export async function handleSlashCommand(rt: SlackRuntime, req: SlackRequest, command: SlashCommand): Promise<void> {
  const inbound = translateCommand(command, req.identity);
  const { tenant } = inbound;
  const userId = command.user_id;
  const name = inbound.kind === "command" ? inbound.name : "";
  if (name === "export") return exportData(rt, req, tenant, userId);
  if (name === "delete") return askToDelete(rt, req, tenant, userId);
  const coachCommand = parseCoachCommand(command.text ?? "");
  if (coachCommand || name === "help") {
    const coach = await coachOf(rt, req, tenant, userId);
    if (coachCommand) {
      if (!coach) {
        rt.log.info("slack coach command refused: not a coach", { teamId: tenant.externalId, userId, command: name });
        return postNotice(req.client, userId, wording.notACoach(name), rt.log);
      }
      return runCoachCommand(rt, req, coach, coachCommand, { tenant, userId, eventId: inbound.eventId });
    }
    if (coach) return postNotice(req.client, userId, wording.coachHelp, rt.log);
  }
  return dispatch(rt, req, inbound);
}
