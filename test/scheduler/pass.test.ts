// The scheduler pass at chosen instants, on a real engine and database (PGlite).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_SCHEDULER_SETTINGS, runSchedulerPass } from "../../src/scheduler/pass.js";
import { catalog, createHarness, type Harness, silent } from "../support/harness.js";
import { scheduledClient, schedulerDeps } from "../support/scheduler.js";
import { checkinAnswers } from "../support/scripts.js";

let h: Harness;
const tick = (at: string) => {
  h.clock.set(at);
  return runSchedulerPass(schedulerDeps({ prisma: h.db.prisma, engine: h.engine, sender: h.sender, catalog, clock: h.clock, log: silent }), new Date(at));
};
const textsTo = (user: string) => h.delivered.filter((m) => m.recipient === user).flatMap((m) => m.prompts.map((p) => p.text));
/** Messages that open a check-in (a reminder repeats the open question after its nudge). */
const checkinsTo = (user: string) => h.delivered.filter((m) => m.recipient === user && /How are you doing right now/.test(m.prompts[0]!.text)).length;
const remindersTo = (user: string) => textsTo(user).filter((t) => /gentle nudge/.test(t)).length;

const client = (user: string, schedule?: Parameters<typeof scheduledClient>[2]) => scheduledClient(h, user, schedule);

beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.db.close();
});

describe("weekly check-ins", () => {
  it("sends the check-in at the client's slot, once, however often the pass runs", async () => {
    await client("ana");
    await tick("2026-11-30T08:59:00Z");
    expect(checkinsTo("ana")).toBe(0);
    const first = await tick("2026-11-30T09:00:00Z");
    expect(first.done).toBe(1);
    await tick("2026-11-30T09:00:00Z");
    await tick("2026-11-30T09:05:00Z");
    expect(checkinsTo("ana")).toBe(1);
    const next = await h.db.prisma.scheduledJob.findFirst({ where: { kind: "checkin", status: "pending" } });
    expect(next?.dueAt.toISOString()).toBe("2026-12-07T09:00:00.000Z");
  });

  it("sends the check-in to a client who left goal setting half-finished, setting that aside kindly", async () => {
    await client("ana");
    await h.say("ana", "/newgoal");
    await h.say("ana", "walk 20 minutes on Monday, Wednesday and Friday this week");
    const before = h.delivered.length;
    await tick("2026-11-30T09:00:00Z");
    const texts = h.delivered.slice(before).flatMap((m) => m.prompts.map((p) => p.text));
    expect(texts[0]).toMatch(
      /^Your goal setting from 6 days ago is still unfinished, Sam, so I've set it aside \(what you answered is saved\)\. Let's do your weekly check-in now\.$/,
    );
    expect(texts[1]).toMatch(/How are you doing/);
    const job = await h.db.prisma.scheduledJob.findFirstOrThrow({ where: { kind: "checkin", status: "done" } });
    expect(job.detail).toBe("sent");
    // The goal setting kept its answer and counts as neither done nor a check-in.
    const setAside = await h.db.prisma.conversation.findMany({ where: { status: "set_aside" }, include: { answers: true } });
    expect(setAside).toEqual([expect.objectContaining({ script: "goal_setting", answers: [expect.objectContaining({ questionKey: "plan_step" })] })]);
  });

  it("reminds once after the delay when unanswered, and never a second time", async () => {
    await client("ana");
    await tick("2026-11-30T09:00:00Z");
    await tick("2026-12-01T08:59:00Z");
    expect(remindersTo("ana")).toBe(0);
    await tick("2026-12-01T09:00:00Z");
    await tick("2026-12-01T12:00:00Z");
    await tick("2026-12-02T09:00:00Z");
    expect(remindersTo("ana")).toBe(1);
  });

  it("does not remind a client who already answered", async () => {
    await client("ana");
    await tick("2026-11-30T09:00:00Z");
    for (const a of checkinAnswers(70)) await h.say("ana", a);
    await tick("2026-12-01T09:00:00Z");
    expect(remindersTo("ana")).toBe(0);
  });

  it("records a check-in already answered on the client's own the evening before instead of asking it again", async () => {
    await client("ana");
    h.clock.set("2026-11-29T19:00:00Z");
    await h.say("ana", "/checkin");
    for (const answer of checkinAnswers(70)) await h.say("ana", answer);
    const before = h.delivered.length;
    const report = await tick("2026-11-30T09:00:00Z");
    expect(report.skipped).toBe(1);
    expect(h.delivered.slice(before)).toEqual([]);
    const job = await h.db.prisma.scheduledJob.findFirstOrThrow({ where: { kind: "checkin", status: "skipped" } });
    expect(job.detail).toBe("answered already: the client checked in on their own (Sun 29 Nov, 19:00)");
    // Next week's is planned, and no reminder for this one.
    expect(
      (await h.db.prisma.scheduledJob.findMany({ where: { kind: { in: ["checkin", "checkin_reminder"] }, status: "pending" } })).map((j) => j.kind),
    ).toEqual(["checkin"]);
  });

  it("keeps the local time across daylight-saving changes in two time zones", async () => {
    await client("ny", { timezone: "America/New_York", checkinWeekday: 1, checkinTime: "09:00" });
    await client("berlin", { timezone: "Europe/Berlin", checkinWeekday: 1, checkinTime: "09:00" });
    // New York leaves daylight time on 1 Nov; Berlin left on 25 Oct. 30 Nov: 09:00 is 14:00Z / 08:00Z.
    await tick("2026-11-30T08:00:00Z");
    expect([checkinsTo("ny"), checkinsTo("berlin")]).toEqual([0, 1]);
    await tick("2026-11-30T14:00:00Z");
    expect(checkinsTo("ny")).toBe(1);
    const nyNext = await h.db.prisma.scheduledJob.findFirstOrThrow({
      where: { kind: "checkin", status: "pending", clientId: (await h.db.prisma.client.findFirstOrThrow({ where: { platformUserId: "ny" } })).id },
    });
    expect(nyNext.dueAt.toISOString()).toBe("2026-12-07T14:00:00.000Z");
  });

  it("holds check-ins during quiet hours until they end", async () => {
    await client("ana", { checkinTime: "09:00", quietStart: "08:30", quietEnd: "10:15" });
    await tick("2026-11-30T09:00:00Z");
    expect(checkinsTo("ana")).toBe(0);
    await tick("2026-11-30T10:15:00Z");
    expect(checkinsTo("ana")).toBe(1);
  });

  it("moves a check-in that falls on a holiday to the next allowed day", async () => {
    const tenant = await client("ana");
    await h.db.prisma.holiday.create({ data: { tenantId: tenant.id, date: "2026-11-30" } });
    await tick("2026-11-30T09:00:00Z");
    expect(checkinsTo("ana")).toBe(0);
    await tick("2026-12-01T09:00:00Z");
    expect(checkinsTo("ana")).toBe(1);
  });

  it("sends nothing while paused, then resumes by itself after the pause date", async () => {
    await client("ana");
    await h.say("ana", "/pause 2026-12-10");
    await tick("2026-11-30T09:00:00Z");
    await tick("2026-12-07T09:00:00Z");
    expect(checkinsTo("ana")).toBe(0);
    const skipped = await h.db.prisma.scheduledJob.findMany({ where: { kind: "checkin", status: "skipped" } });
    expect(skipped.map((j) => j.detail)).toEqual(["paused", "paused"]);
    await tick("2026-12-14T09:00:00Z");
    expect(textsTo("ana").join("\n")).toMatch(/Check-ins are on again/);
    expect(checkinsTo("ana")).toBe(1);
  });

  it("a pause covers its whole last day in the client's own time zone, and ends as their next day starts", async () => {
    // Monday 09:00 in Los Angeles is 17:00 UTC: the last day of the pause is a check-in day.
    await client("ana", { timezone: "America/Los_Angeles" });
    await h.say("ana", "/pause 2026-12-07");
    const row = await h.db.prisma.client.findFirstOrThrow({ where: { platformUserId: "ana" } });
    expect(row.pausedUntil?.toISOString()).toBe("2026-12-08T08:00:00.000Z");
    await tick("2026-11-30T17:00:00Z");
    await tick("2026-12-07T17:00:00Z");
    expect(checkinsTo("ana")).toBe(0);
    await tick("2026-12-14T17:00:00Z");
    expect(textsTo("ana").join("\n")).toMatch(/Check-ins are on again/);
    expect(checkinsTo("ana")).toBe(1);
  });

  it("after downtime, skips and records a check-in that is too late instead of sending a stale one", async () => {
    await client("ana");
    await tick("2026-12-02T22:00:00Z"); // 61 hours late
    expect(checkinsTo("ana")).toBe(0);
    const job = await h.db.prisma.scheduledJob.findFirstOrThrow({ where: { kind: "checkin", period: "2026-W49" } });
    expect(job).toMatchObject({ status: "skipped", detail: "too late after downtime" });
    await tick("2026-12-07T09:00:00Z");
    expect(checkinsTo("ana")).toBe(1);
  });

  it("records a missed week when last week's check-in was never answered", async () => {
    await client("ana");
    await tick("2026-11-30T09:00:00Z");
    await tick("2026-12-07T09:00:00Z");
    const snapshot = await h.db.prisma.actorSnapshot.findFirstOrThrow({ where: { client: { platformUserId: "ana" } } });
    const weeks = (snapshot.snapshot as { context: { weeks: { week: string; answered: boolean }[] } }).context.weeks;
    expect(weeks).toContainEqual(expect.objectContaining({ week: "2026-W49", answered: false }));
    expect(checkinsTo("ana")).toBe(2);
  });

  it("sends no check-ins after the program is closed", async () => {
    await client("ana");
    await h.db.prisma.client.updateMany({ data: { status: "closed" } });
    await tick("2026-11-30T09:00:00Z");
    expect(checkinsTo("ana")).toBe(0);
  });
});

describe("a pass over many clients at once", () => {
  it("decides each client as if alone, across batch boundaries: one check-in each, a resumed pause, a deleted client skipped", async () => {
    const smallBatches = (at: string) => {
      h.clock.set(at);
      const deps = schedulerDeps({ prisma: h.db.prisma, engine: h.engine, sender: h.sender, catalog, clock: h.clock, log: silent });
      return runSchedulerPass({ ...deps, settings: { ...DEFAULT_SCHEDULER_SETTINGS, batchSize: 2 } }, new Date(at));
    };
    for (const user of ["ana", "cy", "dee"]) await client(user);
    await h.say("cy", "/pause 2026-11-29");
    await h.db.prisma.client.deleteMany({ where: { platformUserId: "dee" } });
    const report = await smallBatches("2026-11-30T09:00:00Z");
    expect(report).toMatchObject({ claimed: 3, done: 2, skipped: 1, failed: 0 });
    for (const user of ["ana", "cy"]) expect(checkinsTo(user)).toBe(1);
    expect(textsTo("cy").join("\n")).toMatch(/Check-ins are on again/);
    const jobs = await h.db.prisma.scheduledJob.findMany({ where: { kind: { in: ["checkin", "checkin_reminder"] } }, orderBy: { dedupeKey: "asc" } });
    const byStatus = (kind: string, status: string) => jobs.filter((j) => j.kind === kind && j.status === status);
    expect(byStatus("checkin", "done").map((j) => j.detail)).toEqual(["sent", "sent"]);
    expect(byStatus("checkin", "skipped").map((j) => j.detail)).toEqual(["client deleted"]);
    expect(byStatus("checkin", "pending").map((j) => j.dueAt.toISOString())).toEqual(Array(2).fill("2026-12-07T09:00:00.000Z"));
    expect(byStatus("checkin_reminder", "pending")).toHaveLength(2);
    await smallBatches("2026-12-01T09:00:00Z");
    for (const user of ["ana", "cy"]) expect(remindersTo(user)).toBe(1);
    // Three clients onboarded on PGlite: slower than one on a busy machine.
  }, 90_000);
});

describe("reviews and digests", () => {
  it("offers the monthly goal review when due, queued behind the open check-in and offered when it ends", async () => {
    await client("ana");
    await tick("2026-12-21T09:00:00Z"); // catches up: the 21 December check-in opens
    await tick("2026-12-22T09:00:00Z");
    expect(textsTo("ana").join("\n")).not.toMatch(/Looking back, what has been your best progress/);
    expect(textsTo("ana").join("\n")).toMatch(/Your goal review is due as well, Sam\. We'll do it as soon as we've finished this one\./);
    const queued = await h.db.prisma.scheduledJob.findFirstOrThrow({ where: { kind: "goal_review", period: { endsWith: "week-4" } } });
    expect(queued).toMatchObject({ status: "done", detail: "queued behind the open checkin" });
    const replies: string[] = [];
    for (const a of checkinAnswers(60)) replies.push(...(await h.say("ana", a)));
    expect(replies.join("\n")).toMatch(/Next, your goal review, which came due today:[\s\S]*Looking back, what has been your best progress/);
  });

  it("opens the program review at the three-month point", async () => {
    await client("ana");
    await h.db.prisma.scheduledJob.deleteMany({ where: { kind: { in: ["checkin", "goal_review"] } } });
    await tick("2027-02-23T09:00:00Z");
    expect(textsTo("ana").join("\n")).toMatch(/It's been about 3 months since we started/);
  });

  it("sends each coach a digest at their local time, planned for coaches as they appear", async () => {
    const tenant = await client("ana");
    await h.db.prisma.coach.create({
      data: { tenantId: tenant.id, platformUserId: "kim", name: "Kim", timezone: "Europe/London", digestCadence: "daily", digestTime: "08:00" },
    });
    await h.db.prisma.client.updateMany({ data: { coachId: (await h.db.prisma.coach.findFirstOrThrow()).id } });
    await tick("2026-11-24T10:00:00Z"); // plans the first digest
    await tick("2026-11-25T08:00:00Z");
    await tick("2026-11-25T08:30:00Z");
    const digests = h.delivered.filter((m) => m.recipient === "kim");
    expect(digests).toHaveLength(1);
    expect(digests[0]!.prompts[0]!.text).toMatch(/^Your coaching digest, Kim/);
  });
});
