// Re-staging an area of a client, by their own coach: one handler for every platform. The move
// is an event for the client's machine, so it follows the stage graph, is recorded with who
// (this coach) and why (their reason), and the client hears about it from the machine.
import { isStage } from "../domain/stages.js";
import { ownClient } from "./coaching.js";
import type { CoachHandler } from "./context.js";
import { findArea } from "./options.js";
import { privateReply } from "./types.js";
import { wording } from "./wording.js";

export const restageArea: CoachHandler = async (ctx, args) => {
  const { deps, coach, voice, interaction } = ctx;
  const client = await ownClient(ctx, args.person("user")!);
  if ("visibility" in client) return client;
  const given = args.text("area")!;
  const area = findArea(deps.catalog, given);
  if (!area) return privateReply(wording.unknownArea(given, deps.catalog.domains.map((d) => d.label).join(", ")));
  const stage = args.text("stage")!.toLowerCase();
  if (!isStage(stage)) return privateReply(wording.unknownStage(args.text("stage")!));
  const reason = args.text("reason")!;
  await deps.engine.dispatch(client.id, interaction.eventId, (at) => ({ type: "STAGE_SET", at, domain: area.key, stage, reason, coachId: coach.id }));
  await deps.deliver();
  return privateReply(wording.stageSet(voice.mention(client.platformUserId), area.label, deps.catalog.messages.stageNames[stage]));
};
