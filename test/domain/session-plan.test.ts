import { describe, expect, it } from "vitest";
import { nextPhase, SESSION_PHASES, type SessionPhase, sessionTimeBudget } from "../../src/domain/session-plan.js";

const total = (b: Record<SessionPhase, number>) => Object.values(b).reduce((s, m) => s + m, 0);

describe("sessionTimeBudget", () => {
  it("splits a 30-minute session 2/6/2/12/6/2", () => {
    expect(sessionTimeBudget(30)).toEqual({
      opening: 2,
      weekly_goal_review: 6,
      three_month_goal_review: 2,
      generative_moment: 12,
      goal_setting: 6,
      close: 2,
    });
  });

  it("gives every extra minute of a 45-minute session to the generative moment", () => {
    expect(sessionTimeBudget(45)).toEqual({
      opening: 2,
      weekly_goal_review: 6,
      three_month_goal_review: 2,
      generative_moment: 27,
      goal_setting: 6,
      close: 2,
    });
  });

  it("gives every extra minute of a 60-minute session to the generative moment", () => {
    expect(sessionTimeBudget(60)).toEqual({
      opening: 2,
      weekly_goal_review: 6,
      three_month_goal_review: 2,
      generative_moment: 42,
      goal_setting: 6,
      close: 2,
    });
  });

  it("scales a 20-minute session down proportionally", () => {
    // Raw shares: 1.4, 4, 1.4, 8, 4, 1.2 -> the spare minute goes to the earlier 0.4 remainder.
    expect(sessionTimeBudget(20)).toEqual({
      opening: 2,
      weekly_goal_review: 4,
      three_month_goal_review: 1,
      generative_moment: 8,
      goal_setting: 4,
      close: 1,
    });
  });

  it("keeps at least one minute per phase in very short sessions", () => {
    const b = sessionTimeBudget(6);
    expect(Object.values(b).every((m) => m === 1)).toBe(true);
    const b10 = sessionTimeBudget(10);
    expect(Math.min(...Object.values(b10))).toBeGreaterThanOrEqual(1);
  });

  it("moves the three-month review minutes to the generative moment when it is skipped", () => {
    expect(sessionTimeBudget(30, { includeThreeMonthReview: false })).toEqual({
      opening: 2,
      weekly_goal_review: 6,
      three_month_goal_review: 0,
      generative_moment: 14,
      goal_setting: 6,
      close: 2,
    });
    expect(sessionTimeBudget(60, { includeThreeMonthReview: false }).generative_moment).toBe(44);
    expect(sessionTimeBudget(20, { includeThreeMonthReview: false }).generative_moment).toBe(9);
  });

  it("includes the three-month review by default", () => {
    expect(sessionTimeBudget(30, {})).toEqual(sessionTimeBudget(30, { includeThreeMonthReview: true }));
  });

  it("always totals exactly the session length", () => {
    for (let length = 6; length <= 120; length++) {
      for (const includeThreeMonthReview of [true, false]) {
        const b = sessionTimeBudget(length, { includeThreeMonthReview });
        expect(total(b)).toBe(length);
        expect(Object.values(b).every((m) => Number.isInteger(m) && m >= 0)).toBe(true);
      }
    }
  });

  it("never shrinks a non-generative phase below its 30-minute budget in longer sessions", () => {
    const base = sessionTimeBudget(30);
    for (const length of [31, 45, 50, 90]) {
      const b = sessionTimeBudget(length);
      for (const phase of SESSION_PHASES) {
        if (phase !== "generative_moment") expect(b[phase]).toBe(base[phase]);
      }
    }
  });

  it("rejects lengths that cannot give each phase a whole minute", () => {
    expect(() => sessionTimeBudget(5)).toThrow(RangeError);
    expect(() => sessionTimeBudget(0)).toThrow(RangeError);
    expect(() => sessionTimeBudget(30.5)).toThrow(RangeError);
    expect(() => sessionTimeBudget(Number.NaN)).toThrow(RangeError);
  });
});

describe("nextPhase", () => {
  it("walks the phases in order", () => {
    expect(nextPhase("opening")).toBe("weekly_goal_review");
    expect(nextPhase("weekly_goal_review")).toBe("three_month_goal_review");
    expect(nextPhase("three_month_goal_review")).toBe("generative_moment");
    expect(nextPhase("generative_moment")).toBe("goal_setting");
    expect(nextPhase("goal_setting")).toBe("close");
  });

  it("returns null after the close", () => {
    expect(nextPhase("close")).toBeNull();
  });
});
