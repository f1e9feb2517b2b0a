// The coach's desk on a real engine and database: preparation view, and a full session.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CoachDesk } from "../../src/coach/desk.js";
import { gatherDigest, queueCoachDigest, renderDigest } from "../../src/coach/digest.js";
import { describeTrend } from "../../src/coach/preparation.js";
import { DEFAULT_SCHEDULER_SETTINGS, runSchedulerPass } from "../../src/scheduler/pass.js";
import { catalog, createHarness, type Harness, onboard, silent } from "../support/harness.js";
import { checkinAnswers } from "../support/scripts.js";

let h: Harness;
let desk: CoachDesk;
let clientId: string;
let n = 0;
const coach = (line: string) => desk.run({ eventId: `desk-${++n}`, clientId, words: line.split(" ") });
const coachInbox = () => h.delivered.filter((m) => m.recipient === "coach-1").flatMap((m) => m.prompts.map((p) => p.text));

beforeAll(async () => {
  h = await createHarness();
  const tenant = await h.db.prisma.tenant.create({ data: { platform: "console", externalId: "local", name: "Console" } });
  await h.db.prisma.coach.create({ data: { tenantId: tenant.id, platformUserId: "coach-1", name: "Kim" } });
  await onboard(h, "sam");
  // Under 80%: the one-off first step (buy walking shoes) stays on the list, not yet done.
  for (const [i, percent] of [30, 55, 75].entries()) {
    h.clock.set(`2026-12-0${1 + i}T09:00:00Z`);
    await h.say("sam", "/checkin");
    for (const a of checkinAnswers(percent)) await h.say("sam", a);
  }
  clientId = (await h.db.prisma.client.findFirstOrThrow({ where: { platformUserId: "sam" } })).id;
  desk = new CoachDesk({ prisma: h.db.prisma, engine: h.engine, catalog, clock: h.clock });
});
afterAll(() => h.db.close());

describe("preparation view", () => {
  it("shows stages with the focus marked, recent check-ins, the trend, open flags and goals", async () => {
    const [view] = await coach("prep");
    expect(view).toMatch(/^Preparing for a session with Sam/);
    expect(view).toMatch(/Exercise: preparation since \d{4}-\d{2}-\d{2} \(focus\)/);
    expect(view).toMatch(/Sleep: precontemplation/);
    expect(view).toMatch(/Last check-ins:\n {2}2026-12-03: feeling: 8\/10; .*achievement \(buy walking shoes on Saturday morning\): 75%/);
    expect(view).toMatch(/Achievement trend: 2026-W49 30% -> 2026-W49 55% -> 2026-W49 75% \(rising\)/);
    // Flag kinds in the catalog's words, as the digest names them.
    expect(view).toContain(`[attention] ${catalog.digest.flagKinds.assessment_gap}: Sleep: priority 9/10`);
    expect(view).toMatch(/suggested: High priority but not ready/);
    expect(view).toMatch(/Weekly goals:\n {2}- buy walking shoes on Saturday morning/);
  });

  it("describes a trend's direction", () => {
    expect(
      describeTrend([
        { week: "W1", percent: 80 },
        { week: "W2", percent: 40 },
      ]),
    ).toMatch(/falling/);
    expect(
      describeTrend([
        { week: "W1", percent: 50 },
        { week: "W2", percent: 55 },
      ]),
    ).toMatch(/steady/);
  });
});

describe("a coaching session", () => {
  it("guides the coach phase by phase with time budgets, keeps notes private and sends the client the summary the coach read", async () => {
    expect(await coach("session start 60")).toEqual([]);
    await h.sender.deliverDue();
    expect(coachInbox().join("\n")).toMatch(
      /Session with Sam started: 60 minutes \(Opening 2, Weekly goal review 6, Generative moment 44, Goal setting 6, Close 2\)/,
    );
    expect(coachInbox().at(-1)).toMatch(/^Opening: about 2 min\n {2}\[ \] Ask how they are feeling/);
    for (const line of [
      "next",
      "note proud of the shoe shopping",
      "next",
      "next",
      "goal walk 20 minutes on Tuesday and Thursday this week",
      "next",
      "note possible low mood, consider referral to GP",
      "share asking for help works",
      "end",
    ]) {
      await coach(line);
    }
    await h.sender.deliverDue();
    const summary =
      "Thank you for our session today, Sam. Here is what we agreed:\n  - walk 20 minutes on Tuesday and Thursday this week\n\nWhat you are taking away:\n  - asking for help works";
    // The coach reads the summary first; the client has been sent nothing of it yet.
    expect(coachInbox().at(-1)).toContain(`This is the summary Sam will get. Nothing has been sent yet.\n\n${summary}\n\n`);
    const samRows = () => h.db.prisma.outboxMessage.findMany({ where: { recipient: "sam" }, select: { payload: true } });
    expect(JSON.stringify(await samRows())).not.toContain("Thank you for our session today");

    await coach("send");
    await h.sender.deliverDue();
    const toSam = h.delivered.filter((m) => m.recipient === "sam").flatMap((m) => m.prompts.map((p) => p.text));
    expect(toSam.at(-1)).toBe(summary);
    // Every row queued for the client, sent or not: the summary is there, the notes nowhere.
    const bodies = JSON.stringify(await samRows());
    expect(bodies).toContain("asking for help works");
    expect(bodies).not.toMatch(/low mood|referral|shoe shopping/);
    const session = await h.db.prisma.coachingSession.findFirstOrThrow({ where: { clientId } });
    expect(session).toMatchObject({ key: "s1", lengthMinutes: 60, phase: "ended", summary });
    expect(session.notes).toEqual({ weekly_goal_review: ["proud of the shoe shopping"], close: ["possible low mood, consider referral to GP"] });
    expect(session.endedAt).not.toBeNull();
    const goal = await h.db.prisma.goal.findFirstOrThrow({ where: { clientId, text: { startsWith: "walk 20" } } });
    expect(goal).toMatchObject({ kind: "plan", setIn: "session s1", status: "active" });
  });

  it("sends only the summary the coach read: changed since, it is shown again and not sent", async () => {
    await coach("session start 30");
    await coach("share one step at a time");
    await coach("end");
    await coach("share ask a friend to join");
    await coach("send");
    await h.sender.deliverDue();
    expect(coachInbox().at(-1)).toMatch(
      /^This is the summary Sam will get\. Nothing has been sent yet\.[\s\S]*- one step at a time\n {2}- ask a friend to join/,
    );
    expect(await h.db.prisma.coachingSession.findFirstOrThrow({ where: { clientId, key: "s2" } })).toMatchObject({ phase: "opening" });
    await coach("send");
    await h.sender.deliverDue();
    expect(await h.db.prisma.coachingSession.findFirstOrThrow({ where: { clientId, key: "s2" } })).toMatchObject({ phase: "ended" });
    const toSam = h.delivered.filter((m) => m.recipient === "sam").flatMap((m) => m.prompts.map((p) => p.text));
    expect(toSam.at(-1)).toMatch(/What you are taking away:\n {2}- one step at a time\n {2}- ask a friend to join$/);
  });

  it("answers commands without a running session, and bad input, kindly", async () => {
    await coach("next");
    await h.sender.deliverDue();
    expect(coachInbox().at(-1)).toMatch(/No session is running with Sam/);
    expect(await coach("session start 5")).toEqual([catalog.session.desk.badLength]);
    expect(await coach("note")).toEqual([expect.stringMatching(/Add the text after the command/)]);
    expect((await coach("dance"))[0]).toMatch(/"dance".*\/coach help/);
  });
});

describe("booking the next session", () => {
  it("books a session at the coach's local time, reminds the client a day before, and lists it in the digest", async () => {
    await h.db.prisma.coach.updateMany({ data: { timezone: "Europe/London" } });
    h.clock.set("2026-12-15T10:00:00Z");
    expect(await coach("schedule 2026-12-01 10:00")).toEqual([catalog.session.desk.badSchedule]);
    expect(await coach("schedule 2026-12-18 15:00")).toEqual([
      "Next session with Sam booked for Fri 18 Dec, 15:00 (Europe/London). They get a reminder a day before.",
    ]);
    const job = await h.db.prisma.scheduledJob.findFirstOrThrow({ where: { kind: "session_reminder" } });
    expect(job.dueAt.toISOString()).toBe("2026-12-17T15:00:00.000Z");

    const deps = {
      prisma: h.db.prisma,
      engine: h.engine,
      sender: h.sender,
      catalog,
      log: silent,
      settings: DEFAULT_SCHEDULER_SETTINGS,
      sendDigest: (id: string, now: Date, e: string) => queueCoachDigest(h.db.prisma, catalog, id, now, e),
      teams: { post: async () => "no_channel" as const, remind: async () => {} },
    };
    const digest = renderDigest(
      catalog.digest,
      await gatherDigest(
        h.db.prisma,
        catalog,
        (await h.db.prisma.coach.findFirstOrThrow()).id,
        new Date("2026-12-10T00:00:00Z"),
        new Date("2026-12-16T00:00:00Z"),
      ),
    );
    expect(digest).toMatch(/Upcoming sessions: Sam Fri 18 Dec, 15:00/);
    h.clock.set("2026-12-17T15:00:00Z");
    await runSchedulerPass(deps, new Date("2026-12-17T15:00:00Z"));
    const toSam = h.delivered.filter((m) => m.recipient === "sam").map((m) => m.prompts[0]!.text);
    // The client's zone is UTC here: the same instant reads 15:00 for them.
    expect(toSam.at(-1)).toBe("A reminder: your coaching session is Fri 18 Dec, 15:00. Think of one thing you'd like to talk about.");
  });
});
