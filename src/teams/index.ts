// Corporate team check-ins, platform-neutral. Adapters call linkTeam and recordTeamAnswer and
// provide a TeamChannel; the scheduler calls, per team and week (period = isoWeek(now)):
//
//   const teams: TeamDeps = { prisma, clock, log, channels: { discord: discord.teamChannel }, deliverOutbox: () => discord.deliverOutbox() };
//   await postTeamCheckIn(teams, teamId, period); // posts once; "already_posted" on a repeat
//   await remindTeam(teams, teamId, period);      // one DM per member who hasn't answered; none on a repeat
//
// Both are idempotent and safe on several instances (row claims in PostgreSQL). postTeamCheckIn
// returns "unreachable" for a team whose channel is gone (skip it until it is relinked),
// "no_channel" when no adapter serves its platform (retry later), "busy" while another instance
// posts it, and throws on other errors (retry). Serve teams with reachable = true.

export {
  parseTeamAnswer,
  type RecordedTeamAnswer,
  recordTeamAnswer,
  storedTeamAnswer,
  TEAM_NOTE_MAX,
  type TeamAnswerField,
  type TeamAnswerInput,
  type TeamCheckInRef,
  UnknownTeamCheckInError,
} from "./answers.js";
export { type TeamChannel, TeamChannelUnreachableError, type TeamCheckInPost, type TeamDeps } from "./channel.js";
export { linkTeam, markTeamUnreachable, type PostTeamCheckInResult, postTeamCheckIn, refreshTeamCheckIn, teamAggregate } from "./checkins.js";
export { teamCheckInOfPrompt, teamCheckInPromptId } from "./prompt-id.js";
export { membersToRemind, remindTeam, type TeamMemberToRemind } from "./reminders.js";
