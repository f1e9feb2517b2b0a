// Flags are closed by the client's own coach, and an urgent one nobody acknowledges is noticed:
// /coach flags lists open flags (red first, with number and age), `flag ack` stops the hour's
// re-send, `flag resolve` closes a flag with a note. An urgent flag left unacknowledged for an
// hour goes again to the coach and to FLAG_FALLBACK_USER_IDS, once, from a scheduled job.
// A referral flag that needs a physician's release pauses the client's exercise goals until the
// coach resolves it; resolving resumes them and tells the client.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gatherDigest, renderDigest } from "../../src/coach/digest.js";
import { localCoach } from "../../src/interactions/access.js";
import { consoleVoice, runCommand } from "../../src/interactions/dispatch.js";
import type { InteractionDeps } from "../../src/interactions/index.js";
import { runSchedulerPass } from "../../src/scheduler/pass.js";
import { catalog, createHarness, type Harness, interactionDeps, onboard, silent } from "../support/harness.js";
import { schedulerDeps } from "../support/scheduler.js";
import { ASSESSMENT, checkinAnswers, FIRST_GOAL, ONBOARDING } from "../support/scripts.js";

const TENANT = { platform: "console" as const, externalId: "local", name: "Console" };
let h: Harness;
let deps: InteractionDeps;
let n = 0;

/** Runs `/coach <name>` as `who` (the console's coach by default) and returns the reply text. */
async function coach(name: string, args: Record<string, unknown> = {}, who = "coach-1"): Promise<string> {
  const port = { voice: consoleVoice(), access: localCoach(h.db.prisma, { platformUserId: "coach-1", name: "Kim" }) };
  const outcome = await runCommand(deps, { eventId: `flag-cmd-${++n}`, tenant: TENANT, actor: { platformUserId: who } }, name, args, port);
  if (!("reply" in outcome)) throw new Error("expected a reply");
  return outcome.reply.text;
}
const inbox = (who: string) => h.delivered.filter((m) => m.recipient === who).flatMap((m) => m.prompts.map((p) => p.text));
const pass = (at: string) => {
  h.clock.set(at);
  return runSchedulerPass(
    schedulerDeps({ prisma: h.db.prisma, engine: h.engine, sender: h.sender, catalog, clock: h.clock, log: silent, fallbackUserIds: ["operator-1"] }),
    h.clock.now(),
  );
};
const flagOf = (userId: string, kind: string) => h.db.prisma.flag.findFirstOrThrow({ where: { kind, client: { platformUserId: userId } } });

beforeAll(async () => {
  h = await createHarness();
  const tenant = await h.db.prisma.tenant.create({ data: TENANT });
  await h.db.prisma.coach.create({ data: { tenantId: tenant.id, platformUserId: "coach-1", name: "Kim" } });
  deps = interactionDeps(h);
  await onboard(h, "ada", "Ada");
  await onboard(h, "ben", "Ben");
  // Another coach's client with an open red flag: Kim must never see or touch it.
  const lee = await h.db.prisma.coach.create({ data: { tenantId: tenant.id, platformUserId: "coach-2", name: "Lee" } });
  const other = await h.db.prisma.client.create({ data: { tenantId: tenant.id, coachId: lee.id, platformUserId: "cy", name: "Cy" } });
  await h.db.prisma.flag.create({
    data: { clientId: other.id, kind: "crisis", severity: "urgent", detail: '"private to Lee"', raisedAt: new Date("2026-11-20T09:00:00Z") },
  });
}, 180_000);
afterAll(() => h?.db.close());

describe("an urgent flag nobody acknowledges", () => {
  it("is sent again after an hour to the coach and the fallback, once, without the client's words", async () => {
    h.clock.set("2026-11-25T10:00:00Z");
    await h.say("ada", "some days I want to end my life");
    const flag = await flagOf("ada", "crisis");
    const job = await h.db.prisma.scheduledJob.findFirstOrThrow({ where: { kind: "flag_escalation", period: flag.id } });
    expect(job.dueAt.toISOString()).toBe("2026-11-25T11:00:00.000Z");
    const coachBefore = inbox("coach-1").length;

    await pass("2026-11-25T10:59:00Z");
    expect(
      inbox("coach-1")
        .slice(coachBefore)
        .filter((t) => t.startsWith("STILL URGENT")),
    ).toEqual([]);
    expect(inbox("operator-1")).toEqual([]);

    await pass("2026-11-25T11:01:00Z");
    const again = inbox("coach-1")
      .slice(coachBefore)
      .filter((t) => t.startsWith("STILL URGENT"));
    expect(again).toHaveLength(1);
    expect(again[0]).toContain(`flag ${flag.number}`);
    expect(again[0]).toContain(`/coach flag ack ${flag.number}`);
    const fallback = inbox("operator-1");
    expect(fallback).toHaveLength(1);
    expect(fallback[0]).toMatch(new RegExp(`^URGENT, for a backup: an urgent flag about Ada \\(${catalog.digest.flagKinds.crisis}, flag`));
    expect(again[0]).toContain(`(${catalog.digest.flagKinds.crisis})`);
    expect(fallback[0]).toContain("Kim");
    for (const text of [...again, ...fallback]) expect(text).not.toContain("end my life");

    // Fires once: later passes (and a re-run of the job) add nothing.
    await pass("2026-11-25T13:00:00Z");
    expect(inbox("coach-1").filter((t) => t.startsWith("STILL URGENT"))).toHaveLength(1);
    expect(inbox("operator-1")).toHaveLength(1);
    expect((await h.db.prisma.scheduledJob.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("done");
  });

  it("acknowledged within the hour, it is not sent again", async () => {
    h.clock.set("2026-11-26T10:00:00Z");
    await h.say("ben", "I want to kill myself");
    const flag = await flagOf("ben", "crisis");
    h.clock.set("2026-11-26T10:20:00Z");
    expect(await coach("flag ack", { number: flag.number })).toBe(
      `Flag ${flag.number} about Ben is acknowledged: it won't be sent again. Resolve it with a note once it's dealt with.`,
    );
    expect(await coach("flag ack", { number: flag.number })).toBe(`Flag ${flag.number} was already acknowledged.`);
    const stored = await h.db.prisma.flag.findUniqueOrThrow({ where: { id: flag.id } });
    expect(stored.acknowledgedAt?.toISOString()).toBe("2026-11-26T10:20:00.000Z");
    expect(stored.acknowledgedBy).toBe("coach-1");

    const before = inbox("coach-1").length;
    await pass("2026-11-26T11:05:00Z");
    expect(
      inbox("coach-1")
        .slice(before)
        .filter((t) => t.startsWith("STILL URGENT")),
    ).toEqual([]);
    expect(inbox("operator-1")).toHaveLength(1);
    const job = await h.db.prisma.scheduledJob.findFirstOrThrow({ where: { kind: "flag_escalation", period: flag.id } });
    expect([job.status, job.detail]).toEqual(["skipped", "acknowledged"]);
  });
});

describe("the coach's flag commands", () => {
  it("list the coach's own clients' open flags, red flags first, with number and age, each naming the client as the digest does", async () => {
    h.clock.set("2026-11-28T10:00:00Z");
    const reply = await coach("flags");
    const lines = reply.split("\n");
    expect(lines[0]).toMatch(/^Open flags \(\d+\), red flags first:$/);
    const ada = await flagOf("ada", "crisis");
    const ben = await flagOf("ben", "crisis");
    const crisis = catalog.digest.flagKinds.crisis;
    expect(lines[1]).toBe(`  ! flag ${ada.number}: Ada, ${crisis}, open 3 days: "some days I want to end my life"`);
    expect(lines.find((l) => l.includes(`flag ${ben.number}:`))).toBe(
      `  ! flag ${ben.number}: Ben, ${crisis}, open 2 days (acknowledged): "I want to kill myself"`,
    );
    // Red flags before the rest (the assessment gaps each onboarding raised).
    const firstAttention = lines.findIndex((l) => l.startsWith("  - flag"));
    expect(firstAttention).toBeGreaterThan(lines.findIndex((l) => l.includes(`flag ${ben.number}:`)));
    expect(reply).not.toContain("private to Lee");
    expect(reply).toContain("/coach flag resolve");
  });

  it("name a coaching challenge in the catalog's words, as the digest does", async () => {
    const ada = await h.db.prisma.client.findFirstOrThrow({ where: { platformUserId: "ada" } });
    const flag = await h.db.prisma.flag.create({
      data: { clientId: ada.id, kind: "challenge", severity: "attention", detail: "missed checkins", raisedAt: h.clock.now() },
    });
    try {
      const line = (await coach("flags")).split("\n").find((l) => l.includes(`flag ${flag.number}:`));
      expect(line).toBe(
        `  - flag ${flag.number}: Ada, ${catalog.digest.flagKinds.challenge}, open under an hour: ${catalog.digest.challengeKinds.missed_checkins}`,
      );
    } finally {
      await h.db.prisma.flag.delete({ where: { id: flag.id } });
    }
  });

  it("refuse another coach's client's flag as not found, and change nothing", async () => {
    const lees = await flagOf("cy", "crisis");
    expect(await coach("flag ack", { number: lees.number })).toBe(
      `None of your clients has a flag ${lees.number}. /coach flags shows your clients' open flags.`,
    );
    expect(await coach("flag resolve", { number: lees.number, note: "not mine" })).toMatch(/^None of your clients has a flag/);
    const unchanged = await h.db.prisma.flag.findUniqueOrThrow({ where: { id: lees.id } });
    expect([unchanged.acknowledgedAt, unchanged.resolvedAt]).toEqual([null, null]);
    // A non-coach cannot use them at all.
    expect(await coach("flags", {}, "ada")).toBe("Only the console's coach can use /coach flags.");
  });

  it("resolve a flag with the coach's note; it leaves the list", async () => {
    h.clock.set("2026-11-28T11:00:00Z");
    const ada = await flagOf("ada", "crisis");
    expect(await coach("flag resolve", { number: ada.number, note: "Called Ada; she is with her sister and seeing her GP today." })).toBe(
      `Flag ${ada.number} about Ada is resolved, with your note.`,
    );
    const stored = await h.db.prisma.flag.findUniqueOrThrow({ where: { id: ada.id } });
    expect(stored.resolvedAt?.toISOString()).toBe("2026-11-28T11:00:00.000Z");
    expect(stored.resolutionNote).toBe("Called Ada; she is with her sister and seeing her GP today.");
    expect(stored.acknowledgedAt?.toISOString()).toBe("2026-11-28T11:00:00.000Z");
    expect(await coach("flags")).not.toContain(`flag ${ada.number}:`);
    expect(await coach("flag resolve", { number: ada.number, note: "again" })).toBe(`Flag ${ada.number} was already resolved.`);
  });

  it("a missing or bad number is answered kindly", async () => {
    expect(await coach("flag ack", {})).toMatch(/^Please add the number/);
    expect(await coach("flag ack", { number: "twelve" })).toMatch(/^I couldn't read the number/);
  });
});

describe("the digest", () => {
  it("shows open flags with their number and age, red flags first", async () => {
    const kim = await h.db.prisma.coach.findFirstOrThrow({ where: { platformUserId: "coach-1" } });
    const to = new Date("2026-11-29T10:00:00Z");
    const text = renderDigest(catalog.digest, await gatherDigest(h.db.prisma, catalog, kim.id, new Date("2026-11-22T10:00:00Z"), to));
    const ben = await flagOf("ben", "crisis");
    const red = text.indexOf("RED FLAGS");
    const attention = text.indexOf("Needs attention:");
    expect(red).toBeGreaterThan(-1);
    expect(attention).toBeGreaterThan(red);
    expect(text).toMatch(new RegExp(`! Ben: Crisis raised 2026-11-26 10:00 \\(UTC\\): "I want to kill myself" \\(flag ${ben.number}, open 3 days\\)`));
    expect(text).toMatch(/ {2}- Ada: Sleep: priority 9\/10.*\(flag \d+, open 5 days\)/);
    // Resolved flags are gone from it.
    expect(text).not.toContain("end my life");
  });
});

describe("a referral flag that needs a physician's release", () => {
  const DANA = "dana";
  const held = () => h.db.prisma.goal.findMany({ where: { client: { platformUserId: DANA } }, select: { text: true, status: true } });

  it("pauses the exercise goals: no check-in questions about them until the coach resolves it", async () => {
    h.clock.set("2026-12-01T09:00:00Z");
    await h.send(DANA, { kind: "start" });
    for (const answer of ["Dana", ...ONBOARDING.slice(1), ...FIRST_GOAL, "/assessment"]) await h.say(DANA, answer);
    // The wellbeing check: "yes" to the last health question (recovering from an injury or surgery).
    const replies: string[] = [];
    for (const answer of [...ASSESSMENT.slice(0, -1), "yes"]) replies.push(...(await h.say(DANA, answer)));
    expect(replies.join("\n")).toContain("let's keep exercise goals on hold until your coach has talked this through with you");
    const flag = await flagOf(DANA, "referral");
    expect(flag.pausesArea).toBe("exercise");
    expect(await held()).toEqual([{ text: "buy walking shoes on Saturday morning", status: "paused" }]);

    // The check-in asks how they are and about the week ahead: nothing about the paused goal.
    h.clock.set("2026-12-03T09:00:00Z");
    const checkin = [...(await h.say(DANA, "/checkin")), ...(await h.say(DANA, "7")), ...(await h.say(DANA, "keep"))];
    expect(checkin.join("\n")).not.toContain("buy walking shoes");
    expect(checkin.join("\n")).not.toMatch(/how much of/);
    expect(await h.db.prisma.conversation.count({ where: { client: { platformUserId: DANA }, script: "checkin", status: "closed" } })).toBe(1);
  });

  it("resolving it resumes the goals and tells the client kindly; the next check-in asks about them again", async () => {
    const flag = await flagOf(DANA, "referral");
    h.clock.set("2026-12-04T09:00:00Z");
    const before = inbox(DANA).length;
    expect(await coach("flag resolve", { number: flag.number, note: "Physician's release received: walking is fine." })).toBe(
      `Flag ${flag.number} about Dana is resolved, with your note. Dana's exercise goals were on hold for it: they are back in their check-ins, and I've told them kindly.`,
    );
    expect(inbox(DANA).slice(before)).toEqual([
      "Good news, Dana: your coach has cleared the hold on exercise. Your exercise goals are back in your check-ins from now on. Go at a pace that feels right for you.",
    ]);
    expect(await held()).toEqual([{ text: "buy walking shoes on Saturday morning", status: "active" }]);

    h.clock.set("2026-12-10T09:00:00Z");
    const checkin: string[] = [...(await h.say(DANA, "/checkin"))];
    for (const answer of checkinAnswers(80)) checkin.push(...(await h.say(DANA, answer)));
    expect(checkin.join("\n")).toContain('Roughly how much of "buy walking shoes on Saturday morning" did you achieve this week?');
  });
});
