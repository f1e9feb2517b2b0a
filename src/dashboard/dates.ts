// Dates as a coach reads them: in their own time zone, as calendar dates, never ISO week codes.
import { DateTime } from "luxon";
import { isoWeek } from "../domain/calendar.js";

export const TREND_WEEKS = 12;

export function day(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toFormat("d LLL yyyy");
}

export function dayAndTime(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toFormat("d LLL yyyy, HH:mm");
}

export interface Week {
  /** The ISO week code results are stored under, e.g. "2026-W48". */
  code: string;
  /** The week's Monday, e.g. "23 Nov". */
  label: string;
  /** Monday 00:00 UTC. */
  start: Date;
}

/** The `count` weeks ending with the current one, oldest first. */
export function recentWeeks(now: Date, count: number = TREND_WEEKS): Week[] {
  const monday = DateTime.fromJSDate(now, { zone: "UTC" }).startOf("week");
  return Array.from({ length: count }, (_, i) => {
    const start = monday.minus({ weeks: count - 1 - i });
    return { code: isoWeek(start.toJSDate()), label: start.toFormat("d LLL"), start: start.toJSDate() };
  });
}

/** The Monday a week code stands for, e.g. "2026-W48" -> "23 Nov 2026". */
export function weekLabel(code: string): string {
  const start = DateTime.fromISO(code, { zone: "UTC" });
  return start.isValid ? `week of ${start.toFormat("d LLL yyyy")}` : code;
}

/** The first instant of the oldest of the recent weeks. */
export function weeksStart(now: Date, count: number = TREND_WEEKS): Date {
  return DateTime.fromJSDate(now, { zone: "UTC" })
    .startOf("week")
    .minus({ weeks: count - 1 })
    .toJSDate();
}

/** Text written with week codes (a stage change's reason) with each code as a date. */
export function withWeekDates(text: string): string {
  return text.replace(/\b(?:week )?(\d{4}-W\d{2})\b/g, (_, code: string) => weekLabel(code));
}
