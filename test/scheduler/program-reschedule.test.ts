// A client who moves their check-in (day, time, zone) takes their whole program with them: the
// goal reviews and the program review come at the new check-in time of day in the same program
// week, and the first weekly check-in still comes at least three days into the program.
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeLocal } from "../../src/domain/schedule.js";
import { localCoach } from "../../src/interactions/access.js";
import type { InteractionDeps } from "../../src/interactions/context.js";
import { consoleVoice, type Outcome, runTypedLine } from "../../src/interactions/index.js";
import { plainCodec } from "../../src/interactions/parse.js";
import { createHarness, type Harness, interactionDeps, onboard } from "../support/harness.js";

let h: Harness;
let deps: InteractionDeps;
let counter = 0;

async function typed(line: string): Promise<string> {
  const outcome: Outcome = await runTypedLine(
    deps,
    { eventId: `reschedule-${++counter}`, tenant: { platform: "console", externalId: "local", name: "Console" }, actor: { platformUserId: "bo" } },
    line,
    { voice: consoleVoice(), access: localCoach(h.db.prisma, { platformUserId: "kim", name: "Kim" }) },
    plainCodec,
  );
  if (!("reply" in outcome)) throw new Error(`${line} went to the machine`);
  return outcome.reply.text ?? "";
}

/** The pending jobs as they read in a zone: "checkin Tue 1 Dec, 22:00". */
async function pendingLocal(timezone: string): Promise<string[]> {
  const jobs = await h.db.prisma.scheduledJob.findMany({ where: { clientId: { not: null }, status: "pending" }, orderBy: { dueAt: "asc" } });
  return jobs.map((j) => `${j.kind} ${j.period.replace(/^.*\//, "")} ${describeLocal(j.dueAt, timezone)}`);
}

beforeAll(async () => {
  h = await createHarness();
  deps = interactionDeps(h);
  await onboard(h, "bo"); // Tue 24 Nov 2026, 09:00 UTC
}, 120_000);
afterAll(async () => h?.db.close());

it("a new slot on the day of onboarding: the first check-in stays three days in, the reviews move to the new time", async () => {
  h.clock.set("2026-11-24T10:00:00Z");
  expect(await typed("/checkins tuesday 22:00")).toMatch(/The next one: Tue 1 Dec, 22:00\./);
  expect(await pendingLocal("UTC")).toEqual([
    "checkin 2026-W49 Tue 1 Dec, 22:00",
    "goal_review week-4 Mon 21 Dec, 22:00",
    "goal_review week-6 Mon 4 Jan, 22:00",
    "goal_review week-8 Mon 18 Jan, 22:00",
    "program_review week-13 Mon 22 Feb, 22:00",
  ]);
});

it("a new time zone: the reviews come at the check-in time of day in the new zone, never at night", async () => {
  expect(await typed("/checkins timezone America/New_York")).toMatch(/Tuesdays at 22:00 \(America\/New_York\)\. .*The next one: Tue 1 Dec, 22:00\./);
  expect(await typed("/checkins friday 09:30")).toMatch(/The next one: Fri 27 Nov, 09:30\./);
  expect(await pendingLocal("America/New_York")).toEqual([
    "checkin 2026-W48 Fri 27 Nov, 09:30",
    // The program started at 04:00 New York time: the end of its 4th week comes on Monday morning.
    "goal_review week-4 Mon 21 Dec, 09:30",
    "goal_review week-6 Mon 4 Jan, 09:30",
    "goal_review week-8 Mon 18 Jan, 09:30",
    "program_review week-13 Mon 22 Feb, 09:30",
  ]);
});
