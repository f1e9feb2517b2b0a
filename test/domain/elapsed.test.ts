import { describe, expect, it } from "vitest";
import { programElapsed } from "../../src/domain/elapsed.js";

const start = new Date("2027-01-04T09:00:00Z");
const daysIn = (days: number) => new Date(start.getTime() + days * 86_400_000);

describe("programElapsed", () => {
  it.each([
    [0, { unit: "fewDays" }],
    [3, { unit: "fewDays" }],
    [4, { unit: "oneWeek" }],
    [10, { unit: "oneWeek" }],
    [11, { unit: "weeks", count: 2 }],
    [27, { unit: "weeks", count: 4 }],
    [35, { unit: "weeks", count: 5 }],
    [80, { unit: "weeks", count: 11 }],
    [81, { unit: "months", count: 3 }],
    [91, { unit: "months", count: 3 }],
    [182, { unit: "months", count: 6 }],
  ])("after %i days is %j", (days, expected) => {
    expect(programElapsed(start, daysIn(days))).toEqual(expected);
  });

  it("never says 'months' in week 5", () => {
    const units = Array.from({ length: 7 }, (_, i) => programElapsed(start, daysIn(28 + i)).unit);
    expect(units).toEqual(Array(7).fill("weeks"));
  });
});
