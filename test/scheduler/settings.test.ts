// Schedules people set themselves: a client moves their check-in (day, time, zone, quiet hours),
// a coach their digest; pending jobs move with them; bad input gets a kind reply and changes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localCoach } from "../../src/interactions/access.js";
import type { InteractionDeps } from "../../src/interactions/context.js";
import { consoleVoice, type Outcome, runTypedLine } from "../../src/interactions/index.js";
import { plainCodec } from "../../src/interactions/parse.js";
import { runSchedulerPass } from "../../src/scheduler/pass.js";
import { parseClientScheduleChange, parseDigestScheduleChange } from "../../src/scheduler/settings.js";
import { catalog, createHarness, type Harness, interactionDeps, onboard, silent } from "../support/harness.js";

let h: Harness;
let deps: InteractionDeps;
const tenant = { platform: "console" as const, externalId: "local", name: "Console" };
let counter = 0;
const access = () => localCoach(h.db.prisma, { platformUserId: "kim", name: "Kim" });

async function typed(actor: string, line: string): Promise<string> {
  const outcome: Outcome = await runTypedLine(
    deps,
    { eventId: `settings-${++counter}`, tenant, actor: { platformUserId: actor } },
    line,
    { voice: consoleVoice(), access: access() },
    plainCodec,
  );
  if (!("reply" in outcome)) throw new Error(`${line} went to the machine`);
  return outcome.reply.text ?? "";
}
const pending = (kind: string) => h.db.prisma.scheduledJob.findMany({ where: { kind, status: "pending" }, orderBy: { dueAt: "asc" } });

beforeAll(async () => {
  h = await createHarness();
  deps = interactionDeps(h);
  await onboard(h, "ana"); // Tue 24 Nov 2026; first check-in Monday 30 Nov 09:00 UTC
}, 120_000);
afterAll(async () => h?.db.close());

describe("a client's check-in schedule", () => {
  it("shows the schedule and how to change it", async () => {
    const reply = await typed("ana", "/checkins");
    expect(reply).toMatch(/^Your check-ins come on Mondays at 09:00 \(UTC\)\. No quiet hours set\. The next one: Mon 30 Nov, 09:00\./);
    expect(reply).toMatch(/\/checkins friday 18:00/);
  });

  it("moves the pending check-in to the new day and time, in the client's zone", async () => {
    expect(await typed("ana", "/checkins friday 18:30")).toMatch(/Fridays at 18:30 \(UTC\)\. .*The next one: Fri 27 Nov, 18:30\./);
    expect((await pending("checkin")).map((j) => j.dueAt.toISOString())).toEqual(["2026-11-27T18:30:00.000Z"]);
    expect(await typed("ana", "/checkins timezone Europe/Berlin")).toMatch(/Fridays at 18:30 \(Europe\/Berlin\)\. .*The next one: Fri 27 Nov, 18:30\./);
    expect((await pending("checkin")).map((j) => j.dueAt.toISOString())).toEqual(["2026-11-27T17:30:00.000Z"]);
    expect(await typed("ana", "/checkins quiet 22:00-07:00")).toMatch(/Quiet hours: 22:00-07:00/);
    const client = await h.db.prisma.client.findFirstOrThrow({ where: { platformUserId: "ana" } });
    expect(client).toMatchObject({ checkinWeekday: 5, checkinTime: "18:30", timezone: "Europe/Berlin", quietStart: "22:00", quietEnd: "07:00" });
    expect(await typed("ana", "/checkins quiet off")).toMatch(/No quiet hours set/);
  });

  it("never sends a week's check-in twice when the new slot is later the same week", async () => {
    h.clock.set("2026-11-27T17:30:00Z");
    await runSchedulerPass(
      {
        prisma: h.db.prisma,
        engine: h.engine,
        sender: h.sender,
        catalog,
        log: silent,
        sendDigest: async () => {},
        teams: { post: async () => "posted", remind: async () => {} },
      },
      h.clock.now(),
    );
    expect(await typed("ana", "/checkins sunday 10:00")).toMatch(/The next one: Sun 6 Dec, 10:00/);
  });

  it("answers what it cannot read kindly and changes nothing", async () => {
    const before = await pending("checkin");
    for (const bad of ["/checkins someday 18:00", "/checkins friday 25:00", "/checkins timezone Mars/Olympus", "/checkins quiet 22:00"]) {
      expect(await typed("ana", bad)).toMatch(/^I couldn't read ".*" as a day and time, a time zone or quiet hours, so nothing changed\./);
    }
    expect(await pending("checkin")).toEqual(before);
  });

  it("reads what people type", () => {
    expect(parseClientScheduleChange("Wed 7:05")).toEqual({ kind: "slot", weekday: 3, time: "07:05" });
    expect(parseClientScheduleChange("tz America/New_York")).toEqual({ kind: "timezone", timezone: "America/New_York" });
    expect(parseClientScheduleChange("quiet 21:30 - 06:45")).toEqual({ kind: "quiet", start: "21:30", end: "06:45" });
    expect(parseDigestScheduleChange("weekly fri 16:00 Europe/London")).toEqual({ cadence: "weekly", weekday: 5, time: "16:00", timezone: "Europe/London" });
    expect(parseDigestScheduleChange("hourly")).toBeNull();
  });
});

describe("a coach's digest schedule", () => {
  it("sets cadence, time and zone, and moves the pending digest", async () => {
    h.clock.set("2026-11-28T09:00:00Z");
    expect(await typed("kim", "/cadence")).toMatch(/^Your digest comes weekly on Mondays at 08:00 \(UTC\)\./);
    const coach = await h.db.prisma.coach.findFirstOrThrow({ where: { platformUserId: "kim" } });
    await h.db.prisma.scheduledJob.create({
      data: { kind: "digest", coachId: coach.id, period: "2026-11-30", dueAt: new Date("2026-11-30T08:00:00Z"), dedupeKey: `digest:${coach.id}:2026-11-30` },
    });
    expect(await typed("kim", "/cadence daily 07:15 America/New_York")).toMatch(
      /^Your digest comes daily at 07:15 \(America\/New_York\)\. The next one: Sat 28 Nov, 07:15\.$/,
    );
    expect((await pending("digest")).map((j) => j.dueAt.toISOString())).toEqual(["2026-11-28T12:15:00.000Z"]);
    expect(await typed("kim", "/cadence monthly")).toMatch(/^I couldn't read "monthly" as a digest schedule, so nothing changed\./);
    expect((await pending("digest")).map((j) => j.dueAt.toISOString())).toEqual(["2026-11-28T12:15:00.000Z"]);
  });
});
