import { describe, expect, it } from "vitest";
import {
  CHALLENGE_KINDS,
  type ChallengeKind,
  type ChallengeThresholds,
  type ClientProgress,
  DEFAULT_CHALLENGE_THRESHOLDS,
  detectChallenges,
  type ProgressWeek,
  type WeekGoal,
} from "../../src/domain/challenges.js";

let weekCounter = 0;

/** An answered week with one goal per entry; goal texts are distinct per week unless given. */
function week(goals: Array<Partial<WeekGoal>>, over: Partial<ProgressWeek> = {}): ProgressWeek {
  weekCounter += 1;
  const full = goals.map((g, i) => ({
    goalKey: `g${i}`,
    domain: "exercise",
    percent: 100,
    attempted: true,
    ...g,
  }));
  return {
    week: `2026-W${String(weekCounter).padStart(2, "0")}`,
    answered: true,
    goals: full,
    goalsSetCount: full.length,
    goalTexts: full.map((g) => `goal ${g.goalKey} week ${weekCounter}`),
    ...over,
  };
}

function missed(): ProgressWeek {
  weekCounter += 1;
  return { week: `2026-W${weekCounter}`, answered: false, goals: [], goalsSetCount: 0, goalTexts: [] };
}

/** A week whose single goal averaged `percent`. */
const pct = (percent: number | null, over: Partial<ProgressWeek> = {}) => week([{ percent }], over);

function progress(weeks: ProgressWeek[], over: Partial<ClientProgress> = {}): ClientProgress {
  return { programWeek: 3, weeks, threeMonthGoalsPercent: null, ...over };
}

const detect = (p: ClientProgress, t: Partial<ChallengeThresholds> = {}) => detectChallenges(p, { ...DEFAULT_CHALLENGE_THRESHOLDS, ...t });

const has = (p: ClientProgress, kind: ChallengeKind, t: Partial<ChallengeThresholds> = {}) => detect(p, t).includes(kind);

describe("detectChallenges", () => {
  it("uses the documented defaults", () => {
    expect(DEFAULT_CHALLENGE_THRESHOLDS).toEqual({
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
    });
  });

  it("finds nothing for a client doing well", () => {
    expect(detectChallenges(progress([pct(80), pct(90), pct(100)], { programWeek: 8, threeMonthGoalsPercent: 60 }))).toEqual([]);
  });

  it("finds nothing without any history", () => {
    expect(detectChallenges(progress([]))).toEqual([]);
  });

  it("reports several challenges in a stable order", () => {
    const p = progress([week([{ percent: 0, attempted: false }]), week([{ percent: 0, attempted: false }]), missed(), missed()], {
      programWeek: 6,
      threeMonthGoalsPercent: 10,
    });
    expect(detectChallenges(p)).toEqual(["over_ambitious", "missed_checkins", "not_attempting", "behind_at_halfway"]);
  });

  describe("over_ambitious", () => {
    it("flags low achievement for 2 answered weeks while keeping as many goals", () => {
      expect(has(progress([pct(30), pct(40)]), "over_ambitious")).toBe(true);
    });

    it("flags when more goals were set despite low achievement", () => {
      const p = progress([week([{ percent: 40 }]), week([{ percent: 20 }, { percent: 30 }])]);
      expect(has(p, "over_ambitious")).toBe(true);
    });

    it("skips unanswered weeks when looking at the last answered weeks", () => {
      expect(has(progress([pct(30), missed(), pct(40)]), "over_ambitious")).toBe(true);
    });

    it("does not flag when the client already cut back the number of goals", () => {
      const p = progress([week([{ percent: 30 }, { percent: 30 }]), week([{ percent: 40 }])]);
      expect(has(p, "over_ambitious")).toBe(false);
    });

    it("does not flag when one of the weeks reached the threshold", () => {
      expect(has(progress([pct(30), pct(50)]), "over_ambitious")).toBe(false);
    });

    it("does not flag with too few answered weeks", () => {
      expect(has(progress([pct(10)]), "over_ambitious")).toBe(false);
    });

    it("does not flag weeks without measured achievement", () => {
      expect(has(progress([pct(null), pct(null)]), "over_ambitious")).toBe(false);
    });

    it("follows the thresholds", () => {
      const p = progress([pct(55), pct(55)]);
      expect(has(p, "over_ambitious")).toBe(false);
      expect(has(p, "over_ambitious", { overAmbitiousPercent: 60 })).toBe(true);
      const short = progress([pct(90), pct(30)]);
      expect(has(short, "over_ambitious")).toBe(false);
      expect(has(short, "over_ambitious", { overAmbitiousWeeks: 1 })).toBe(true);
    });
  });

  describe("no_progress", () => {
    it("flags a flat trend below 70 over 3 answered weeks", () => {
      expect(has(progress([pct(50), pct(55), pct(58)]), "no_progress")).toBe(true);
    });

    it("flags a falling trend", () => {
      expect(has(progress([pct(65), pct(60), pct(50)]), "no_progress")).toBe(true);
    });

    it("does not flag a rise of at least 10 points", () => {
      expect(has(progress([pct(50), pct(45), pct(60)]), "no_progress")).toBe(false);
    });

    it("does not flag a flat trend that is already good", () => {
      expect(has(progress([pct(80), pct(80), pct(80)]), "no_progress")).toBe(false);
      expect(has(progress([pct(60), pct(72), pct(65)]), "no_progress")).toBe(false);
    });

    it("does not flag with too few answered weeks", () => {
      expect(has(progress([pct(50), missed(), pct(50)]), "no_progress")).toBe(false);
    });

    it("follows the thresholds", () => {
      const p = progress([pct(50), pct(55), pct(62)]);
      expect(has(p, "no_progress")).toBe(false);
      expect(has(p, "no_progress", { noProgressDeltaPercent: 15 })).toBe(true);
      const twoWeeks = progress([pct(90), pct(50), pct(52)]);
      expect(has(twoWeeks, "no_progress")).toBe(false);
      expect(has(twoWeeks, "no_progress", { noProgressWeeks: 2 })).toBe(true);
    });
  });

  describe("missed_checkins", () => {
    it("flags the last 2 weeks unanswered", () => {
      expect(has(progress([pct(80), missed(), missed()]), "missed_checkins")).toBe(true);
    });

    it("does not flag a single missed week or missed weeks that were followed by a check-in", () => {
      expect(has(progress([pct(80), missed()]), "missed_checkins")).toBe(false);
      expect(has(progress([missed(), missed(), pct(80)]), "missed_checkins")).toBe(false);
    });

    it("follows the threshold", () => {
      const p = progress([pct(80), missed(), missed()]);
      expect(has(p, "missed_checkins", { missedCheckinsInRow: 3 })).toBe(false);
      expect(has(progress([pct(80), missed()]), "missed_checkins", { missedCheckinsInRow: 1 })).toBe(true);
    });
  });

  describe("not_attempting", () => {
    const untried = () =>
      week([
        { percent: 0, attempted: false },
        { percent: 0, attempted: false },
      ]);

    it("flags 2 answered weeks where no goal was attempted", () => {
      expect(has(progress([untried(), missed(), untried()]), "not_attempting")).toBe(true);
    });

    it("does not flag when a goal was attempted in one of the weeks", () => {
      const tried = week([
        { percent: 0, attempted: false },
        { percent: 20, attempted: true },
      ]);
      expect(has(progress([untried(), tried]), "not_attempting")).toBe(false);
    });

    it("does not count weeks without goals", () => {
      expect(has(progress([untried(), week([])]), "not_attempting")).toBe(false);
    });

    it("follows the threshold", () => {
      const p = progress([pct(80), untried()]);
      expect(has(p, "not_attempting")).toBe(false);
      expect(has(p, "not_attempting", { notAttemptingWeeks: 1 })).toBe(true);
    });
  });

  describe("behind_at_halfway", () => {
    it("flags three-month goals below 50% from week 6", () => {
      expect(has(progress([], { programWeek: 6, threeMonthGoalsPercent: 40 }), "behind_at_halfway")).toBe(true);
      expect(has(progress([], { programWeek: 9, threeMonthGoalsPercent: 0 }), "behind_at_halfway")).toBe(true);
    });

    it("does not flag before halfway, on track, or without a measure", () => {
      expect(has(progress([], { programWeek: 5, threeMonthGoalsPercent: 10 }), "behind_at_halfway")).toBe(false);
      expect(has(progress([], { programWeek: 6, threeMonthGoalsPercent: 50 }), "behind_at_halfway")).toBe(false);
      expect(has(progress([], { programWeek: 8, threeMonthGoalsPercent: null }), "behind_at_halfway")).toBe(false);
    });

    it("follows the thresholds", () => {
      const p = progress([], { programWeek: 5, threeMonthGoalsPercent: 55 });
      expect(has(p, "behind_at_halfway")).toBe(false);
      expect(has(p, "behind_at_halfway", { halfwayWeek: 5, halfwayPercent: 60 })).toBe(true);
    });
  });

  describe("discouraged", () => {
    it("flags 2 domains averaging below 40% in the last answered week", () => {
      const w = week([
        { domain: "exercise", percent: 20 },
        { domain: "sleep", percent: 30 },
        { domain: "nutrition", percent: 90 },
      ]);
      expect(has(progress([w, missed()]), "discouraged")).toBe(true);
    });

    it("averages goals within a domain", () => {
      const w = week([
        { domain: "exercise", percent: 0 },
        { domain: "exercise", percent: 100 },
        { domain: "sleep", percent: 10 },
      ]);
      expect(has(progress([w]), "discouraged")).toBe(false);
    });

    it("needs distinct domains, not just several low goals", () => {
      const w = week([
        { domain: "exercise", percent: 10 },
        { domain: "exercise", percent: 20 },
      ]);
      expect(has(progress([w]), "discouraged")).toBe(false);
    });

    it("only looks at the last answered week", () => {
      const low = week([
        { domain: "exercise", percent: 10 },
        { domain: "sleep", percent: 10 },
      ]);
      const fine = week([
        { domain: "exercise", percent: 80 },
        { domain: "sleep", percent: 80 },
      ]);
      expect(has(progress([low, fine]), "discouraged")).toBe(false);
    });

    it("ignores goals without a measured percentage", () => {
      const w = week([
        { domain: "exercise", percent: 10 },
        { domain: "sleep", percent: null },
      ]);
      expect(has(progress([w]), "discouraged")).toBe(false);
    });

    it("follows the thresholds", () => {
      const w = week([
        { domain: "exercise", percent: 45 },
        { domain: "sleep", percent: 90 },
      ]);
      const p = progress([w]);
      expect(has(p, "discouraged")).toBe(false);
      expect(has(p, "discouraged", { discouragedAreas: 1, discouragedPercent: 50 })).toBe(true);
    });
  });

  describe("bored", () => {
    const same = (texts: string[]) => pct(90, { goalTexts: texts });

    it("flags the same goals for 6 answered weeks, ignoring case, spacing, order and missed weeks", () => {
      const weeks = [
        same(["Walk 20 minutes daily", "In bed by 11pm"]),
        same(["walk 20 minutes daily ", "in bed by 11pm"]),
        missed(),
        same(["IN BED BY 11PM", "Walk 20 minutes daily"]),
        same(["Walk  20 minutes daily", "In bed by 11pm"]),
        same(["Walk 20 minutes daily", "In bed by 11pm"]),
        same(["Walk 20 minutes daily", "In bed by 11pm"]),
      ];
      expect(has(progress(weeks), "bored")).toBe(true);
    });

    it("does not flag when a goal changed within the window", () => {
      const weeks = [1, 2, 3, 4, 5].map(() => same(["Walk 20 minutes daily"]));
      weeks.push(same(["Walk 30 minutes daily"]));
      expect(has(progress(weeks), "bored")).toBe(false);
      weeks.push(same(["Walk 20 minutes daily", "Stretch 5 minutes"]));
      expect(has(progress(weeks), "bored")).toBe(false);
    });

    it("does not flag fewer than 6 answered weeks or weeks without goals", () => {
      expect(has(progress([1, 2, 3, 4, 5].map(() => same(["Walk"]))), "bored")).toBe(false);
      expect(has(progress([1, 2, 3, 4, 5, 6].map(() => same([]))), "bored")).toBe(false);
    });

    it("follows the threshold", () => {
      const p = progress([1, 2, 3].map(() => same(["Walk"])));
      expect(has(p, "bored")).toBe(false);
      expect(has(p, "bored", { boredWeeks: 3 })).toBe(true);
    });
  });

  describe("disillusioned", () => {
    it("flags a strong start followed by two weeks far below it", () => {
      expect(has(progress([pct(90), pct(80), pct(50), pct(40)]), "disillusioned")).toBe(true);
    });

    it("does not flag one low week after a good start: that is a lapse", () => {
      expect(has(progress([pct(90), pct(80), pct(85), pct(40)]), "disillusioned")).toBe(false);
    });

    it("does not flag a modest start, a small drop, or too little history", () => {
      expect(has(progress([pct(60), pct(20), pct(20)]), "disillusioned")).toBe(false);
      expect(has(progress([pct(90), pct(70), pct(65)]), "disillusioned")).toBe(false);
      expect(has(progress([pct(30), pct(30)]), "disillusioned")).toBe(false);
    });

    it("ignores weeks without a measured goal and missed weeks when finding the latest weeks", () => {
      expect(has(progress([pct(100), missed(), pct(60), missed(), pct(50)]), "disillusioned")).toBe(true);
      expect(has(progress([pct(100), pct(null), pct(60)]), "disillusioned")).toBe(false);
    });

    it("follows the thresholds", () => {
      const p = progress([pct(80), pct(60), pct(60)]);
      expect(has(p, "disillusioned")).toBe(false);
      expect(has(p, "disillusioned", { disillusionedDropPercent: 20 })).toBe(true);
      expect(has(progress([pct(80), pct(40)]), "disillusioned", { disillusionedWeeks: 1 })).toBe(true);
    });
  });

  it("is one of the kinds the coach gets an approach for", () => {
    expect(CHALLENGE_KINDS).toContain("disillusioned");
  });
});
