// How long a program has run, in the words a person would use, so that nothing the bot says
// about time is untrue ("about three months" only once it is about three months).

export type Elapsed = { unit: "fewDays" } | { unit: "oneWeek" } | { unit: "weeks"; count: number } | { unit: "months"; count: number };

const DAY_MS = 86_400_000;
/** From this many weeks on, time is told in months. */
export const MONTHS_FROM_WEEKS = 12;

export function programElapsed(startedAt: Date, now: Date): Elapsed {
  const days = Math.max(0, (now.getTime() - startedAt.getTime()) / DAY_MS);
  // Rounded to the nearest week: the week-4 review, due a little before day 28, is "4 weeks".
  const weeks = Math.round(days / 7);
  if (weeks === 0) return { unit: "fewDays" };
  if (weeks === 1) return { unit: "oneWeek" };
  if (weeks < MONTHS_FROM_WEEKS) return { unit: "weeks", count: weeks };
  return { unit: "months", count: Math.round(days / 30.44) };
}
