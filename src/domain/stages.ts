// Stages of change (transtheoretical model) and the standard time-frame staging rule.

export const STAGES = ["precontemplation", "contemplation", "preparation", "action", "maintenance"] as const;
export type Stage = (typeof STAGES)[number];

export function isStage(value: unknown): value is Stage {
  return typeof value === "string" && (STAGES as readonly string[]).includes(value);
}

/** Answers to the readiness questions for one behavior domain. */
export type ReadinessAnswers =
  | { meetsCriterion: true; monthsMeetingCriterion: "under_6" | "6_or_more" }
  | { meetsCriterion: false; intention: "within_30_days" | "within_6_months" | "not_within_6_months" };

/**
 * The time-frame staging algorithm. "Meeting the criterion" means doing the domain's stated
 * behavior fully now; cutting down or doing it irregularly does not count (the question says so).
 */
export function stageFromReadiness(answers: ReadinessAnswers): Stage {
  if (answers.meetsCriterion) {
    return answers.monthsMeetingCriterion === "6_or_more" ? "maintenance" : "action";
  }
  switch (answers.intention) {
    case "within_30_days":
      return "preparation";
    case "within_6_months":
      return "contemplation";
    case "not_within_6_months":
      return "precontemplation";
  }
}

/** Early stages get thinking/feeling goals; later stages get behavioral ones. */
export function isEarlyStage(stage: Stage): boolean {
  return stage === "precontemplation" || stage === "contemplation";
}

export function stageIndex(stage: Stage): number {
  return STAGES.indexOf(stage);
}
