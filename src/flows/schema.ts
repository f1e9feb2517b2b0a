// Shapes of the files in flows/. Validated at start-up so a typo stops the bot with a clear line.
import { z } from "zod";
import { STAGES } from "../domain/stages.js";

const nonEmpty = z.string().trim().min(1, "must not be empty");
const key = z.string().regex(/^[a-z0-9_]+$/, "must be lower_snake_case");

const choiceOption = z.object({ value: z.string().min(1), label: nonEmpty.max(75, "must be at most 75 characters") }).strict();

export const stepInputSchema = z.union([
  z.literal("text").transform(() => ({ kind: "text" as const })),
  z.object({ kind: z.literal("text"), optional: z.boolean().optional() }).strict(),
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

export const scriptFileSchema = z
  .object({
    id: key,
    steps: z
      .array(
        z
          .object({
            key,
            ask: nonEmpty,
            input: stepInputSchema,
            when: z.record(z.string(), z.string()).optional(),
          })
          .strict(),
      )
      .min(1, "needs at least one step"),
  })
  .strict();

export const domainsFileSchema = z
  .object({
    domains: z
      .array(z.object({ key, label: nonEmpty, criterion: nonEmpty }).strict())
      .min(1, "needs at least one domain"),
  })
  .strict();

const perStage = z.object(Object.fromEntries(STAGES.map((s) => [s, nonEmpty])) as Record<(typeof STAGES)[number], typeof nonEmpty>).strict();

export const messagesFileSchema = z
  .object({
    stageNames: perStage,
    stageIntro: perStage,
    welcomeBack: nonEmpty,
    help: nonEmpty,
    unknownCommand: nonEmpty,
    nothingOpen: nonEmpty,
    staleAnswer: nonEmpty,
    onboardingAlreadyDone: nonEmpty,
    checkinAlreadyOpen: nonEmpty,
    checkinDone: nonEmpty,
    status: z.object({ header: nonEmpty, domainLine: nonEmpty, empty: nonEmpty }).strict(),
    answerProblems: z
      .object({ empty: nonEmpty, notAChoice: nonEmpty, outOfRange: nonEmpty, notAPercent: nonEmpty })
      .strict(),
  })
  .strict();
