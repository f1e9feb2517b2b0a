// Wellbeing assessment: which life areas need attention before goal setting, and which
// screening answers call for a referral conversation instead of (or alongside) coaching.

import type { Stage } from "./stages.js";

export interface AreaAnswer {
  area: string;
  /** How important this area is to the client, 0-10. */
  priority: number;
  stage: Stage;
  /** Confidence they could change it, 0-10. */
  confidence: number;
}

export interface AssessmentGap {
  area: string;
  reason: "high_priority_not_ready" | "high_priority_low_confidence";
}

export interface AssessmentThresholds {
  /** Priority at or above this counts as high. */
  highPriority: number;
  /** Confidence below this counts as low. */
  lowConfidence: number;
}

export const DEFAULT_ASSESSMENT_THRESHOLDS: AssessmentThresholds = { highPriority: 8, lowConfidence: 4 };

/**
 * Areas the client cares a lot about but is not set up to change. These are the gaps worth
 * exploring: an important area in precontemplation (why not now?) or one they doubt they can
 * change (what would raise confidence?). Both reasons can apply to one area; the result follows
 * the order of `answers`, not-ready before low-confidence within an area.
 */
export function findAssessmentGaps(answers: AreaAnswer[], thresholds: AssessmentThresholds = DEFAULT_ASSESSMENT_THRESHOLDS): AssessmentGap[] {
  const gaps: AssessmentGap[] = [];
  for (const a of answers) {
    if (a.priority < thresholds.highPriority) continue;
    if (a.stage === "precontemplation") gaps.push({ area: a.area, reason: "high_priority_not_ready" });
    if (a.confidence < thresholds.lowConfidence) gaps.push({ area: a.area, reason: "high_priority_low_confidence" });
  }
  return gaps;
}

export const REFERRAL_CONCERNS = ["depression", "eating_disorder", "substance_misuse", "anxiety", "exercise_contraindication"] as const;
export type ReferralConcern = (typeof REFERRAL_CONCERNS)[number];

export interface ScreeningAnswers {
  sleepOrAppetiteChanged: boolean;
  largeUnexplainedWeightChange: boolean;
  exercisesBeyondCapacity: boolean;
  uncharacteristicOutbursts: boolean;
  panicOrBreathlessness: boolean;
  doctorAdvisedAgainstExercise: boolean;
  chestPainOrDizzinessOnExertion: boolean;
  recentInjuryOrSurgery: boolean;
}

/** Which screening answers point at each concern. A concern is raised if any of its signs is. */
const CONCERN_SIGNS: Record<ReferralConcern, ReadonlyArray<keyof ScreeningAnswers>> = {
  depression: ["sleepOrAppetiteChanged"],
  eating_disorder: ["largeUnexplainedWeightChange", "exercisesBeyondCapacity"],
  substance_misuse: ["uncharacteristicOutbursts"],
  anxiety: ["panicOrBreathlessness"],
  exercise_contraindication: ["doctorAdvisedAgainstExercise", "chestPainOrDizzinessOnExertion", "recentInjuryOrSurgery"],
};

/**
 * Concerns the coach should raise (a coach screens and refers; it does not diagnose).
 * Each concern appears at most once, in REFERRAL_CONCERNS order.
 */
export function referralConcerns(a: ScreeningAnswers): ReferralConcern[] {
  return REFERRAL_CONCERNS.filter((concern) => CONCERN_SIGNS[concern].some((sign) => a[sign]));
}
