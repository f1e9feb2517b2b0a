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
};

export type WeekClassification = "on_track" | "lapse" | "relapse";

export interface LapseOptions {
  /** An answered week below this achievement percentage counts as a lapse. */
  lowWeekPercent: number;
}

export const DEFAULT_LAPSE_OPTIONS: LapseOptions = { lowWeekPercent: 50 };

/**
 * Classifies the LAST week of `history` (oldest -> newest, one entry per weekly check-in,
 * including unanswered ones so that consecutive entries are consecutive check-ins).
 * An empty history has nothing to flag and is "on_track".
 */
export function classifyWeek(history: WeekOutcome[], opts: LapseOptions = DEFAULT_LAPSE_OPTIONS): WeekClassification {
  const last = history.at(-1);
  if (!last) return "on_track";
  const previous = history.at(-2);

  if (last.abandoned === true) return "relapse";
  // One empty week is a slip; two in a row mean the behavior has stopped.
  if (previous && behaviorStopped(previous) && behaviorStopped(last)) return "relapse";

  if (!last.answered) return "lapse";
  if (last.achievementPercent !== null && last.achievementPercent < opts.lowWeekPercent) return "lapse";
  return "on_track";
}

/** Nothing was done that week: no check-in, nothing achieved, or the client said they stopped. */
function behaviorStopped(w: WeekOutcome): boolean {
  return w.abandoned === true || !w.answered || w.achievementPercent === 0;
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
