import { describe, expect, it } from "vitest";
import { type AreaAnswer, findAssessmentGaps, referralConcerns, type ScreeningAnswers } from "../../src/domain/assessment.js";

const area = (over: Partial<AreaAnswer> & { area: string }): AreaAnswer => ({
  priority: 5,
  stage: "action",
  confidence: 8,
  ...over,
});

describe("findAssessmentGaps", () => {
  it("returns nothing when there are no answers", () => {
    expect(findAssessmentGaps([])).toEqual([]);
  });

  it("flags a high-priority area in precontemplation as not ready", () => {
    expect(findAssessmentGaps([area({ area: "sleep", priority: 8, stage: "precontemplation" })])).toEqual([
      { area: "sleep", reason: "high_priority_not_ready" },
    ]);
  });

  it("flags a high-priority area with low confidence", () => {
    expect(findAssessmentGaps([area({ area: "nutrition", priority: 9, confidence: 3 })])).toEqual([
      { area: "nutrition", reason: "high_priority_low_confidence" },
    ]);
  });

  it("flags both reasons for the same area, not-ready first", () => {
    expect(findAssessmentGaps([area({ area: "exercise", priority: 10, stage: "precontemplation", confidence: 0 })])).toEqual([
      { area: "exercise", reason: "high_priority_not_ready" },
      { area: "exercise", reason: "high_priority_low_confidence" },
    ]);
  });

  it("ignores low-priority areas even when not ready or not confident", () => {
    expect(findAssessmentGaps([area({ area: "stress", priority: 7, stage: "precontemplation", confidence: 1 })])).toEqual([]);
  });

  it("does not flag other stages or confidence at the threshold", () => {
    expect(
      findAssessmentGaps([
        area({ area: "a", priority: 9, stage: "contemplation", confidence: 4 }),
        area({ area: "b", priority: 9, stage: "preparation", confidence: 10 }),
      ]),
    ).toEqual([]);
  });

  it("keeps the order of the answers", () => {
    const gaps = findAssessmentGaps([
      area({ area: "sleep", priority: 8, confidence: 2 }),
      area({ area: "social", priority: 3, stage: "precontemplation" }),
      area({ area: "exercise", priority: 9, stage: "precontemplation" }),
    ]);
    expect(gaps.map((g) => g.area)).toEqual(["sleep", "exercise"]);
  });

  it("honours custom thresholds", () => {
    const answers = [area({ area: "sleep", priority: 6, confidence: 5 })];
    expect(findAssessmentGaps(answers)).toEqual([]);
    expect(findAssessmentGaps(answers, { highPriority: 6, lowConfidence: 6 })).toEqual([{ area: "sleep", reason: "high_priority_low_confidence" }]);
  });
});

describe("referralConcerns", () => {
  const none: ScreeningAnswers = {
    sleepOrAppetiteChanged: false,
    largeUnexplainedWeightChange: false,
    exercisesBeyondCapacity: false,
    uncharacteristicOutbursts: false,
    panicOrBreathlessness: false,
    doctorAdvisedAgainstExercise: false,
    chestPainOrDizzinessOnExertion: false,
    recentInjuryOrSurgery: false,
  };

  it("returns nothing when no sign is present", () => {
    expect(referralConcerns(none)).toEqual([]);
  });

  it.each<[keyof ScreeningAnswers, string]>([
    ["sleepOrAppetiteChanged", "depression"],
    ["largeUnexplainedWeightChange", "eating_disorder"],
    ["exercisesBeyondCapacity", "eating_disorder"],
    ["uncharacteristicOutbursts", "substance_misuse"],
    ["panicOrBreathlessness", "anxiety"],
    ["doctorAdvisedAgainstExercise", "exercise_contraindication"],
    ["chestPainOrDizzinessOnExertion", "exercise_contraindication"],
    ["recentInjuryOrSurgery", "exercise_contraindication"],
  ])("%s alone raises %s", (sign, concern) => {
    expect(referralConcerns({ ...none, [sign]: true })).toEqual([concern]);
  });

  it("deduplicates concerns raised by several signs", () => {
    expect(
      referralConcerns({
        ...none,
        largeUnexplainedWeightChange: true,
        exercisesBeyondCapacity: true,
        doctorAdvisedAgainstExercise: true,
        chestPainOrDizzinessOnExertion: true,
        recentInjuryOrSurgery: true,
      }),
    ).toEqual(["eating_disorder", "exercise_contraindication"]);
  });

  it("lists every concern in a stable order when all signs are present", () => {
    const all = Object.fromEntries(Object.keys(none).map((k) => [k, true])) as unknown as ScreeningAnswers;
    expect(referralConcerns(all)).toEqual(["depression", "eating_disorder", "substance_misuse", "anxiety", "exercise_contraindication"]);
  });
});
