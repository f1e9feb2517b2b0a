// When time-based work falls due, in the client's or coach's own time zone. Daylight-saving
// changes are handled by computing local wall-clock times with luxon, never by adding hours.
import { getCountryForTimezone } from "countries-and-timezones";
import { DateTime, IANAZone } from "luxon";

export interface WeeklySlot {
  /** 1 = Monday ... 7 = Sunday. */
  weekday: number;
  /** Local wall-clock time, "HH:MM". */
  time: string;
  timezone: string;
}

export interface QuietHours {
  start: string | null;
  end: string | null;
}

export function isValidTimezone(zone: string): boolean {
  return DateTime.local().setZone(zone).isValid;
}

function parseTime(time: string): { hour: number; minute: number } {
  const [hour = 9, minute = 0] = time.split(":").map(Number);
  return { hour, minute };
}

/**
 * Recent answers of the calendar functions a scheduler pass calls for every job. The clients due
 * at one instant share a few slots, zones, quiet hours and holiday lists, while luxon's local
 * arithmetic costs up to 0.4 ms a call (nextWeekly takes up to eight steps): each combination is
 * worked out once. Only pure functions of their arguments are remembered, so answers are the same.
 */
class Recent<T> {
  private readonly answers = new Map<string, T>();
  constructor(private readonly limit = 1000) {}

  get(key: string, compute: () => T): T {
    let answer = this.answers.get(key);
    if (answer === undefined) {
      answer = compute();
      if (this.answers.size >= this.limit) this.answers.clear();
      this.answers.set(key, answer);
    }
    return answer;
  }
}

const recentWeekly = new Recent<number>();
const recentWeeks = new Recent<string>();
const recentAllowed = new Recent<number>();

/** The first instant strictly after `after` that falls on the slot's weekday and local time. */
export function nextWeekly(after: Date, slot: WeeklySlot): Date {
  const key = `${after.getTime()} ${slot.weekday} ${slot.time} ${slot.timezone}`;
  return new Date(recentWeekly.get(key, () => computeNextWeekly(after, slot).getTime()));
}

function computeNextWeekly(after: Date, slot: WeeklySlot): Date {
  const { hour, minute } = parseTime(slot.time);
  const local = DateTime.fromJSDate(after, { zone: slot.timezone });
  // Days are counted on the local calendar alone and the slot's time is placed in the zone once
  // per candidate: adding days to a zoned time skipped a day across a clock change at midnight
  // (Nuuk), and each zoned step costs a time zone lookup that start-up repeats for every client.
  const ahead = (slot.weekday - local.weekday + 7) % 7;
  for (const days of [ahead, ahead + 7]) {
    const candidate = atLocalTime(Date.UTC(local.year, local.month - 1, local.day + days, hour, minute), slot.timezone);
    if (candidate > after.getTime()) return new Date(candidate);
  }
  throw new Error("unreachable: the slot's day a week on is always later");
}

/**
 * The instant a zone's clocks show a wall time (given as if it were UTC). A time that happens
 * twice (the fall-back hour) is its first occurrence; one that never happens (the spring-forward
 * gap) moves forward by the gap. Decided here rather than by luxon, whose choice for a repeated
 * time follows the zone's offset at the moment the code runs.
 */
function atLocalTime(wall: number, timezone: string): number {
  const zone = IANAZone.create(timezone);
  // The zone's offsets (minutes) a day either side: a clock change between them is the only one near.
  const before = zone.offset(wall - 86_400_000);
  const after = zone.offset(wall + 86_400_000);
  const fits = [before, after].map((offset) => wall - offset * 60_000).filter((instant) => zone.offset(instant) * 60_000 === wall - instant);
  return fits.length > 0 ? Math.min(...fits) : wall - before * 60_000;
}

/** The next instant at `time` local, strictly after `after` (daily digests). */
export function nextDaily(after: Date, time: string, timezone: string): Date {
  const { hour, minute } = parseTime(time);
  const local = DateTime.fromJSDate(after, { zone: timezone });
  const today = atLocalTime(Date.UTC(local.year, local.month - 1, local.day, hour, minute), timezone);
  return new Date(today > after.getTime() ? today : atLocalTime(Date.UTC(local.year, local.month - 1, local.day + 1, hour, minute), timezone));
}

/** ISO week of the instant in that zone ("2026-W48"): the period a weekly check-in belongs to. */
export function localWeek(instant: Date, timezone: string): string {
  return recentWeeks.get(`${instant.getTime()} ${timezone}`, () => {
    const local = DateTime.fromJSDate(instant, { zone: timezone });
    return `${local.weekYear}-W${String(local.weekNumber).padStart(2, "0")}`;
  });
}

export function localDate(instant: Date, timezone: string): string {
  return DateTime.fromJSDate(instant, { zone: timezone }).toISODate()!;
}

function minutesOfDay(time: string): number {
  const { hour, minute } = parseTime(time);
  return hour * 60 + minute;
}

/** Whether the instant is inside quiet hours (which may wrap past midnight, e.g. 22:00-07:00). */
export function inQuietHours(instant: Date, quiet: QuietHours, timezone: string): boolean {
  if (!quiet.start || !quiet.end) return false;
  const local = DateTime.fromJSDate(instant, { zone: timezone });
  const now = local.hour * 60 + local.minute;
  const start = minutesOfDay(quiet.start);
  const end = minutesOfDay(quiet.end);
  return start <= end ? now >= start && now < end : now >= start || now < end;
}

/** The end of the quiet period the instant is in (or the instant itself when not quiet). */
export function afterQuietHours(instant: Date, quiet: QuietHours, timezone: string): Date {
  if (!inQuietHours(instant, quiet, timezone) || !quiet.end) return instant;
  return nextDaily(instant, quiet.end, timezone);
}

/**
 * Moves an instant off holidays and quiet hours, keeping its local time of day where it can:
 * a check-in on a holiday moves to the next allowed day at the same local time, not lost.
 */
export function nextAllowed(instant: Date, opts: { timezone: string; holidays: ReadonlySet<string>; quiet: QuietHours }): Date {
  const key = JSON.stringify([instant.getTime(), opts.timezone, opts.quiet.start, opts.quiet.end, ...opts.holidays]);
  return new Date(recentAllowed.get(key, () => computeNextAllowed(instant, opts).getTime()));
}

function computeNextAllowed(instant: Date, opts: { timezone: string; holidays: ReadonlySet<string>; quiet: QuietHours }): Date {
  let candidate = DateTime.fromJSDate(instant, { zone: opts.timezone });
  for (let i = 0; i < 366 && opts.holidays.has(candidate.toISODate()!); i++) candidate = candidate.plus({ days: 1 });
  return afterQuietHours(candidate.toJSDate(), opts.quiet, opts.timezone);
}

export type JobKind =
  | "checkin"
  | "checkin_reminder"
  | "goal_review"
  | "program_review"
  | "digest"
  | "team_checkin"
  | "team_reminder"
  | "session_reminder"
  | "flag_escalation";

/**
 * When a span whose last day is `lastDay` (YYYY-MM-DD, that day included) is over: as the next
 * day starts in the zone. Null when the text is no real date.
 */
export function endOfLocalDay(lastDay: string, timezone: string): Date | null {
  const day = DateTime.fromFormat(lastDay, "yyyy-MM-dd", { zone: timezone });
  return day.isValid ? day.plus({ days: 1 }).startOf("day").toJSDate() : null;
}

/** The last day (YYYY-MM-DD) a span over at `end` covers in the zone: endOfLocalDay read back. */
export function lastLocalDay(end: Date, timezone: string): string {
  return localDate(new Date(end.getTime() - 1), timezone);
}

/** The country (ISO 3166 code, "GB") a zone's clocks belong to; null for a zone of no country (UTC, Etc/GMT+5). */
export function countryOfZone(timezone: string): string | null {
  return getCountryForTimezone(timezone)?.id ?? null;
}

/** A local wall-clock time ("2026-12-03 15:00") in a zone, as an instant; null if invalid. */
export function localDateTime(text: string, timezone: string): Date | null {
  const parsed = DateTime.fromFormat(text.trim(), "yyyy-MM-dd HH:mm", { zone: timezone });
  return parsed.isValid ? parsed.toJSDate() : null;
}

/** An instant as wall-clock time in a zone, "2026-12-03 15:00": what localDateTime reads back. */
export function formatLocalDateTime(instant: Date, timezone: string): string {
  return DateTime.fromJSDate(instant, { zone: timezone }).toFormat("yyyy-MM-dd HH:mm");
}

/** How an instant reads in a zone, for messages: "Thu 3 Dec, 15:00". */
export function describeLocal(instant: Date, timezone: string): string {
  return DateTime.fromJSDate(instant, { zone: timezone }).toFormat("ccc d LLL, HH:mm");
}

export interface PlannedJob {
  kind: JobKind;
  clientId?: string;
  coachId?: string;
  teamId?: string;
  period: string;
  dueAt: Date;
}

/** (kind, subject, period): at most one job, and so one message, per client per period. */
export function jobDedupeKey(job: PlannedJob): string {
  return `${job.kind}:${job.clientId ?? job.coachId ?? job.teamId}:${job.period}`;
}

export interface ClientSchedule {
  id: string;
  timezone: string;
  checkinWeekday: number;
  checkinTime: string;
}

const WEEK_MS = 7 * 86_400_000;

export function nextCheckinJob(client: ClientSchedule, after: Date): PlannedJob {
  const dueAt = nextWeekly(after, { weekday: client.checkinWeekday, time: client.checkinTime, timezone: client.timezone });
  return { kind: "checkin", clientId: client.id, period: localWeek(dueAt, client.timezone), dueAt };
}

/**
 * A new program: the first weekly check-in at the client's slot at least three days in, monthly
 * three-month-goal reviews (weeks 4 and 8), the halfway check at week 6, and the program review
 * at the three-month point (week 13), each at the client's check-in time of day.
 */
export function programJobs(client: ClientSchedule, programStart: Date): PlannedJob[] {
  const atWeek = (week: number) => programWeekDue(client, programStart, week);
  // Periods carry the program's start so a refreshed program gets its own reviews.
  const program = localDate(programStart, client.timezone);
  return [
    nextCheckinJob(client, firstCheckinAfter(programStart, programStart)),
    { kind: "goal_review", clientId: client.id, period: `${program}/week-4`, dueAt: atWeek(4) },
    { kind: "goal_review", clientId: client.id, period: `${program}/week-6`, dueAt: atWeek(6) },
    { kind: "goal_review", clientId: client.id, period: `${program}/week-8`, dueAt: atWeek(8) },
    { kind: "program_review", clientId: client.id, period: `${program}/week-13`, dueAt: atWeek(13) },
  ];
}

/** When a program week's review falls due: that week's end, at the client's check-in time of day. */
export function programWeekDue(client: ClientSchedule, programStart: Date, week: number): Date {
  return nextDaily(new Date(programStart.getTime() + week * WEEK_MS - 86_400_000), client.checkinTime, client.timezone);
}

const FIRST_CHECKIN_AFTER_MS = 3 * 86_400_000;

/**
 * The instant a check-in is looked for after: `now`, but never earlier than three days into the
 * program, so the first weekly check-in does not fall on the day of onboarding (a schedule
 * changed in the first days keeps this rule).
 */
export function firstCheckinAfter(now: Date, programStart: Date | null): Date {
  if (!programStart) return now;
  return new Date(Math.max(now.getTime(), programStart.getTime() + FIRST_CHECKIN_AFTER_MS));
}

/** "2027-01-04/week-6" -> 6: the program week a review's period names, or null. */
export function reviewWeek(period: string): number | null {
  const match = /\/week-(\d+)$/.exec(period);
  return match ? Number(match[1]) : null;
}

export interface CoachDigestSchedule {
  id: string;
  timezone: string;
  digestCadence: string;
  digestTime: string;
  digestWeekday: number;
}

export function nextDigestJob(coach: CoachDigestSchedule, after: Date): PlannedJob {
  const dueAt =
    coach.digestCadence === "daily"
      ? nextDaily(after, coach.digestTime, coach.timezone)
      : nextWeekly(after, { weekday: coach.digestWeekday, time: coach.digestTime, timezone: coach.timezone });
  return { kind: "digest", coachId: coach.id, period: localDate(dueAt, coach.timezone), dueAt };
}
