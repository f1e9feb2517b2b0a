// Answer sequences for whole conversations, shared by machine, engine and console tests.

/**
 * The first conversation: onboarding into exercise, preparation stage (intends to start within
 * 30 days), importance and why, then the two exercise-safety questions, both "no".
 */
export const ONBOARDING = ["Sam", "exercise", "no", "within_30_days", "7", "my kids", "no", "no"];

/** Preparation gets a plan step; confidence 8 skips the "make it smaller" question. */
export const FIRST_GOAL = ["buy walking shoes on Saturday morning", "8"];

/**
 * The wellbeing check offered after the first goal: nutrition, stress and sleep (the areas
 * besides exercise; stress kept up for about 3 months), then the six health questions not asked yet, all "no". Sleep is a top
 * priority with no intention and low confidence: two gaps.
 */
export const ASSESSMENT = [
  "5",
  "no",
  "within_6_months",
  "5",
  "6",
  "yes",
  "under_6",
  "about 3 months",
  "7",
  "9",
  "no",
  "not_within_6_months",
  "3",
  "no",
  "no",
  "no",
  "no",
  "no",
  "no",
];

/** First conversation to a saved first goal (10 messages), then the wellbeing check. */
export const FULL_ONBOARDING = [...ONBOARDING, ...FIRST_GOAL, "/assessment", ...ASSESSMENT];

/** A weekly check-in with one goal: feeling, five questions on the goal, then "keep my goals". */
export function checkinAnswers(percent: number, next: "keep" | "new_goal" = "keep"): string[] {
  return ["8", "the shop trip", String(percent), "a friend came", "mornings work", "about_right", next];
}
