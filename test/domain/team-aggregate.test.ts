import { describe, expect, it } from "vitest";
import { aggregateTeamAnswers, isCompleteAnswer, MIN_FOR_AVERAGES, type TeamAnswerFacts } from "../../src/domain/team-aggregate.js";

let n = 0;
const answer = (achievement: number | null, mood: number | null, extra: Partial<TeamAnswerFacts> = {}): TeamAnswerFacts => {
  const id = `m${++n}`;
  return { memberId: id, platformUserId: `u-${id}`, name: `Member ${id}`, achievement, mood, note: null, shareWithTeam: false, ...extra };
};

describe("aggregateTeamAnswers", () => {
  it("shows nothing but a zero count when nobody answered", () => {
    expect(aggregateTeamAnswers([])).toEqual({ answered: 0, averages: null, shared: [] });
  });

  it("below three answers: the count only, never averages, not even shared answers", () => {
    expect(MIN_FOR_AVERAGES).toBe(3);
    const two = [answer(80, 7, { shareWithTeam: true, note: "good week" }), answer(40, 3)];
    expect(aggregateTeamAnswers(two)).toEqual({ answered: 2, averages: null, shared: [] });
    expect(aggregateTeamAnswers(two.slice(0, 1))).toEqual({ answered: 1, averages: null, shared: [] });
  });

  it("from three answers: averages (achievement whole %, mood to one decimal)", () => {
    const result = aggregateTeamAnswers([answer(80, 7), answer(55, 6), answer(60, 6)]);
    expect(result).toEqual({ answered: 3, averages: { achievement: 65, mood: 6.3 }, shared: [] });
  });

  it("shows individual answers only of members who chose to share", () => {
    const sharer = answer(90, 8, { shareWithTeam: true, note: "  ran   twice\nthis week " });
    const result = aggregateTeamAnswers([answer(10, 2, { note: "private worries" }), sharer, answer(50, 5)]);
    expect(result.shared).toEqual([{ platformUserId: sharer.platformUserId, name: sharer.name, achievement: 90, mood: 8, note: "ran twice this week" }]);
    expect(JSON.stringify(result)).not.toContain("private worries");
  });

  it("counts a draft (a number missing) as not answered", () => {
    const drafts = [answer(null, 5), answer(70, null), answer(null, null, { shareWithTeam: true })];
    expect(aggregateTeamAnswers([...drafts, answer(60, 6), answer(40, 4)])).toEqual({ answered: 2, averages: null, shared: [] });
    expect(isCompleteAnswer({ achievement: 0, mood: 0 })).toBe(true);
    expect(isCompleteAnswer({ achievement: 0, mood: null })).toBe(false);
  });

  it("keeps one answer per member, the last given", () => {
    const first = answer(20, 2);
    const again = { ...first, achievement: 100, mood: 10, shareWithTeam: true };
    const result = aggregateTeamAnswers([first, answer(50, 5), answer(50, 5), again]);
    expect(result.answered).toBe(3);
    expect(result.averages).toEqual({ achievement: 67, mood: 6.7 });
    expect(result.shared).toHaveLength(1);
  });

  it("ignores numbers out of range rather than skewing the averages", () => {
    expect(aggregateTeamAnswers([answer(150, 5), answer(50, 11), answer(50, 5)]).answered).toBe(1);
  });

  it("honours another threshold", () => {
    expect(aggregateTeamAnswers([answer(40, 4), answer(60, 6)], 2).averages).toEqual({ achievement: 50, mood: 5 });
  });
});
