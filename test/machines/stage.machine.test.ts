import { describe, expect, it } from "vitest";
import { isoWeek } from "../../src/domain/calendar.js";
import { DEFAULT_LAPSE_OPTIONS, DEFAULT_PROGRESS_OPTIONS, type WeekOutcome } from "../../src/domain/lapse.js";
import { STAGES, type Stage } from "../../src/domain/stages.js";
import { type DomainProgress, type StageEvent, stepStage } from "../../src/machines/stage.machine.js";

const rules = { lapse: DEFAULT_LAPSE_OPTIONS, progress: DEFAULT_PROGRESS_OPTIONS };
const DAY = 86_400_000;
const t0 = Date.parse("2027-01-04T09:00:00.000Z");
const day = (n: number) => new Date(t0 + n * DAY).toISOString();
const week = (n: number, percent: number | null, extra: Partial<WeekOutcome> = {}): WeekOutcome => ({
  week: isoWeek(new Date(day(7 * n))),
  answered: true,
  achievementPercent: percent,
  at: day(7 * n),
  ...extra,
});
const missed = (n: number): WeekOutcome => ({ week: isoWeek(new Date(day(7 * n))), answered: false, achievementPercent: null });
const at = (stage: Stage, extra: Partial<DomainProgress> = {}): DomainProgress => ({
  stage,
  since: day(0),
  criterionMetSince: null,
  step: null,
  countFrom: null,
  ...extra,
});

/** Feeds the weeks one check-in at a time, as the client machine does; returns the last step. */
function weeks(progress: DomainProgress, history: WeekOutcome[]) {
  let current = progress;
  let last = null;
  for (let i = 1; i <= history.length; i++) {
    const reviewed: StageEvent = { type: "WEEK_REVIEWED", at: history[i - 1]!.at ?? day(7 * i), history: history.slice(0, i) };
    last = stepStage(rules, current, reviewed);
    if (last) current = last.progress;
  }
  return { progress: current, last };
}

describe("stage graph: staging and re-staging", () => {
  it("places a new area in any stage, and keeps when the behavior started for action", () => {
    for (const stage of STAGES) expect(stepStage(rules, null, { type: "STAGED", stage, at: day(0) })?.to).toBe(stage);
    const action = stepStage(rules, null, { type: "STAGED", stage: "action", at: day(0), startedAt: day(-150) })!;
    expect(action.progress).toEqual({ stage: "action", since: day(0), criterionMetSince: day(-150), step: null, countFrom: null });
  });

  it("re-stages from any stage to any stage; staging an area already staged is no edge", () => {
    expect(stepStage(rules, at("precontemplation"), { type: "RESTAGED", stage: "preparation", at: day(3) })?.progress).toMatchObject({
      stage: "preparation",
      since: day(3),
    });
    expect(stepStage(rules, at("action", { criterionMetSince: day(-30) }), { type: "RESTAGED", stage: "contemplation", at: day(3) })?.progress).toMatchObject({
      stage: "contemplation",
      criterionMetSince: null,
    });
    expect(stepStage(rules, at("action"), { type: "STAGED", stage: "maintenance", at: day(3) })).toBeNull();
  });
});

describe("stage graph: forward on evidence", () => {
  it("moves contemplation to preparation on a first step or a start date, and nothing else does", () => {
    expect(stepStage(rules, at("contemplation"), { type: "FIRST_STEP", at: day(7) })?.progress).toMatchObject({ stage: "preparation", since: day(7) });
    expect(stepStage(rules, at("precontemplation"), { type: "FIRST_STEP", at: day(7) })).toBeNull();
    expect(weeks(at("contemplation"), [week(1, 100), week(2, 100), week(3, 100), week(4, 100)]).progress.stage).toBe("contemplation");
  });

  it("asks a preparation client to confirm after three weeks in a row meeting the criterion, not before", () => {
    const two = weeks(at("preparation"), [week(1, 100), week(2, 90)]);
    expect(two.progress).toMatchObject({ stage: "preparation", step: null });
    const three = weeks(at("preparation"), [week(1, 100), week(2, 90), week(3, 80)]);
    expect(three.last?.asks).toBe("confirming");
    expect(three.progress).toMatchObject({ stage: "preparation", step: "confirming", since: day(0) });
    // A missed check-in or a week under 80% breaks the run.
    expect(weeks(at("preparation"), [week(1, 100), missed(2), week(3, 100), week(4, 100)]).progress.step).toBeNull();
    expect(weeks(at("preparation"), [week(1, 100), week(2, 70), week(3, 100), week(4, 100)]).progress.step).toBeNull();
  });

  it("makes it action only on the client's yes, with the behavior started at the run's first week", () => {
    const asked = weeks(at("preparation"), [week(1, 100), week(2, 100), week(3, 100)]).progress;
    const yes = stepStage(rules, asked, { type: "ACTION_CONFIRMED", at: day(21), startedAt: day(0) })!;
    expect(yes.progress).toEqual({ stage: "action", since: day(21), criterionMetSince: day(0), step: null, countFrom: null });
    expect(stepStage(rules, at("preparation"), { type: "ACTION_CONFIRMED", at: day(21), startedAt: day(0) })).toBeNull();
  });

  it("after a not-yet, counts three fresh weeks before asking again", () => {
    const asked = weeks(at("preparation"), [week(1, 100), week(2, 100), week(3, 100)]).progress;
    const notYet = stepStage(rules, asked, { type: "ACTION_NOT_YET", at: day(21) })!;
    expect(notYet.progress).toMatchObject({ stage: "preparation", step: null, countFrom: isoWeek(new Date(day(21))) });
    const history = [week(1, 100), week(2, 100), week(3, 100)];
    let progress = notYet.progress;
    for (const n of [4, 5]) {
      history.push(week(n, 100));
      progress = stepStage(rules, progress, { type: "WEEK_REVIEWED", at: day(7 * n), history: [...history] })?.progress ?? progress;
      expect(progress.step).toBeNull();
    }
    history.push(week(6, 100));
    expect(stepStage(rules, progress, { type: "WEEK_REVIEWED", at: day(42), history })?.asks).toBe("confirming");
  });

  it("moves action to maintenance six months after the behavior started, not after staging", () => {
    // Regular for five months when staged: maintenance about a month later.
    const staged = stepStage(rules, null, { type: "STAGED", stage: "action", at: day(0), startedAt: "2026-08-04T09:00:00.000Z" })!.progress;
    const history = [1, 2, 3, 4].map((n) => week(n, 100));
    expect(weeks(staged, history).progress.stage).toBe("action");
    const fifth = weeks(staged, [...history, week(5, 100)]);
    expect(fifth.progress).toMatchObject({ stage: "maintenance", since: day(35), criterionMetSince: "2026-08-04T09:00:00.000Z" });
    // Staged today with the behavior started today: still action after five months.
    const fresh = stepStage(rules, null, { type: "STAGED", stage: "action", at: day(0) })!.progress;
    expect(stepStage(rules, fresh, { type: "WEEK_REVIEWED", at: day(150), history: [week(21, 100)] })).toBeNull();
  });
});

describe("stage graph: lapse and relapse", () => {
  it("keeps the stage and its since-date on a lapse, in every stage", () => {
    for (const stage of STAGES) {
      const step = stepStage(rules, at(stage, { since: day(-20) }), { type: "WEEK_REVIEWED", at: day(7), history: [week(1, 20)] })!;
      expect(step).toMatchObject({ lapse: true, moved: false, to: stage });
      expect(step.progress.since).toBe(day(-20));
    }
  });

  it("takes one 'I've stopped for now' week at 60% as no relapse: the action stage stays", () => {
    const { progress, last } = weeks(at("action", { criterionMetSince: day(-60) }), [week(1, 100), week(2, 60, { abandoned: true })]);
    expect(progress).toMatchObject({ stage: "action", step: null, criterionMetSince: day(-60) });
    expect(last?.lapse).toBe(true);
  });

  it("on a second report of stopping, asks when to restart; the answer moves it back, never below contemplation", () => {
    const stopped = weeks(at("action", { criterionMetSince: day(-60) }), [week(1, 10, { abandoned: true }), week(2, 0)]);
    expect(stopped.progress).toMatchObject({ stage: "action", step: "restarting" });
    const soon = stepStage(rules, stopped.progress, { type: "RESTART_ANSWERED", at: day(14), intention: "within_30_days" })!;
    expect(soon.progress).toEqual({ stage: "preparation", since: day(14), criterionMetSince: null, step: null, countFrom: null });
    const later = stepStage(rules, stopped.progress, { type: "RESTART_ANSWERED", at: day(14), intention: "not_within_6_months" })!;
    expect(later.to).toBe("contemplation");
    expect(stepStage(rules, at("action"), { type: "RESTART_ANSWERED", at: day(14), intention: "within_30_days" })).toBeNull();
  });

  it("lets a client who picked it up again before answering keep their stage", () => {
    const history = [week(1, 0), week(2, 0)];
    const restarting = weeks(at("maintenance", { criterionMetSince: day(-400) }), history).progress;
    expect(restarting.step).toBe("restarting");
    const back = stepStage(rules, restarting, { type: "WEEK_REVIEWED", at: day(21), history: [...history, week(3, 90)] })!;
    expect(back.progress).toMatchObject({ stage: "maintenance", step: null, criterionMetSince: day(-400) });
  });
});
