import { describe, expect, it } from "vitest";
import {
  behaviorStartFromMonthsAgo,
  classifyWeek,
  criterionRun,
  DEFAULT_PROGRESS_OPTIONS,
  reachesMaintenance,
  relapseTargetStage,
  type WeekOutcome,
} from "../../src/domain/lapse.js";

const done = (week: string, achievementPercent: number | null = 100): WeekOutcome => ({ week, answered: true, achievementPercent });
const missed = (week: string): WeekOutcome => ({ week, answered: false, achievementPercent: null });

describe("classifyWeek", () => {
  it("is on_track for an empty history", () => {
    expect(classifyWeek([])).toBe("on_track");
  });

  it("is on_track when the last week was answered and good enough", () => {
    expect(classifyWeek([done("2026-W46", 20), done("2026-W47", 80)])).toBe("on_track");
    expect(classifyWeek([done("2026-W47", 50)])).toBe("on_track");
  });

  it("is on_track when answered without a measurable percentage", () => {
    expect(classifyWeek([done("2026-W47", null)])).toBe("on_track");
  });

  it("is a lapse when the last week was missed once", () => {
    expect(classifyWeek([done("2026-W46"), missed("2026-W47")])).toBe("lapse");
    expect(classifyWeek([missed("2026-W47")])).toBe("lapse");
  });

  it("is a lapse when the last week was low", () => {
    expect(classifyWeek([done("2026-W46"), done("2026-W47", 49)])).toBe("lapse");
  });

  it("is a lapse for a single zero week", () => {
    expect(classifyWeek([done("2026-W46", 90), done("2026-W47", 0)])).toBe("lapse");
  });

  it("takes one report of stopping as a lapse, never a relapse, even at 60% achieved", () => {
    const stopped = (week: string, achievementPercent: number | null): WeekOutcome => ({ week, answered: true, achievementPercent, abandoned: true });
    expect(classifyWeek([done("2026-W46"), stopped("2026-W47", 60)])).toBe("lapse");
    expect(classifyWeek([done("2026-W46"), stopped("2026-W47", 0)])).toBe("lapse");
    expect(classifyWeek([stopped("2026-W47", null)])).toBe("lapse");
  });

  it("is a relapse on the second report in a row that the behavior stopped (0%, or 'stopped' with little done)", () => {
    const stopped = (week: string, achievementPercent: number | null): WeekOutcome => ({ week, answered: true, achievementPercent, abandoned: true });
    expect(classifyWeek([done("2026-W46", 0), done("2026-W47", 0)])).toBe("relapse");
    expect(classifyWeek([stopped("2026-W46", 10), done("2026-W47", 0)])).toBe("relapse");
    expect(classifyWeek([stopped("2026-W46", null), stopped("2026-W47", 20)])).toBe("relapse");
    // "Stopped" at 60% is not a report that the behavior stopped.
    expect(classifyWeek([stopped("2026-W46", 60), stopped("2026-W47", 60)])).toBe("lapse");
  });

  it("lets missed check-ins between two reports neither count nor break the run", () => {
    expect(classifyWeek([done("2026-W45", 0), missed("2026-W46"), done("2026-W47", 0)])).toBe("relapse");
    expect(classifyWeek([done("2026-W45", 0), done("2026-W46", 70), done("2026-W47", 0)])).toBe("lapse");
  });

  it("never calls silence a relapse: missed check-ins alone are lapses", () => {
    expect(classifyWeek([done("2026-W45"), missed("2026-W46"), missed("2026-W47")])).toBe("lapse");
    expect(classifyWeek([done("2026-W46", 0), missed("2026-W47")])).toBe("lapse");
    expect(classifyWeek([{ week: "2026-W46", answered: true, achievementPercent: 10, abandoned: true }, missed("2026-W47")])).toBe("lapse");
  });

  it("needs as many reports as the coach's rules say, never fewer than two", () => {
    const history = [done("2026-W45", 0), done("2026-W46", 0)];
    expect(classifyWeek(history, { lowWeekPercent: 50, relapseReports: 3 })).toBe("lapse");
    expect(classifyWeek([...history, done("2026-W47", 0)], { lowWeekPercent: 50, relapseReports: 3 })).toBe("relapse");
    expect(classifyWeek([done("2026-W47", 0)], { lowWeekPercent: 50, relapseReports: 1 })).toBe("lapse");
  });

  it("looks back past on-track weeks no further", () => {
    expect(classifyWeek([missed("2026-W45"), missed("2026-W46"), done("2026-W47", 70)])).toBe("on_track");
    expect(classifyWeek([missed("2026-W45"), done("2026-W46", 70), missed("2026-W47")])).toBe("lapse");
  });

  it("a low (but non-zero) week before a missed one is a lapse, not a relapse", () => {
    expect(classifyWeek([done("2026-W46", 10), missed("2026-W47")])).toBe("lapse");
  });

  it("honours a custom low-week threshold", () => {
    const history = [done("2026-W46"), done("2026-W47", 60)];
    expect(classifyWeek(history)).toBe("on_track");
    expect(classifyWeek(history, { lowWeekPercent: 70, relapseReports: 2 })).toBe("lapse");
  });
});

describe("relapseTargetStage", () => {
  it("goes to preparation when the client intends to restart within 30 days", () => {
    expect(relapseTargetStage("within_30_days")).toBe("preparation");
  });

  it("never goes below contemplation", () => {
    expect(relapseTargetStage("within_6_months")).toBe("contemplation");
    expect(relapseTargetStage("not_within_6_months")).toBe("contemplation");
  });
});

describe("reachesMaintenance", () => {
  const d = (iso: string) => new Date(iso);

  it("is false when the criterion is not met", () => {
    expect(reachesMaintenance(null, d("2026-06-01T00:00:00Z"))).toBe(false);
  });

  it("is false before 6 calendar months", () => {
    expect(reachesMaintenance(d("2026-01-15T10:00:00Z"), d("2026-07-14T23:59:59Z"))).toBe(false);
    expect(reachesMaintenance(d("2026-01-15T10:00:00Z"), d("2026-03-01T00:00:00Z"))).toBe(false);
  });

  it("is true from the same calendar date 6 months later, whatever the time of day", () => {
    expect(reachesMaintenance(d("2026-01-15T10:00:00Z"), d("2026-07-15T00:00:00Z"))).toBe(true);
    expect(reachesMaintenance(d("2026-01-15T10:00:00Z"), d("2027-01-01T00:00:00Z"))).toBe(true);
  });

  it("crosses a year boundary", () => {
    expect(reachesMaintenance(d("2025-09-10T00:00:00Z"), d("2026-03-09T00:00:00Z"))).toBe(false);
    expect(reachesMaintenance(d("2025-09-10T00:00:00Z"), d("2026-03-10T00:00:00Z"))).toBe(true);
  });

  it("clamps to the end of a shorter month", () => {
    expect(reachesMaintenance(d("2025-08-31T00:00:00Z"), d("2026-02-27T00:00:00Z"))).toBe(false);
    expect(reachesMaintenance(d("2025-08-31T00:00:00Z"), d("2026-02-28T00:00:00Z"))).toBe(true);
    expect(reachesMaintenance(d("2027-08-31T00:00:00Z"), d("2028-02-29T00:00:00Z"))).toBe(true);
  });

  it("is false for invalid dates", () => {
    expect(reachesMaintenance(new Date(Number.NaN), d("2026-07-15T00:00:00Z"))).toBe(false);
  });
});

describe("criterionRun", () => {
  it("keeps the weeks in a row at or above the criterion, ending at the last one", () => {
    const history = [done("2026-W44", 100), done("2026-W45", 40), done("2026-W46", 80), done("2026-W47", 100)];
    expect(criterionRun(history, DEFAULT_PROGRESS_OPTIONS).map((w) => w.week)).toEqual(["2026-W46", "2026-W47"]);
    expect(criterionRun([...history, missed("2026-W48")], DEFAULT_PROGRESS_OPTIONS)).toEqual([]);
    expect(
      criterionRun(
        [done("2026-W47", 100)].map((w) => ({ ...w, abandoned: true })),
        DEFAULT_PROGRESS_OPTIONS,
      ),
    ).toEqual([]);
  });

  it("starts counting again after the week the client said not yet", () => {
    const history = [done("2026-W45"), done("2026-W46"), done("2026-W47")];
    expect(criterionRun(history, DEFAULT_PROGRESS_OPTIONS, "2026-W46").map((w) => w.week)).toEqual(["2026-W47"]);
  });
});

describe("behaviorStartFromMonthsAgo", () => {
  it("goes back whole calendar months, then the fraction in days", () => {
    const now = new Date("2027-01-10T09:00:00.000Z");
    expect(behaviorStartFromMonthsAgo(now, 5).toISOString()).toBe("2026-08-10T09:00:00.000Z");
    expect(behaviorStartFromMonthsAgo(now, 0.5).toISOString()).toBe("2026-12-26T03:43:12.000Z");
  });
});
