// Team channels: link a channel to a team (announced in it), post this week's check-in now,
// remind those who haven't answered. The same on every platform whose adapter serves channels.
import { isoWeek } from "../domain/calendar.js";
import { markTeamChannelUnreachable, teamByChannel } from "../store/people.js";
import { linkTeam, postTeamCheckIn, remindTeam, TeamChannelUnreachableError } from "../teams/index.js";
import type { CoachHandler } from "./context.js";
import { privateReply } from "./types.js";
import { wording } from "./wording.js";

export const linkTeamChannel: CoachHandler = async ({ deps, coach, voice, interaction }, args) => {
  const channel = args.channel("channel")!;
  const where = voice.channel(channel.channelId);
  const teamChannel = deps.teams.channels[interaction.tenant.platform];
  if (!teamChannel) return privateReply(wording.team.noChannel);
  const name = args.text("name") ?? channel.name ?? "Team";
  const { team } = await linkTeam(deps.teams, { coach, channelId: channel.channelId, name });
  try {
    await teamChannel.announce(channel.channelId, wording.team.linkAnnouncement(team.name), interaction.tenant.externalId);
  } catch (error) {
    if (!(error instanceof TeamChannelUnreachableError)) throw error;
    // The coach is right here to fix it: no note through the outbox, just the answer.
    await markTeamChannelUnreachable(deps.prisma, team.id);
    return privateReply(wording.team.cannotPost(where, error.reason));
  }
  return privateReply(wording.team.linked(where, team.name));
};

export const postCheckInNow: CoachHandler = async ({ deps, coach, voice }, args) => {
  const channelId = args.channel("channel")!.channelId;
  const where = voice.channel(channelId);
  const team = await teamByChannel(deps.prisma, coach.tenantId, channelId);
  if (!team) return privateReply(wording.team.notATeam(where, voice.command("team link")));
  const period = isoWeek(deps.clock.now());
  const result = await postTeamCheckIn(deps.teams, team.id, period);
  switch (result.status) {
    case "posted":
      return privateReply(wording.team.checkInPosted(where, period));
    case "already_posted":
      return privateReply(wording.team.checkInAlreadyPosted(where, period));
    case "unreachable":
      return privateReply(wording.team.checkInUnreachable(where, result.reason, voice.command("team link")));
    case "busy":
    case "no_channel":
      return privateReply(wording.team.checkInBusy);
  }
};

export const remindTeamNow: CoachHandler = async ({ deps, coach, voice }, args) => {
  const channelId = args.channel("channel")!.channelId;
  const team = await teamByChannel(deps.prisma, coach.tenantId, channelId);
  if (!team) return privateReply(wording.team.notATeam(voice.channel(channelId), voice.command("team link")));
  const { reminded } = await remindTeam(deps.teams, team.id, isoWeek(deps.clock.now()));
  return privateReply(wording.team.reminded(reminded.length));
};
