// Replies as clients type them, per kind of question, with the reading each must get.
// "ask" means the reply could mean several things and the bot must ask which (never guess);
// "confirm" means one reading, checked with the client before it is used.
import type { AnswerValue } from "../../../src/domain/prompt.js";

export type Expected =
  | AnswerValue
  | { ask: AnswerValue[] }
  | { confirm: AnswerValue }
  | { decline: "skip" | "not_now" | "cant" | "wont" }
  | { problem: "empty" | "not_a_choice" | "out_of_range" | "not_a_percent" | "unsure" };

/** Prompt kind -> the step it is asked at (script.step) and [reply, expected reading] pairs. */
export interface CorpusKind {
  step: string;
  /** A misread here would change a stage or a goal. */
  changesStageOrGoal: boolean;
  cases: Array<[string, Expected]>;
}

export const ANSWER_CORPUS: Record<string, CorpusKind> = {
  yes_no: {
    step: "assessment.doctor_advised",
    changesStageOrGoal: false,
    cases: [
      ["yes", "yes"], ["Yes", "yes"], ["y", "yes"], ["Y", "yes"], ["yeah", "yes"], ["yea", "yes"], ["yep", "yes"], ["yup", "yes"],
      ["sure", "yes"], ["of course", "yes"], ["definitely", "yes"], ["absolutely", "yes"], ["yes!", "yes"], ["Yeah.", "yes"],
      ["👍", "yes"], ["✅", "yes"], ["yes I have", "yes"], ["correct", "yes"], ["i do", "yes"],
      ["no", "no"], ["No", "no"], ["n", "no"], ["nope", "no"], ["nah", "no"], ["not really", "no"], ["never", "no"], ["no.", "no"],
      ["👎", "no"], ["❌", "no"], ["not at all", "no"], ["no i haven't", "no"], ["No, thank you", "no"], ["i don’t", "no"],
      ["1", "yes"], ["2", "no"], ["the first one", "yes"], ["second", "no"],
      ["sort of", { ask: ["yes", "no"] }], ["kind of", { ask: ["yes", "no"] }], ["a bit", { ask: ["yes", "no"] }], ["sometimes", { ask: ["yes", "no"] }],
      ["not sure", { problem: "unsure" }], ["I don't know", { problem: "unsure" }], ["no idea", { problem: "unsure" }], ["🤷", { problem: "unsure" }],
      ["3", { problem: "not_a_choice" }], ["purple", { problem: "not_a_choice" }], ["", { problem: "empty" }],
    ],
  },
  meets_criterion: {
    step: "onboarding.meets_criterion",
    changesStageOrGoal: true,
    cases: [
      ["yes", "yes"], ["yeah", "yes"], ["yep", "yes"], ["y", "yes"], ["👍", "yes"], ["I do", "yes"], ["Yes I do", "yes"],
      ["no", "no"], ["nope", "no"], ["not yet", "no"], ["Not yet", "no"], ["nah", "no"], ["not really", "no"], ["n", "no"],
      ["sort of", "no"], ["kinda", "no"], ["sometimes", "no"], ["now and then", "no"], ["on and off", "no"], ["a little", "no"],
      ["1", "yes"], ["2", "no"],
      ["not sure", { problem: "unsure" }], ["dunno", { problem: "unsure" }],
      ["maybe", { problem: "not_a_choice" }],
    ],
  },
  how_long: {
    step: "onboarding.months_meeting",
    changesStageOrGoal: true,
    cases: [
      ["2 months", "under_6"], ["2 years", "6_or_more"], ["since March", "6_or_more"], ["more than 6 months", "6_or_more"],
      ["3 weeks", "under_6"], ["a few weeks", "under_6"], ["about a month", "under_6"], ["a year", "6_or_more"], ["over a year", "6_or_more"],
      ["for 8 months now", "6_or_more"], ["18 months", "6_or_more"], ["a couple of months", "under_6"], ["two months", "under_6"],
      ["seven months", "6_or_more"], ["a year and a half", "6_or_more"], ["since 2024", "6_or_more"], ["since January 2025", "6_or_more"],
      ["since september", "under_6"], ["just started", "under_6"], ["recently", "under_6"], ["for years", "6_or_more"],
      ["ages", { problem: "not_a_choice" }], ["less than 6 months", "under_6"], ["6 months or more", "6_or_more"], ["Less than 6 months", "under_6"],
      ["less than six months", "under_6"], ["at least a year", "6_or_more"], ["nearly a year", "6_or_more"], ["5 months", "under_6"],
      ["about 6 months", { ask: ["under_6", "6_or_more"] }], ["around half a year", { ask: ["under_6", "6_or_more"] }],
      ["2", { ask: ["6_or_more", "under_6"] }], ["1", { ask: ["under_6", "6_or_more"] }], ["3", { ask: ["under_6", "6_or_more"] }],
      ["8", { ask: ["under_6", "6_or_more"] }], ["12", { ask: ["under_6", "6_or_more"] }], ["30", { ask: ["under_6", "6_or_more"] }], ["72", { ask: ["under_6", "6_or_more"] }], ["option 2", "6_or_more"], ["the first one", "under_6"],
      ["6 weeks", "under_6"], ["10 days", "under_6"], ["since last year", "6_or_more"], ["a few months", "under_6"],
      ["more than a year", "6_or_more"], ["since the summer", { problem: "not_a_choice" }], ["not sure", { problem: "unsure" }],
    ],
  },
  when_start: {
    step: "onboarding.intention",
    changesStageOrGoal: true,
    cases: [
      ["in a few months", "within_6_months"], ["in 3 months", "within_6_months"], ["next week", "within_30_days"], ["tomorrow", "within_30_days"],
      ["next month", { ask: ["within_30_days", "within_6_months"] }], ["in two weeks", "within_30_days"], ["soon", "within_30_days"], ["this week", "within_30_days"],
      ["not for a year", "not_within_6_months"], ["maybe next year", "not_within_6_months"], ["in 8 months", "not_within_6_months"],
      ["within 6 months", "within_6_months"], ["in six months", "within_6_months"], ["in 4 months", "within_6_months"],
      ["no", "not_within_6_months"], ["nope", "not_within_6_months"], ["not really", "not_within_6_months"],
      ["yes", { ask: ["within_30_days", "within_6_months"] }], ["yeah", { ask: ["within_30_days", "within_6_months"] }],
      ["3", { ask: ["not_within_6_months", "within_30_days", "within_6_months"] }], ["1", "within_30_days"],
      ["2", { ask: ["within_6_months", "within_30_days"] }],
      ["I don't want to", "not_within_6_months"], ["not now", "not_within_6_months"], ["I won't", "not_within_6_months"],
      ["Yes, in the next 30 days", "within_30_days"], ["sometime in the next 6 months", "within_6_months"], ["not in the next 6 months", "not_within_6_months"],
      ["the last one", "not_within_6_months"], ["second option", "within_6_months"], ["in a couple of weeks", "within_30_days"],
      ["not sure", { problem: "unsure" }], ["in a month or two", "within_30_days"],
    ],
  },
  behavior_status: {
    step: "checkin.behavior_status",
    changesStageOrGoal: true,
    cases: [
      ["kept it up", "kept_up"], ["I kept it up", "kept_up"], ["i stopped", "stopped"], ["stopped", "stopped"], ["I've stopped", "stopped"],
      ["slipped", "slipped"], ["slipped a bit", "slipped"], ["I slipped", "slipped"], ["keeping it up", "kept_up"], ["kept up", "kept_up"],
      ["yes", "kept_up"], ["yeah", "kept_up"], ["👍", "kept_up"], ["sort of", "slipped"], ["kinda", "slipped"], ["nope", "stopped"],
      ["1", "kept_up"], ["2", "slipped"], ["3", "stopped"], ["I've stopped for now", "stopped"], ["4", { problem: "not_a_choice" }],
      ["it was great", { problem: "not_a_choice" }], ["not sure", { problem: "unsure" }], ["stopped for now", "stopped"],
      ["quit", "stopped"], ["a bit", "slipped"],
    ],
  },
  next_goals: {
    step: "checkin.next_goals",
    changesStageOrGoal: true,
    cases: [
      ["new goal", "new_goal"], ["a new goal", "new_goal"], ["set a new goal", "new_goal"], ["adjust it", "new_goal"], ["adjusted goal", "new_goal"],
      ["keep", "keep"], ["keep them", "keep"], ["keep my goals", "keep"], ["same goals", "keep"], ["keep as they are", "keep"],
      ["1", "keep"], ["2", "new_goal"], ["not now", "keep"], ["skip", "keep"], ["the first", "keep"], ["new", "new_goal"],
      ["goals", { ask: ["keep", "new_goal"] }],
    ],
  },
  rating: {
    step: "onboarding.importance",
    changesStageOrGoal: false,
    cases: [
      ["7", 7], ["seven", 7], ["Seven", 7], ["7/10", 7], ["7 / 10", 7], ["7 out of 10", 7], ["about 7", 7], ["7ish", 7], ["a 7", 7], ["8!", 8],
      ["10", 10], ["ten", 10], ["0", 0], ["zero", 0], ["10/10", 10], ["solid 8", 8], ["probably a 6", 6], ["I'd say 5", 5], ["maybe 4", 4],
      ["7 or 8", { ask: [7, 8] }], ["6-7", { ask: [6, 7] }], ["7.5", { ask: [7, 8] }], ["between 5 and 6", { ask: [5, 6] }],
      ["11", { problem: "out_of_range" }], ["-1", { problem: "out_of_range" }], ["100", { problem: "out_of_range" }], ["very", { problem: "out_of_range" }],
      ["70%", { confirm: 7 }], ["3/5", { confirm: 6 }], ["extremely", 10], ["not at all", 0], ["not sure", { problem: "unsure" }],
      ["nine", 9], ["eight out of ten", 8], ["", { problem: "out_of_range" }], ["I can't", { decline: "cant" }], ["I don't want to", { decline: "wont" }],
      ["it's a 9", 9], ["2", 2], ["five", 5], ["6 I think", 6],
    ],
  },
  percent: {
    step: "checkin.domain_achievement",
    changesStageOrGoal: true,
    cases: [
      ["about 60%", 60], ["60%", 60], ["60", 60], ["60 percent", 60], ["sixty percent", 60], ["half", 50], ["about half", 50], ["7/10", 70],
      ["3 out of 5", 60], ["3 of 5 days", 60], ["2 out of 3", 67], ["all of it", 100], ["all", 100], ["100", 100], ["100%", 100], ["everything", 100],
      ["none", 0], ["nothing", 0], ["0", 0], ["zero", 0], ["not at all", 0], ["a quarter", 25], ["three quarters", 75], ["75%", 75],
      ["most of it", { confirm: 75 }], ["a little", { confirm: 25 }], ["5", { confirm: 5 }], ["3", { confirm: 3 }], ["10", { confirm: 10 }],
      ["50-60", { ask: [50, 60] }], ["70 or 80%", { ask: [70, 80] }], ["150", { problem: "not_a_percent" }], ["lots", { problem: "not_a_percent" }],
      ["not sure", { problem: "unsure" }], ["~80", 80], ["eighty", 80], ["about 40 percent", 40], ["90%!", 90], ["1/2", 50], ["4 of my 5 walks", 80],
      ["I can't say", { problem: "unsure" }], ["skip", { decline: "skip" }],
    ],
  },
  name: {
    step: "onboarding.name",
    changesStageOrGoal: false,
    cases: [
      ["Sam", "Sam"], ["sam", "Sam"], ["hey, I'm Sam", "Sam"], ["Hi, I'm Sam", "Sam"], ["hi i'm sam", "Sam"], ["Hello! My name is Sam Lee", "Sam Lee"],
      ["my name's Priya", "Priya"], ["Call me Jo", "Jo"], ["you can call me Alex", "Alex"], ["It's Maria", "Maria"], ["Tom here", "Tom"],
      ["I’m Zoë", "Zoë"], ["Hey there, I am Kwame.", "Kwame"], ["Good morning! I'm Ana", "Ana"], ["hello, sam here", "Sam"], ["Mary-Jane", "Mary-Jane"],
      ["Jean Paul", "Jean Paul"], ["hi", { problem: "empty" }], ["hey!", { problem: "empty" }], ["I'm Sam and I want to get fitter", "Sam"],
      ["Hi! I'm Sam, nice to meet you", "Sam"], ["Dr. Smith", "Dr. Smith"], ["I go by Bea", "Bea"], ["please call me Lou", "Lou"],
      ["I want to run a marathon someday", { confirm: "I want to run a marathon someday" }],
    ],
  },
  optional_text: {
    step: "onboarding.importance_reason",
    changesStageOrGoal: false,
    cases: [
      ["my kids", "my kids"], ["skip", ""], ["Skip", ""], ["pass", ""], ["-", ""], ["n/a", ""], ["", ""], ["not now", ""], ["I'd rather not", ""],
      ["I can't", ""], ["no comment", ""], ["I want more energy", "I want more energy"], ["none", ""],
    ],
  },
  required_text: {
    step: "goal_setting.plan_step",
    changesStageOrGoal: true,
    cases: [
      ["buy walking shoes on Saturday", "buy walking shoes on Saturday"], ["not now", { decline: "not_now" }], ["later", { decline: "not_now" }],
      ["skip", { decline: "skip" }], ["I can't", { decline: "cant" }], ["i cant", { decline: "cant" }], ["I can’t", { decline: "cant" }],
      ["I won't", { decline: "wont" }], ["I don't want to", { decline: "wont" }], ["I don't want to set a goal", { decline: "wont" }],
      ["I'd rather not", { decline: "wont" }], ["", { problem: "empty" }], ["walk after dinner on Monday", "walk after dinner on Monday"],
      ["I can't walk far, so 10 minutes round the block", "I can't walk far, so 10 minutes round the block"],
    ],
  },
  focus_area: {
    step: "onboarding.domain",
    changesStageOrGoal: true,
    cases: [
      ["exercise", "exercise"], ["Exercise", "exercise"], ["1", "exercise"], ["nutrition", "nutrition"], ["sleep", "sleep"], ["stress", "stress"],
      ["food", { problem: "not_a_choice" }], ["the first one", "exercise"], ["Sleep!", "sleep"], ["exercising", "exercise"], ["my sleep", "sleep"],
      ["stress management", "stress"],
    ],
  },
};
