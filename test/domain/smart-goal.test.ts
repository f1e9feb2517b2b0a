import { describe, expect, it } from "vitest";
import { checkSmartGoal, confidenceSuggestsSmallerGoal, isOneOffAction, type SmartPart } from "../../src/domain/smart-goal.js";

describe("checkSmartGoal", () => {
  const cases: Array<[string, SmartPart[]]> = [
    // Fully specified goals.
    ["Walk for 20 minutes every day this week", []],
    ["Swim 3 times a week for the next two weeks", []],
    ["Eat two servings of vegetables at lunch on weekdays this week", []],
    ["Meditate for ten minutes before breakfast by Friday", []],
    ["Yoga mon wed fri, 30 min, this week", []],
    ["Journal 3 pages after work on weekdays until the end of the month", []],
    ["Lift weights twice a week this month", []],
    ["Do 20 push-ups at 7am each weekday until Friday", []],
    ["Drink a glass of water when I wake up, every day for a month", []],
    ["Sleep 8 hours a night for the rest of the week", []],
    ["Walk half an hour after dinner on Mon, Wed and Fri for 2 weeks", []],
    ["Walk 3 times this week", []],
    // Partly specified goals.
    ["Walk more", ["how_much", "when", "by_when"]],
    ["Exercise more often", ["how_much", "when", "by_when"]],
    ["Go to the gym 3x/week", ["by_when"]],
    ["Drink 8 glasses of water daily", ["by_when"]],
    ["Stretch each morning", ["how_much", "by_when"]],
    ["Go to bed by 10pm every night", ["how_much", "by_when"]],
    ["Cycle 10 km", ["when", "by_when"]],
    ["10,000 steps every day", ["by_when"]],
    ["Run a 5k on Saturday", ["by_when"]],
    ["Cook dinner at home 4 nights a week", ["by_when"]],
    ["Take the stairs", ["how_much", "when", "by_when"]],
    ["Eat 2 portions of fruit before breakfast", ["by_when"]],
    ["run 5 days a week", ["by_when"]],
    ["practise guitar for 15 mins at 6 am", ["by_when"]],
    // No behavior named.
    ["Be healthier", ["what", "how_much", "when", "by_when"]],
    ["Lose weight", ["what", "how_much", "when", "by_when"]],
    ["Get healthier by the end of the month", ["what", "how_much", "when"]],
    ["every day before breakfast by Sunday", ["what", "how_much"]],
    ["", ["what", "how_much", "when", "by_when"]],
  ];

  it.each(cases)("%j is missing %j", (goal, missing) => {
    const result = checkSmartGoal(goal);
    expect(result.missing).toEqual(missing);
    expect(result.isSmart).toBe(missing.length === 0);
  });

  it("reports missing parts in a stable order", () => {
    expect(checkSmartGoal("feel better").missing).toEqual(["what", "how_much", "when", "by_when"]);
  });

  it("is case- and whitespace-insensitive", () => {
    expect(checkSmartGoal("  WALK   20 MINUTES\nEVERY DAY   THIS WEEK ").isSmart).toBe(true);
  });

  describe("what", () => {
    it.each(["jogging", "yoga", "vegetables", "water", "bed", "meditating", "breathe", "journal", "gym", "workout", "fruit", "lifting", "cook", "sleep"])(
      "recognises %j as an activity",
      (word) => {
        expect(checkSmartGoal(word).missing).not.toContain("what");
      },
    );

    it("does not read a meal or bed timing as the activity", () => {
      expect(checkSmartGoal("before breakfast").missing).toContain("what");
      expect(checkSmartGoal("after dinner").missing).toContain("what");
      expect(checkSmartGoal("before bed").missing).toContain("what");
      expect(checkSmartGoal("eat breakfast").missing).not.toContain("what");
    });
  });

  describe("how_much", () => {
    it.each([
      "walk 20 minutes",
      "walk 20-minute",
      "run 5 km",
      "walk 2 miles",
      "drink 2 litres of water",
      "read 10 pages",
      "do 3 sets of 10 reps",
      "eat 2 portions of fruit",
      "walk twenty five minutes",
      "walk an hour",
      "swim half an hour",
      "drink a glass of water",
      "yoga 1h",
      "eat 5 fruit and veg",
    ])("finds a quantity in %j", (goal) => {
      expect(checkSmartGoal(goal).missing).not.toContain("how_much");
    });

    it("does not treat a clock time as a quantity", () => {
      expect(checkSmartGoal("walk at 7am").missing).toContain("how_much");
      expect(checkSmartGoal("at 6 am walks").missing).toContain("how_much");
      expect(checkSmartGoal("at 7 then walk").missing).toContain("how_much");
    });

    it("does not treat a horizon as a duration", () => {
      expect(checkSmartGoal("walk for the next two weeks").missing).toContain("how_much");
      expect(checkSmartGoal("walk for 2 weeks").missing).toContain("how_much");
    });
  });

  describe("frequency counts satisfy both how_much and when", () => {
    it.each([
      "walk 3 times a week",
      "walk 3x/week",
      "walk 3x per week",
      "walk twice a day",
      "walk three times weekly",
      "walk 4 days per week",
      "walk once a week",
    ])("%j", (goal) => {
      const { missing } = checkSmartGoal(goal);
      expect(missing).not.toContain("how_much");
      expect(missing).not.toContain("when");
      expect(missing).toContain("by_when");
    });

    it("a bare count without a period is a quantity but not a timing", () => {
      const { missing } = checkSmartGoal("walk 3 times");
      expect(missing).not.toContain("how_much");
      expect(missing).toContain("when");
    });
  });

  describe("when", () => {
    it.each([
      "walk every day",
      "walk daily",
      "walk each morning",
      "walk on Mondays",
      "walk mon wed fri",
      "walk after work",
      "walk before breakfast",
      "walk at 7am",
      "walk on weekdays",
      "walk at 18:30",
      "walk in the evening",
      "walk every other day",
      "walk at lunchtime",
      "walk when I get home",
    ])("finds a timing in %j", (goal) => {
      expect(checkSmartGoal(goal).missing).not.toContain("when");
    });

    it("does not read a horizon day as a schedule", () => {
      const { missing } = checkSmartGoal("walk 20 minutes by Friday");
      expect(missing).toContain("when");
      expect(missing).not.toContain("by_when");
    });

    it("treats vague frequency words as missing", () => {
      expect(checkSmartGoal("walk regularly").missing).toContain("when");
      expect(checkSmartGoal("walk more often").missing).toContain("when");
    });
  });

  describe("by_when", () => {
    it.each([
      "walk this week",
      "walk by Friday",
      "walk by the end of the month",
      "walk for the next two weeks",
      "walk until Sunday",
      "walk by fri",
      "walk for 2 weeks",
      "walk within a month",
      "walk next week",
      "walk by June 30",
      "walk by the 15th",
      "walk over the coming week",
    ])("finds a horizon in %j", (goal) => {
      expect(checkSmartGoal(goal).missing).not.toContain("by_when");
    });

    it("does not read a bedtime as a horizon", () => {
      expect(checkSmartGoal("in bed by 10:30pm").missing).toContain("by_when");
    });

    it("does not read a weekly frequency as a horizon", () => {
      expect(checkSmartGoal("walk 3 days a week").missing).toContain("by_when");
      expect(checkSmartGoal("walk every week").missing).toContain("by_when");
    });
  });
});

describe("confidenceSuggestsSmallerGoal", () => {
  it("suggests a smaller goal below 7", () => {
    expect(confidenceSuggestsSmallerGoal(0)).toBe(true);
    expect(confidenceSuggestsSmallerGoal(6)).toBe(true);
    expect(confidenceSuggestsSmallerGoal(6.5)).toBe(true);
  });

  it("does not from 7 up", () => {
    expect(confidenceSuggestsSmallerGoal(7)).toBe(false);
    expect(confidenceSuggestsSmallerGoal(10)).toBe(false);
  });
});

describe("isOneOffAction", () => {
  it.each<[string, boolean]>([
    // One action, done once: the action itself is a one-time act.
    ["buy walking shoes on Saturday morning", true],
    ["Book a physio appointment", true],
    ["call the gym on Monday", true],
    ["phone the pool to arrange a swimming lesson", true],
    ["sign up for the beginners' swim class by Friday", true],
    ["register for the 5k fun run", true],
    ["I'll order a water bottle tomorrow", true],
    ["find a walking buddy", true],
    ["get my bike fixed this weekend", true],
    ["get a bike", true],
    ["download a meditation app", true],
    ["clear the junk food out of the cupboard this weekend", true],
    // A weekday alone does not make a one-off: the same day every week is a weekly habit.
    ["go for a walk on Sunday afternoon", false],
    ["walk 30 minutes on Saturday", false],
    ["walk on Saturday", false],
    ["go swimming on Saturday", false],
    ["go for a run on Sunday morning", false],
    ["go to the gym Tuesday", false],
    ["meal prep on Sunday", false],
    ["prepare lunches on Sunday", false],
    ["call my mum on Sunday", false],
    ["find time to stretch on Friday", false],
    ["get a walk in on Saturday", false],
    // Done each time a moment comes round: recurring.
    ["ask for help when stressed", false],
    ["buy fruit whenever I shop", false],
    // Something to repeat, or no way to tell: reviewed every week, as any goal.
    ["walk 20 minutes on Tuesday and Thursday mornings", false],
    ["walk 30 minutes every day this week", false],
    ["no screens after 22:00 on weeknights this week", false],
    ["drink water instead of soda", false],
    ["go to bed by 10pm", false],
    ["swim 3 times a week", false],
    ["call my sister on Sundays", false],
    ["start running on Monday", false],
    ["eat more vegetables", false],
  ])("reads %j as one action done once: %s", (text, oneOff) => {
    expect(isOneOffAction(text)).toBe(oneOff);
  });
});
