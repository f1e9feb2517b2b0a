// Shapes of the files in flows/. Validated at start-up so a typo stops the bot with a clear line.
import { z } from "zod";
import { REFERRAL_CONCERNS } from "../domain/assessment.js";
import {
  DESK_KEYS,
  DIGEST_KEYS,
  ENROLMENT_KEYS,
  MESSAGE_KEYS,
  PREPARATION_KEYS,
  PROGRAM_MESSAGE_KEYS,
  PROGRAM_TEXT_KEYS,
  ROSTER_KEYS,
  SAFETY_TEXT_KEYS,
  SCRIPT_IDS,
  SESSION_MESSAGE_KEYS,
  STAGE_MESSAGE_KEYS,
  TEAM_POST_KEYS,
  TEAM_REPLY_KEYS,
} from "../domain/catalog.js";
import { CHALLENGE_KINDS } from "../domain/challenges.js";
import { FLAG_KINDS } from "../domain/flags.js";
import { SESSION_PHASES } from "../domain/session-plan.js";
import { SMART_PARTS } from "../domain/smart-goal.js";
import { STAGES } from "../domain/stages.js";

// Not trimmed: leading spaces in list-line templates are intended.
const nonEmpty = z.string().refine((s) => s.trim().length > 0, "must not be empty");
const key = z.string().regex(/^[a-z0-9_]+$/, "must be lower_snake_case");
/** One wording, or a list of variants picked per client and conversation. */
const wording = z.union([nonEmpty, z.array(nonEmpty).min(1, "needs at least one variant")]);

const monthRange = z.tuple([z.number().min(0), z.number().min(0)]).refine(([from, to]) => to > from, "the second number must be larger");
const optionMeaning = z
  .object({
    replies: z
      .array(z.enum(["yes", "no", "partly", "unsure", "decline", "cant", "wont", "not_now", "skip"]))
      .min(1)
      .optional(),
    months: monthRange.optional(),
    startsInMonths: monthRange.optional(),
  })
  .strict();
const choiceOption = z.object({ value: z.string().min(1), label: nonEmpty.max(75, "must be at most 75 characters"), means: optionMeaning.optional() }).strict();

export const stepInputSchema = z.union([
  z.literal("text").transform(() => ({ kind: "text" as const })),
  z.object({ kind: z.literal("text"), optional: z.boolean().optional(), reads: z.enum(["name", "time_ago"]).optional() }).strict(),
  z.object({ kind: z.literal("percent") }).strict(),
  z
    .object({
      kind: z.literal("scale"),
      min: z.number().int(),
      max: z.number().int(),
      minLabel: z.string().optional(),
      maxLabel: z.string().optional(),
    })
    .strict()
    .refine((s) => s.max > s.min, "max must be greater than min"),
  z.object({ kind: z.literal("choice"), options: z.array(choiceOption).min(2, "needs at least 2 options") }).strict(),
  z.object({ kind: z.literal("choice"), from: z.literal("domains") }).strict(),
]);

const stepCondition = z.union([
  z.string(),
  z.object({ below: z.number() }).strict(),
  z.object({ atLeast: z.number() }).strict(),
  z.object({ answered: z.literal(true) }).strict(),
  z.object({ not: z.array(z.string()).min(1) }).strict(),
]);

export const scriptFileSchema = z
  .object({
    id: key,
    steps: z
      .array(
        z
          .object({
            key,
            ask: wording,
            /** Said back after a non-empty answer, with the client's words as {answer}. */
            reflect: wording.optional(),
            input: stepInputSchema,
            when: z.record(z.string(), stepCondition).optional(),
            repeat: z.enum(["goals", "domains"]).optional(),
            check: z.literal("smart").optional(),
          })
          .strict(),
      )
      .min(1, "needs at least one step"),
  })
  .strict();

export const domainsFileSchema = z
  .object({
    domains: z.array(z.object({ key, label: nonEmpty, criterion: nonEmpty }).strict()).min(1, "needs at least one domain"),
  })
  .strict();

const perStage = z.object(Object.fromEntries(STAGES.map((s) => [s, nonEmpty])) as Record<(typeof STAGES)[number], typeof nonEmpty>).strict();

const textsFor = <const K extends readonly string[]>(keys: K) =>
  z.object(Object.fromEntries(keys.map((k) => [k, nonEmpty])) as { [P in K[number]]: typeof nonEmpty }).strict();

const wordingsFor = <const K extends readonly string[]>(keys: K) =>
  z.object(Object.fromEntries(keys.map((k) => [k, wording])) as { [P in K[number]]: typeof wording }).strict();

export const messagesFileSchema = wordingsFor(MESSAGE_KEYS)
  .extend({
    stageNames: perStage,
    stageIntro: perStage,
    stages: textsFor(STAGE_MESSAGE_KEYS),
    smartParts: textsFor(SMART_PARTS),
    status: z.object({ header: nonEmpty, domainLine: nonEmpty, empty: nonEmpty, paused: nonEmpty, pausedUntil: nonEmpty }).strict(),
    answerProblems: z
      .object({
        empty: nonEmpty,
        notAChoice: nonEmpty,
        outOfRange: nonEmpty,
        notAPercent: nonEmpty,
        notATime: nonEmpty,
        nameTooLong: nonEmpty,
        unsure: nonEmpty,
      })
      .strict(),
    confirm: z.object({ one: nonEmpty, which: nonEmpty, yes: nonEmpty, no: nonEmpty, neither: nonEmpty }).strict(),
    declined: textsFor(["skip", "not_now", "cant", "wont"] as const),
    program: textsFor(PROGRAM_MESSAGE_KEYS)
      .extend({ scripts: textsFor(SCRIPT_IDS) })
      .strict(),
    enrolment: textsFor(ENROLMENT_KEYS),
  })
  .strict();

const phraseList = z.array(nonEmpty).min(1, "needs at least one phrase");

const resourcesByLocale = z.record(z.string(), z.array(nonEmpty).min(1, "needs at least one resource")).refine((r) => "default" in r, 'needs a "default" list');

export const safetyFileSchema = z
  .object({
    crisis: z.object({ phrases: phraseList }).strict(),
    medical: z.object({ phrases: phraseList }).strict(),
    idioms: z.object({ phrases: phraseList }).strict(),
    negations: phraseList,
    responses: textsFor(SAFETY_TEXT_KEYS),
    resources: resourcesByLocale,
    emergencyResources: resourcesByLocale,
  })
  .strict()
  // Both lists are chosen by the same country: a locale with crisis lines and no emergency number
  // would send a medical emergency to the generic wording while a crisis names the country's.
  .superRefine((file, ctx) => {
    const crisis = Object.keys(file.resources);
    const medical = Object.keys(file.emergencyResources);
    for (const locale of crisis.filter((l) => !medical.includes(l)))
      ctx.addIssue({ code: "custom", path: ["emergencyResources"], message: `needs a "${locale}" list, as resources has one` });
    for (const locale of medical.filter((l) => !crisis.includes(l)))
      ctx.addIssue({ code: "custom", path: ["resources"], message: `needs a "${locale}" list, as emergencyResources has one` });
  });

const count = z.number().int().min(0);
const percent = z.number().min(0).max(100);

export const coachingFileSchema = z
  .object({
    limits: z.object({ weeklyGoals: z.number().int().min(1).max(5), threeMonthGoals: z.number().int().min(1).max(3) }).strict(),
    lapse: z.object({ lowWeekPercent: percent, relapseReports: z.number().int().min(2, "must be at least 2: one report of stopping is a lapse") }).strict(),
    progress: z.object({ criterionWeekPercent: percent, criterionWeeks: z.number().int().min(1) }).strict(),
    assessment: z.object({ highPriority: z.number().int().min(0).max(10), lowConfidence: z.number().int().min(0).max(10) }).strict(),
    challenges: z
      .object({
        overAmbitiousPercent: percent,
        overAmbitiousWeeks: count,
        noProgressWeeks: count,
        noProgressDeltaPercent: percent,
        missedCheckinsInRow: count,
        notAttemptingWeeks: count,
        halfwayWeek: count,
        halfwayPercent: percent,
        discouragedAreas: count,
        discouragedPercent: percent,
        boredWeeks: count,
        disillusionedPeakPercent: percent,
        disillusionedDropPercent: percent,
        disillusionedWeeks: count,
      })
      .strict(),
    challengeApproaches: textsFor([...CHALLENGE_KINDS, "assessment_gap_not_ready", "assessment_gap_low_confidence"] as const),
    referralSteps: textsFor(REFERRAL_CONCERNS),
  })
  .strict();

const phaseGuide = z.object({ label: nonEmpty, checklist: z.array(nonEmpty).min(1, "needs at least one item") }).strict();

export const sessionFileSchema = z
  .object({
    phases: z.object(Object.fromEntries(SESSION_PHASES.map((p) => [p, phaseGuide])) as Record<(typeof SESSION_PHASES)[number], typeof phaseGuide>).strict(),
    messages: textsFor(SESSION_MESSAGE_KEYS),
    preparation: textsFor(PREPARATION_KEYS),
    desk: textsFor(DESK_KEYS),
    roster: textsFor(ROSTER_KEYS),
  })
  .strict();

export const digestFileSchema = textsFor(DIGEST_KEYS).extend({
  flagKinds: textsFor(FLAG_KINDS),
  challengeKinds: textsFor(CHALLENGE_KINDS),
  referralConcerns: textsFor(REFERRAL_CONCERNS),
});

// The team form is shown as a Discord modal and a Slack modal: a label fits in 45 characters and
// a hint in 100 on both; an option's label in 75.
const teamQuestion = z
  .object({
    name: nonEmpty.max(30, "must be at most 30 characters"),
    label: nonEmpty.max(45, "must be at most 45 characters (a form label)"),
    hint: nonEmpty.max(100, "must be at most 100 characters (a form hint)").optional(),
    placeholder: nonEmpty.max(100, "must be at most 100 characters").optional(),
  })
  .strict();
const teamOption = nonEmpty.max(75, "must be at most 75 characters (an option)");

export const teamCheckinFileSchema = z
  .object({
    post: textsFor(TEAM_POST_KEYS),
    form: z
      .object({
        title: nonEmpty,
        achievement: teamQuestion,
        mood: teamQuestion,
        note: teamQuestion,
        share: teamQuestion.extend({ no: teamOption, yes: teamOption }).strict(),
      })
      .strict(),
    replies: textsFor(TEAM_REPLY_KEYS),
  })
  .strict();

export const programFileSchema = z
  .object({
    precontemplationIntro: textsFor(PROGRAM_TEXT_KEYS.precontemplationIntro),
    noGoal: textsFor(PROGRAM_TEXT_KEYS.noGoal),
    goals: textsFor(PROGRAM_TEXT_KEYS.goals),
    focus: textsFor(PROGRAM_TEXT_KEYS.focus),
    vision: textsFor(PROGRAM_TEXT_KEYS.vision),
    elapsed: textsFor(PROGRAM_TEXT_KEYS.elapsed),
  })
  .strict();
