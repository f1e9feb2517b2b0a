// The journey file of `coach rehearse`: who does what, and how much time passes in between.
// The format is a contract (tests of other features are written as journeys): extend it, do not
// change it. Keys are snake_case so that later versions can add `client Sam:` style keys.
import { z } from "zod";
import { isValidTimezone } from "../domain/schedule.js";
import { readYamlFile } from "../flows/loader.js";

const MINUTE_MS = 60_000;
const UNIT_MS = { w: 7 * 1_440 * MINUTE_MS, d: 1_440 * MINUTE_MS, h: 60 * MINUTE_MS, m: MINUTE_MS } as const;
const DURATION = /^(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$/;

/** "1d12h" -> milliseconds; null when it is not a duration of at least one minute. */
export function parseDuration(text: string): number | null {
  const match = DURATION.exec(text.trim());
  if (!match || text.trim() === "") return null;
  const [, w = "0", d = "0", h = "0", m = "0"] = match;
  const ms = Number(w) * UNIT_MS.w + Number(d) * UNIT_MS.d + Number(h) * UNIT_MS.h + Number(m) * UNIT_MS.m;
  return ms > 0 ? ms : null;
}

const required = (what: string) => ({ error: (issue: { input: unknown }) => (issue.input === undefined ? "is required" : `must be ${what}`) });

const instant = z
  .string(required('an instant such as "2027-01-04T08:00:00Z"'))
  .refine((s) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(s) && !Number.isNaN(Date.parse(s)), {
    message: 'must be an instant with its offset, such as "2027-01-04T08:00:00Z"',
  })
  .transform((s) => new Date(s));

const timezone = z
  .string(required('a time zone such as "Europe/London"'))
  .refine(isValidTimezone, { message: 'must be a time zone such as "Europe/London" or "UTC"' });

// What a person types: YAML reads `client: 7` as a number and `client: true` as a boolean.
const typed = z
  .union([z.string(), z.number(), z.boolean()], { error: "must be the text typed, on one line" })
  .transform(String)
  .refine((s) => s.trim() !== "" && !s.includes("\n"), { message: "must be the text typed, on one line" });

const step = z
  .object({
    client: typed.optional(),
    coach: typed.refine((s) => /^\/coach(\s|$)/.test(s.trim()), { message: 'must be a coach command starting with "/coach"' }).optional(),
    wait: z
      .union([z.string(), z.number()])
      .transform(String)
      .refine((s) => parseDuration(s) !== null, { message: "must be a duration such as 30m, 2h, 1d12h or 1w (units: m, h, d, w)" })
      .optional(),
  })
  .strict()
  .refine((s) => Object.keys(s).length === 1, { message: "a step has exactly one of client:, coach: or wait:" });

export const journeySchema = z
  .object(
    {
      start: instant,
      timezone: timezone.default("UTC"),
      coach_timezone: timezone.optional(),
      checkin: z
        .object({
          weekday: z.number({ error: "must be a weekday number, 1 (Monday) to 7 (Sunday)" }).int().min(1).max(7),
          time: z.string({ error: 'must be a local time such as "09:00"' }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a local time such as "09:00"'),
        })
        .strict()
        .optional(),
      digest: z.enum(["daily", "weekly", "off"], { error: "must be daily, weekly or off" }).default("weekly"),
      steps: z.array(step, { error: "must be a list of steps" }).default([]),
    },
    { error: (issue) => (issue.code === "invalid_type" ? "must be a mapping with start: and steps: (see coach rehearse --help)" : undefined) },
  )
  .strict();

export type JourneyStep = { kind: "client"; text: string } | { kind: "coach"; text: string } | { kind: "wait"; ms: number; text: string };

export interface Journey {
  start: Date;
  timezone: string;
  coachTimezone: string;
  checkin?: { weekday: number; time: string };
  digest: "daily" | "weekly" | "off";
  steps: JourneyStep[];
}

/** Reads and checks a journey file; a problem is a FlowFileError naming file, line and field. */
export function readJourney(file: string): Journey {
  const parsed = readYamlFile(file, file, journeySchema);
  return {
    start: parsed.start,
    timezone: parsed.timezone,
    coachTimezone: parsed.coach_timezone ?? parsed.timezone,
    ...(parsed.checkin ? { checkin: parsed.checkin } : {}),
    digest: parsed.digest,
    steps: parsed.steps.map((s): JourneyStep => {
      if (s.client !== undefined) return { kind: "client", text: s.client };
      if (s.coach !== undefined) return { kind: "coach", text: s.coach.trim() };
      return { kind: "wait", ms: parseDuration(s.wait!)!, text: s.wait! };
    }),
  };
}
