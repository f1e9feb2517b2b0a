// Coaching session phases and how a session's minutes are shared between them.

export const SESSION_PHASES = ["opening", "weekly_goal_review", "three_month_goal_review", "generative_moment", "goal_setting", "close"] as const;
export type SessionPhase = (typeof SESSION_PHASES)[number];

/** Percentage of a 30-minute session given to each phase (sums to 100). */
export const PHASE_SHARES_PERCENT: Readonly<Record<SessionPhase, number>> = {
  opening: 7,
  weekly_goal_review: 20,
  three_month_goal_review: 7,
  generative_moment: 40,
  goal_setting: 20,
  close: 6,
};

/** The session length the shares were designed for. */
export const BASE_SESSION_MINUTES = 30;

export interface SessionBudgetOptions {
  /** The three-month goals are reviewed monthly, not every session; default true. */
  includeThreeMonthReview?: boolean;
}

/**
 * Whole minutes per phase, always summing exactly to `lengthMinutes`.
 *
 * - 30 minutes: the shares, rounded by largest remainder (2, 6, 2, 12, 6, 2).
 * - Longer: the structural phases keep their 30-minute budget and every extra minute goes to
 *   the generative moment, where the actual coaching happens.
 * - Shorter: all shares scale down, with at least 1 minute per phase so no phase is skipped.
 * - Without the three-month review, its minutes also go to the generative moment.
 *
 * Throws a RangeError for a length that is not a whole number of at least one minute per phase.
 */
export function sessionTimeBudget(lengthMinutes: number, opts: SessionBudgetOptions = {}): Record<SessionPhase, number> {
  if (!Number.isInteger(lengthMinutes) || lengthMinutes < SESSION_PHASES.length) {
    throw new RangeError(`session length must be a whole number of at least ${SESSION_PHASES.length} minutes`);
  }

  const budget = apportion(Math.min(lengthMinutes, BASE_SESSION_MINUTES));
  budget.generative_moment += Math.max(0, lengthMinutes - BASE_SESSION_MINUTES);

  if (opts.includeThreeMonthReview === false) {
    budget.generative_moment += budget.three_month_goal_review;
    budget.three_month_goal_review = 0;
  }
  return budget;
}

/** Largest-remainder apportionment of `total` minutes by the phase shares, at least 1 each. */
function apportion(total: number): Record<SessionPhase, number> {
  // Integer arithmetic (share * total, in hundredths) so ties are exact, not float noise.
  const parts = SESSION_PHASES.map((phase, order) => {
    const scaled = PHASE_SHARES_PERCENT[phase] * total;
    return { phase, order, minutes: Math.floor(scaled / 100), remainder: scaled % 100 };
  });

  let left = total - parts.reduce((sum, p) => sum + p.minutes, 0);
  // Biggest remainder first; ties go to the earlier phase so the result is deterministic.
  const byRemainder = [...parts].sort((a, b) => b.remainder - a.remainder || a.order - b.order);
  for (const p of byRemainder) {
    if (left === 0) break;
    p.minutes += 1;
    left -= 1;
  }

  // Very short sessions can round a phase to 0; borrow from whichever phase has the most.
  for (const p of parts) {
    while (p.minutes < 1) {
      const richest = parts.reduce((a, b) => (b.minutes > a.minutes ? b : a));
      richest.minutes -= 1;
      p.minutes += 1;
    }
  }

  return Object.fromEntries(parts.map((p) => [p.phase, p.minutes])) as Record<SessionPhase, number>;
}

/** The phase after `p`, or null after the close. */
export function nextPhase(p: SessionPhase): SessionPhase | null {
  return SESSION_PHASES[SESSION_PHASES.indexOf(p) + 1] ?? null;
}
