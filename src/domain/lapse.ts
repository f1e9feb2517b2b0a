// Lapse and relapse detection for one behavioral domain, from its weekly check-in results.
//
// A lapse is a single slip (a missed or weak week) and is treated as normal; a relapse means
// the behavior has stopped and the client needs re-staging. Keeping the two apart matters
// because re-staging after every slip would feel punitive and bounce clients between stages.

import type { Stage } from "./stages.js";

export type WeekOutcome = {
  /** ISO week, e.g. "2026-W47". */
  week: string;
  answered: boolean;
  achievementPercent: number | null;
  /** The client said they stopped the behavior. */
  abandoned?: boolean;
  /** When the check-in was answered (absent in histories written before it was kept). */
  at?: string;
};

export type WeekClassification = "on_track" | "lapse" | "relapse";

export interface LapseOptions {
  /** An answered week below this achievement percentage counts as a lapse. */
  lowWeekPercent: number;
  /**
   * Check-ins in a row in which the client reports the behavior has stopped before it counts as
   * a relapse. The guide calls a relapse an extended abandonment and a week or so off a lapse,
   * so one report is never enough.
   */
  relapseReports: number;
}

export const DEFAULT_LAPSE_OPTIONS: LapseOptions = { lowWeekPercent: 50, relapseReports: 2 };

/**
 * Classifies the LAST week of `history` (oldest -> newest, one entry per weekly check-in,
 * including unanswered ones so that consecutive entries are consecutive check-ins).
 * An empty history has nothing to flag and is "on_track".
 *
 * A relapse is decided only on the client's own reports: `relapseReports` answered check-ins in
 * a row (missed check-ins between them neither count nor break the run) each saying the
 * behavior stopped: 0% achieved, or "I've stopped for now" with under `lowWeekPercent` done.
 * "Stopped" at 60% is a client being hard on themself: a lapse at most. Missed check-ins alone
 * are never a relapse (silence is not a report; the missed-check-ins challenge covers it).
 */
export function classifyWeek(history: WeekOutcome[], opts: LapseOptions = DEFAULT_LAPSE_OPTIONS): WeekClassification {
  const last = history.at(-1);
  if (!last) return "on_track";
  if (last.answered && stoppedReportsInRow(history, opts) >= Math.max(2, opts.relapseReports)) return "relapse";
  if (!last.answered || last.abandoned === true) return "lapse";
  if (last.achievementPercent !== null && last.achievementPercent < opts.lowWeekPercent) return "lapse";
  return "on_track";
}

/** The client reported that the behavior stopped this week. */
function reportsStopped(w: WeekOutcome, opts: LapseOptions): boolean {
  if (!w.answered) return false;
  if (w.achievementPercent === 0) return true;
  return w.abandoned === true && (w.achievementPercent === null || w.achievementPercent < opts.lowWeekPercent);
}

/** Answered check-ins at the end of `history` reporting a stop, skipping unanswered weeks. */
function stoppedReportsInRow(history: WeekOutcome[], opts: LapseOptions): number {
  let count = 0;
  for (const w of [...history].reverse()) {
    if (!w.answered) continue;
    if (!reportsStopped(w, opts)) break;
    count++;
  }
  return count;
}

export interface ProgressOptions {
  /** A week meets the criterion when the area's goals were done at least this much (%). */
  criterionWeekPercent: number;
  /** Weeks in a row meeting the criterion before the client is asked whether they are now doing it. */
  criterionWeeks: number;
}

export const DEFAULT_PROGRESS_OPTIONS: ProgressOptions = { criterionWeekPercent: 80, criterionWeeks: 3 };

/**
 * The weeks at the end of `history` that met the criterion in a row (a missed check-in, a low
 * week or a reported stop ends the run), counting only weeks after `countFrom` (an ISO week: the
 * client said "not yet" then, so the evidence starts again). Oldest first.
 */
export function criterionRun(history: WeekOutcome[], opts: ProgressOptions, countFrom: string | null = null): WeekOutcome[] {
  const run: WeekOutcome[] = [];
  for (const w of [...history].reverse()) {
    if (countFrom !== null && w.week <= countFrom) break;
    const met = w.answered && w.abandoned !== true && w.achievementPercent !== null && w.achievementPercent >= opts.criterionWeekPercent;
    if (!met) break;
    run.unshift(w);
  }
  return run;
}

/**
 * When the behavior started, judged from a run of weeks that met the criterion: the week
 * before the first check-in of the run (each check-in reports on the week before it).
 */
export function behaviorStartOfRun(run: WeekOutcome[], now: Date): Date {
  const first = run[0]?.at ? new Date(run[0].at) : new Date(now.getTime() - Math.max(0, run.length - 1) * WEEK_MS);
  return new Date(first.getTime() - WEEK_MS);
}

const WEEK_MS = 7 * 86_400_000;

/**
 * The start of a behavior the client has kept up for about `monthsAgo` months (their own
 * estimate, "about 5 months"), as an instant before `now`.
 */
export function behaviorStartFromMonthsAgo(now: Date, monthsAgo: number): Date {
  const whole = Math.floor(monthsAgo);
  const start = addCalendarMonthsUtc(now, -whole);
  return new Date(start.getTime() + (now.getTime() - utcMidnight(now)) - Math.round((monthsAgo - whole) * 30.44 * 86_400_000));
}

function utcMidnight(date: Date): number {
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
}

export type RestagingAnswer = "within_30_days" | "within_6_months" | "not_within_6_months";

/**
 * The stage to restart from after a relapse, from the client's answer to "when do you intend
 * to start again?". Unlike first-time staging, a relapse never goes below contemplation, even
 * when the client does not intend to restart within 6 months: they have already shown they can
 * change this behavior and are aware of it, which is what separates contemplation from
 * precontemplation. Dropping them to precontemplation would also discard that evidence and send
 * them back to consciousness-raising goals they no longer need.
 */
export function relapseTargetStage(restagingAnswer: RestagingAnswer): Stage {
  return restagingAnswer === "within_30_days" ? "preparation" : "contemplation";
}

/** Months the criterion must be met before action becomes maintenance (the staging rule). */
export const MAINTENANCE_MONTHS = 6;

/**
 * True when the behavioral criterion has been met for 6 calendar months or more, compared by
 * UTC calendar date (time of day is ignored). Month ends clamp: met since 31 August reaches
 * maintenance on 28/29 February.
 */
export function reachesMaintenance(criterionMetSince: Date | null, now: Date): boolean {
  if (!criterionMetSince || Number.isNaN(criterionMetSince.getTime()) || Number.isNaN(now.getTime())) return false;
  const due = addCalendarMonthsUtc(criterionMetSince, MAINTENANCE_MONTHS);
  return utcDayNumber(now) >= utcDayNumber(due);
}

function addCalendarMonthsUtc(date: Date, months: number): Date {
  const monthIndex = date.getUTCMonth() + months;
  const year = date.getUTCFullYear() + Math.floor(monthIndex / 12);
  const month = ((monthIndex % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(date.getUTCDate(), lastDay)));
}

function utcDayNumber(date: Date): number {
  return Math.floor(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()) / 86_400_000);
}
