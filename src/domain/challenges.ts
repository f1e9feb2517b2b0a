// Detection of common coaching challenges from a client's weekly progress, so the coach can
// raise them (a smaller goal, a new approach, a check on motivation) before the client drifts off.

export const CHALLENGE_KINDS = [
  "over_ambitious",
  "no_progress",
  "missed_checkins",
  "not_attempting",
  "behind_at_halfway",
  "discouraged",
  "bored",
  "disillusioned",
] as const;
export type ChallengeKind = (typeof CHALLENGE_KINDS)[number];

export interface ChallengeThresholds {
  /** Weekly average achievement below this, with no fewer goals set, means over-ambitious. */
  overAmbitiousPercent: number;
  overAmbitiousWeeks: number;
  noProgressWeeks: number;
  /** Minimum rise, in percentage points, that counts as progress. */
  noProgressDeltaPercent: number;
  missedCheckinsInRow: number;
  notAttemptingWeeks: number;
  /** Program week from which the three-month goals are checked. */
  halfwayWeek: number;
  halfwayPercent: number;
  discouragedAreas: number;
  discouragedPercent: number;
  boredWeeks: number;
  /** A weekly average at least this high, early on, is the enthusiastic start disillusion falls from. */
  disillusionedPeakPercent: number;
  /** Points below that start that every one of the latest weeks must be. */
  disillusionedDropPercent: number;
  disillusionedWeeks: number;
}

export const DEFAULT_CHALLENGE_THRESHOLDS: ChallengeThresholds = {
  overAmbitiousPercent: 50,
  overAmbitiousWeeks: 2,
  noProgressWeeks: 3,
  noProgressDeltaPercent: 10,
  missedCheckinsInRow: 2,
  notAttemptingWeeks: 2,
  halfwayWeek: 6,
  halfwayPercent: 50,
  discouragedAreas: 2,
  discouragedPercent: 40,
  boredWeeks: 6,
  disillusionedPeakPercent: 70,
  disillusionedDropPercent: 30,
  disillusionedWeeks: 2,
};

/** Achievement at or above this is good enough that a flat trend is not a problem. */
export const NO_PROGRESS_CEILING_PERCENT = 70;

export interface WeekGoal {
  goalKey: string;
  domain: string;
  percent: number | null;
  attempted: boolean;
}

export interface ProgressWeek {
  week: string;
  answered: boolean;
  goals: WeekGoal[];
  goalsSetCount: number;
  goalTexts: string[];
}

export interface ClientProgress {
  programWeek: number;
  /** Oldest -> newest. */
  weeks: ProgressWeek[];
  threeMonthGoalsPercent: number | null;
}

/** All challenges that apply now, in CHALLENGE_KINDS order. */
export function detectChallenges(p: ClientProgress, t: ChallengeThresholds = DEFAULT_CHALLENGE_THRESHOLDS): ChallengeKind[] {
  const answered = p.weeks.filter((w) => w.answered);
  const checks: Record<ChallengeKind, () => boolean> = {
    over_ambitious: () => isOverAmbitious(answered, t),
    no_progress: () => hasNoProgress(answered, t),
    missed_checkins: () => lastN(p.weeks, t.missedCheckinsInRow)?.every((w) => !w.answered) ?? false,
    not_attempting: () => isNotAttempting(answered, t),
    behind_at_halfway: () => p.programWeek >= t.halfwayWeek && p.threeMonthGoalsPercent !== null && p.threeMonthGoalsPercent < t.halfwayPercent,
    discouraged: () => isDiscouraged(answered.at(-1), t),
    bored: () => isBored(answered, t),
    disillusioned: () => isDisillusioned(answered, t),
  };
  return CHALLENGE_KINDS.filter((kind) => checks[kind]());
}

/** Struggling for several weeks yet still setting as many goals (or more): aim lower. */
function isOverAmbitious(answered: ProgressWeek[], t: ChallengeThresholds): boolean {
  const weeks = lastN(answered, t.overAmbitiousWeeks);
  if (!weeks) return false;
  const averages = weeks.map(weekAverage);
  if (averages.some((a) => a === null || a >= t.overAmbitiousPercent)) return false;
  return weeks.every((w, i) => i === 0 || w.goalsSetCount >= (weeks[i - 1]?.goalsSetCount ?? 0));
}

/** Flat (or falling) achievement that never gets good enough: the approach is not working. */
function hasNoProgress(answered: ProgressWeek[], t: ChallengeThresholds): boolean {
  const weeks = lastN(answered, t.noProgressWeeks);
  if (!weeks) return false;
  const averages = weeks.map(weekAverage);
  if (averages.some((a) => a === null)) return false;
  const values = averages as number[];
  const first = values[0] ?? 0;
  const last = values.at(-1) ?? 0;
  return last - first < t.noProgressDeltaPercent && values.every((v) => v < NO_PROGRESS_CEILING_PERCENT);
}

/**
 * Checking in but trying none of the goals. Weeks without goals do not count: there was
 * nothing to attempt, which is a different conversation.
 */
function isNotAttempting(answered: ProgressWeek[], t: ChallengeThresholds): boolean {
  const weeks = lastN(answered, t.notAttemptingWeeks);
  return weeks?.every((w) => w.goals.length > 0 && !w.goals.some((g) => g.attempted)) ?? false;
}

/** Several life areas going badly at once, which tends to sap motivation across the board. */
function isDiscouraged(week: ProgressWeek | undefined, t: ChallengeThresholds): boolean {
  if (!week) return false;
  const byDomain = new Map<string, number[]>();
  for (const g of week.goals) {
    if (g.percent === null) continue;
    byDomain.set(g.domain, [...(byDomain.get(g.domain) ?? []), g.percent]);
  }
  const lowDomains = [...byDomain.values()].filter((ps) => mean(ps) < t.discouragedPercent);
  return lowDomains.length >= t.discouragedAreas;
}

/** The same goals week after week: time to refresh them before interest fades. */
function isBored(answered: ProgressWeek[], t: ChallengeThresholds): boolean {
  const weeks = lastN(answered, t.boredWeeks);
  if (!weeks) return false;
  const keys = weeks.map((w) => goalSetKey(w.goalTexts));
  return keys[0] !== null && keys.every((k) => k === keys[0]);
}

/**
 * A strong start, then weeks well below it: the client has found out how much work change takes
 * (the coach is no magician). Normalise it, make the steps smaller, and share confidence in the
 * process. Only weeks before the latest ones can be the start, so one bad week after a good one
 * is a lapse, not disillusion.
 */
function isDisillusioned(answered: ProgressWeek[], t: ChallengeThresholds): boolean {
  const latest = lastN(answered, t.disillusionedWeeks);
  if (!latest) return false;
  const earlier = answered
    .slice(0, answered.length - latest.length)
    .map(weekAverage)
    .filter((a): a is number => a !== null);
  if (earlier.length === 0) return false;
  const start = Math.max(...earlier);
  if (start < t.disillusionedPeakPercent) return false;
  return latest.map(weekAverage).every((a) => a !== null && a <= start - t.disillusionedDropPercent);
}

/** Order-free, case- and spacing-insensitive identity of a week's goals; null when there are none. */
function goalSetKey(texts: string[]): string | null {
  const normalized = new Set(texts.map((s) => s.trim().replace(/\s+/g, " ").toLowerCase()).filter((s) => s !== ""));
  return normalized.size === 0 ? null : JSON.stringify([...normalized].sort());
}

/** Mean of the goals' known percentages, or null when none was measured. */
function weekAverage(w: ProgressWeek): number | null {
  const known = w.goals.map((g) => g.percent).filter((x): x is number => x !== null);
  return known.length === 0 ? null : mean(known);
}

function mean(xs: number[]): number {
  return xs.reduce((s, x) => s + x, 0) / xs.length;
}

/**
 * The last n items, or undefined when there are fewer than n (not enough evidence yet).
 * A window below 1 also yields undefined, which switches that check off.
 */
function lastN<T>(xs: T[], n: number): T[] | undefined {
  if (n < 1 || xs.length < n) return undefined;
  return xs.slice(xs.length - n);
}
