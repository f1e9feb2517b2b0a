// Schedules people set themselves: a client's check-in day, time, time zone and quiet hours; a
// coach's digest cadence, time and time zone. Reading what they typed, and rescheduling the jobs
// already pending so the change takes effect from the next occurrence (never sending one twice).
import {
  type ClientSchedule,
  firstCheckinAfter,
  isValidTimezone,
  localDate,
  nextCheckinJob,
  nextDigestJob,
  programWeekDue,
  reviewWeek,
} from "../domain/schedule.js";
import type { Prisma, PrismaClient } from "../store/database.js";
import { replacePendingJob } from "../store/jobs.js";

type Tx = Prisma.TransactionClient;

const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/** "monday", "Mon", "tues" -> 1..7 (ISO), or null. */
export function parseWeekday(word: string): number | null {
  const w = word.trim().toLowerCase();
  if (w.length < 3) return null;
  const index = WEEKDAYS.findIndex((d) => d.startsWith(w) || w.startsWith(d));
  return index < 0 ? null : index + 1;
}

/** "9:30", "09:30", "18:05" -> "HH:MM", or null. */
export function parseClockTime(word: string): string | null {
  const match = /^([01]?\d|2[0-3])[:.h]([0-5]\d)$/.exec(word.trim().toLowerCase());
  return match ? `${match[1]!.padStart(2, "0")}:${match[2]}` : null;
}

export function weekdayName(weekday: number): string {
  const name = WEEKDAYS[weekday - 1] ?? "monday";
  return name[0]!.toUpperCase() + name.slice(1);
}

export type ClientScheduleChange =
  | { kind: "slot"; weekday: number; time: string }
  | { kind: "timezone"; timezone: string }
  | { kind: "quiet"; start: string | null; end: string | null };

/**
 * Reads "/checkins ..." words: "<weekday> <HH:MM>", "timezone <Area/City>", "quiet <HH:MM>-<HH:MM>"
 * or "quiet off". Null when it is none of these (the caller replies kindly).
 */
export function parseClientScheduleChange(text: string): ClientScheduleChange | null {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const [first = "", ...rest] = words;
  if (/^(time ?zone|tz|zone)$/i.test(first) && rest.length === 1) return isValidTimezone(rest[0]!) ? { kind: "timezone", timezone: rest[0]! } : null;
  if (/^quiet$/i.test(first)) {
    const spec = rest.join("");
    if (/^(off|none|no)$/i.test(spec)) return { kind: "quiet", start: null, end: null };
    const [from, to] = spec.split(/-|–|to/i);
    const start = from ? parseClockTime(from) : null;
    const end = to ? parseClockTime(to) : null;
    return start && end && start !== end ? { kind: "quiet", start, end } : null;
  }
  if (words.length === 2) {
    const weekday = parseWeekday(first);
    const time = parseClockTime(rest[0]!);
    if (weekday && time) return { kind: "slot", weekday, time };
  }
  return null;
}

export type DigestScheduleChange = { cadence: "daily" | "weekly"; weekday: number | null; time: string; timezone: string | null };

/** Reads "/coach cadence ...": "daily <HH:MM> [zone]" or "weekly <weekday> <HH:MM> [zone]"; null otherwise. */
export function parseDigestScheduleChange(text: string): DigestScheduleChange | null {
  const [cadence = "", ...rest] = text.trim().split(/\s+/).filter(Boolean);
  const c = cadence.toLowerCase();
  if (c === "daily" && (rest.length === 1 || rest.length === 2)) {
    const time = parseClockTime(rest[0]!);
    const timezone = rest[1] ?? null;
    if (!time || (timezone && !isValidTimezone(timezone))) return null;
    return { cadence: "daily", weekday: null, time, timezone };
  }
  if (c === "weekly" && (rest.length === 2 || rest.length === 3)) {
    const weekday = parseWeekday(rest[0]!);
    const time = parseClockTime(rest[1]!);
    const timezone = rest[2] ?? null;
    if (!weekday || !time || (timezone && !isValidTimezone(timezone))) return null;
    return { cadence: "weekly", weekday, time, timezone };
  }
  return null;
}

/**
 * Saves the client's new schedule and moves their pending check-in to the next occurrence of it
 * (still at least three days into the program), and their pending reviews to the new check-in
 * time of day in the same program week.
 */
export async function changeClientSchedule(prisma: PrismaClient, clientId: string, change: ClientScheduleChange, now: Date) {
  return prisma.$transaction(async (tx) => {
    const before = await tx.client.findUniqueOrThrow({ where: { id: clientId }, select: { timezone: true } });
    const data =
      change.kind === "slot"
        ? { checkinWeekday: change.weekday, checkinTime: change.time }
        : change.kind === "timezone"
          ? { timezone: change.timezone }
          : { quietStart: change.start, quietEnd: change.end };
    const client = await tx.client.update({ where: { id: clientId }, data });
    // Quiet hours are read when a job falls due; only the slot and the zone move the check-in.
    if (change.kind !== "quiet" && (client.status === "active" || client.status === "paused")) {
      const start = client.programStartAt;
      await replacePendingJob(tx, "checkin", { clientId }, (after) => nextCheckinJob(client, after), firstCheckinAfter(now, start));
      if (start) await moveProgramReviews(tx, client, start, before.timezone);
    }
    return client;
  });
}

/**
 * The program's pending reviews (periods "<program start date>/week-N", dated in the zone the
 * program was planned in) are planned again as programJobs plans them, for the new slot or zone.
 */
async function moveProgramReviews(tx: Tx, client: ClientSchedule, programStart: Date, plannedZone: string): Promise<void> {
  const program = localDate(programStart, plannedZone);
  const reviews = await tx.scheduledJob.findMany({
    where: { clientId: client.id, status: "pending", kind: { in: ["goal_review", "program_review"] }, period: { startsWith: `${program}/` } },
  });
  for (const review of reviews) {
    const week = reviewWeek(review.period);
    if (week !== null) await tx.scheduledJob.update({ where: { id: review.id }, data: { dueAt: programWeekDue(client, programStart, week) } });
  }
}

/** Saves the coach's digest schedule and moves their pending digest to the next occurrence of it. */
export async function changeDigestSchedule(prisma: PrismaClient, coachId: string, change: DigestScheduleChange, now: Date) {
  return prisma.$transaction(async (tx) => {
    const coach = await tx.coach.update({
      where: { id: coachId },
      data: {
        digestCadence: change.cadence,
        digestTime: change.time,
        ...(change.weekday ? { digestWeekday: change.weekday } : {}),
        ...(change.timezone ? { timezone: change.timezone } : {}),
      },
    });
    await replacePendingJob(tx, "digest", { coachId }, (after) => nextDigestJob(coach, after), now);
    return coach;
  });
}
