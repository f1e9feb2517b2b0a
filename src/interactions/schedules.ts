// Schedules people set themselves, one policy for every platform: a client's check-in day, time,
// time zone and quiet hours (/checkins); a coach's digest cadence, time and time zone (/coach cadence).
import { describeLocal } from "../domain/schedule.js";
import { changeClientSchedule, changeDigestSchedule, parseClientScheduleChange, parseDigestScheduleChange, weekdayName } from "../scheduler/settings.js";
import { clientByUser } from "../store/people.js";
import type { AnyoneHandler, CoachHandler } from "./context.js";
import { privateReply } from "./types.js";
import { wording } from "./wording.js";

const w = wording.schedules;

async function nextJobAt(ctx: Parameters<AnyoneHandler>[0], where: { kind: string; clientId?: string; coachId?: string }, timezone: string): Promise<string> {
  const job = await ctx.deps.prisma.scheduledJob.findFirst({ where: { ...where, status: "pending" }, orderBy: { dueAt: "asc" }, select: { dueAt: true } });
  return job ? describeLocal(job.dueAt, timezone) : "not planned yet";
}

export const checkinSchedule: AnyoneHandler = async (ctx, args) => {
  const { deps, interaction } = ctx;
  const found = await clientByUser(deps.prisma, interaction.tenant, interaction.actor.platformUserId);
  if (!found) return privateReply(w.notEnrolled);
  // Written as clients write their commands in a DM (as /checkin in the machine's help).
  const command = "/checkins";
  const typed = args.text("setting");
  if (typed) {
    const change = parseClientScheduleChange(typed);
    if (!change) {
      deps.log.info("check-in schedule not understood", { clientId: found.id, typed });
      return privateReply(w.checkinsNotUnderstood(typed, command));
    }
    await changeClientSchedule(deps.prisma, found.id, change, deps.clock.now());
    deps.log.info("check-in schedule changed", { clientId: found.id, change: change.kind });
  }
  const client = await deps.prisma.client.findUniqueOrThrow({ where: { id: found.id } });
  const quiet = client.quietStart && client.quietEnd ? `${client.quietStart}-${client.quietEnd}` : null;
  const next = await nextJobAt(ctx, { kind: "checkin", clientId: client.id }, client.timezone);
  const text = w.checkins(weekdayName(client.checkinWeekday), client.checkinTime, client.timezone, quiet, next);
  return privateReply(typed ? text : `${text}\n${w.checkinsHow(command)}`);
};

export const digestSchedule: CoachHandler = async (ctx, args) => {
  const { deps, coach, voice } = ctx;
  const command = voice.command("cadence");
  const typed = args.text("schedule");
  if (typed) {
    const change = parseDigestScheduleChange(typed);
    if (!change) {
      deps.log.info("digest schedule not understood", { coachId: coach.id, typed });
      return privateReply(w.digestNotUnderstood(typed, command));
    }
    await changeDigestSchedule(deps.prisma, coach.id, change, deps.clock.now());
    deps.log.info("digest schedule changed", { coachId: coach.id, cadence: change.cadence });
  }
  const row = await deps.prisma.coach.findUniqueOrThrow({ where: { id: coach.id } });
  const cadence = row.digestCadence === "daily" ? "daily" : `weekly on ${weekdayName(row.digestWeekday)}s`;
  const text = w.digest(cadence, row.digestTime, row.timezone, await nextJobAt(ctx, { kind: "digest", coachId: coach.id }, row.timezone));
  return privateReply(typed ? text : `${text}\n${w.digestHow(command)}`);
};
