import { describe, expect, it } from "vitest";
import { isoWeek } from "../../src/domain/calendar.js";
import { isEarlyStage, stageFromReadiness } from "../../src/domain/stages.js";

describe("time-frame staging", () => {
  it("meets the criterion for 6 months or more: maintenance", () =>
    expect(stageFromReadiness({ meetsCriterion: true, monthsMeetingCriterion: "6_or_more" })).toBe("maintenance"));
  it("meets the criterion for less than 6 months: action", () =>
    expect(stageFromReadiness({ meetsCriterion: true, monthsMeetingCriterion: "under_6" })).toBe("action"));
  it("intends to start within 30 days: preparation", () =>
    expect(stageFromReadiness({ meetsCriterion: false, intention: "within_30_days" })).toBe("preparation"));
  it("intends to start within 6 months: contemplation", () =>
    expect(stageFromReadiness({ meetsCriterion: false, intention: "within_6_months" })).toBe("contemplation"));
  it("no intention within 6 months: precontemplation", () =>
    expect(stageFromReadiness({ meetsCriterion: false, intention: "not_within_6_months" })).toBe("precontemplation"));
  it("treats precontemplation and contemplation as early stages", () => {
    expect(isEarlyStage("contemplation")).toBe(true);
    expect(isEarlyStage("preparation")).toBe(false);
  });
});

describe("ISO weeks", () => {
  it.each([
    ["2026-11-24T09:00:00Z", "2026-W48"],
    ["2027-01-01T00:00:00Z", "2026-W53"],
    ["2024-12-30T12:00:00Z", "2025-W01"],
  ])("%s is in %s", (instant, week) => expect(isoWeek(new Date(instant))).toBe(week));
});
