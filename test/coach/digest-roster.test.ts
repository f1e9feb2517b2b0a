// Who the digest says answered, and who it says did not: only a client who was asked (a check-in
// went out this week) and has not answered is "No answer yet". A paused client, one on hold for
// safety, one not yet asked and one still in onboarding are each shown as what they are.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gatherDigest, renderDigest } from "../../src/coach/digest.js";
import { rosterText } from "../../src/coach/roster.js";
import { clientBody } from "../../src/dashboard/client.js";
import { recentWeeks, weeksStart } from "../../src/dashboard/dates.js";
import { rosterEntries } from "../../src/dashboard/roster.js";
import { readClientRecord, readRoster } from "../../src/store/dashboard-read.js";
import { catalog, createHarness, type Harness, onboard } from "../support/harness.js";
import { checkinAnswers } from "../support/scripts.js";

let h: Harness;
let coachId: string;

beforeAll(async () => {
  h = await createHarness();
  const tenant = await h.db.prisma.tenant.create({ data: { platform: "console", externalId: "local", name: "Console" } });
  coachId = (await h.db.prisma.coach.create({ data: { tenantId: tenant.id, platformUserId: "kim", name: "Kim" } })).id;
  h.clock.set("2026-12-01T09:00:00Z");
  for (const name of ["Ann", "Sid", "Neo", "Pia", "Fay"]) await onboard(h, name.toLowerCase(), name);
  // Ona gave her name and stopped there (it is saved once onboarding is through: until then it is
  // only in her conversation). Zoe has not even given one, and her platform told us none.
  await h.send("ona", { kind: "start" });
  await h.say("ona", "Ona");
  await h.send("u-7f3a", { kind: "start" });
  await h.db.prisma.client.updateMany({ data: { enrolledAt: new Date("2026-12-01T09:00:00Z") } });
  h.clock.set("2026-12-05T09:00:00Z");
  // Pia pauses through New Year's Eve on her own calendar (Los Angeles): the digest shows that day, not the UTC instant the pause ends.
  await h.db.prisma.client.updateMany({ where: { platformUserId: "pia" }, data: { timezone: "America/Los_Angeles" } });
  await h.say("pia", "/pause 2026-12-31");
  h.clock.set("2026-12-06T09:00:00Z");
  await h.say("fay", "I keep thinking about ending my life");
  // This week's check-in: Ann answers it, Sid is asked and says nothing; Neo's is not due yet.
  h.clock.set("2026-12-07T09:00:00Z");
  await h.say("ann", "/checkin");
  for (const a of checkinAnswers(80)) await h.say("ann", a);
  await h.say("sid", "/checkin");
}, 120_000);
afterAll(() => h.db.close());

async function digest(from: string, to: string): Promise<string> {
  return renderDigest(catalog.digest, await gatherDigest(h.db.prisma, catalog, coachId, new Date(from), new Date(to)));
}

describe("coach digest: who answered and who did not", () => {
  it("lists as unanswered only a client asked this week; paused, on hold, not yet asked and not started are shown as such", async () => {
    const text = await digest("2026-12-07T08:00:00Z", "2026-12-08T08:00:00Z");
    expect(text).toMatch(/^Answered their check-in \(1\): Ann$/m);
    expect(text).toMatch(/^No answer yet \(1\): Sid$/m);
    expect(text).toMatch(/^Paused \(2\): Fay \(on hold after a safety concern\), Pia \(until 2026-12-31\)$/m);
    expect(text).toMatch(/^Check-in not sent yet \(1\): Neo$/m);
    // Never a platform user id: the name they typed, else a description.
    const notStarted = text.split("\n").find((l) => l.startsWith("Not started yet"));
    expect(notStarted).toMatch(/^Not started yet \(2\): /);
    expect(notStarted).toContain("Ona, since 2026-12-01");
    expect(notStarted).toContain(`${catalog.digest.unnamedClient}, since 2026-12-01`);
    expect(text).not.toMatch(/\bona\b|u-7f3a/);
  });

  it("a daily digest keeps a client who answered among those who answered for the rest of their week", async () => {
    const text = await digest("2026-12-11T08:00:00Z", "2026-12-12T08:00:00Z");
    expect(text).toMatch(/^Answered their check-in \(1\): Ann$/m);
    expect(text).toMatch(/^No answer yet \(1\): Sid$/m);
  });

  it("a week after an answer, before the next check-in goes out, the client is not yet asked rather than silent", async () => {
    expect(await digest("2026-12-13T08:00:00Z", "2026-12-14T08:00:00Z")).toMatch(/^Answered their check-in \(1\): Ann$/m);
    const text = await digest("2026-12-14T08:00:00Z", "2026-12-14T10:00:00Z");
    expect(text).toMatch(/^Answered their check-in \(0\): -$/m);
    expect(text).toMatch(/^Check-in not sent yet \(2\): Ann, Neo$/m);
  });

  it("names challenge flags and flag kinds in the catalog's words, never as raw labels", async () => {
    const sid = await h.db.prisma.client.findFirstOrThrow({ where: { name: "Sid" } });
    await h.db.prisma.flag.create({
      data: { clientId: sid.id, kind: "challenge", severity: "attention", detail: "missed checkins", raisedAt: new Date("2026-12-07T10:00:00Z") },
    });
    const data = await gatherDigest(h.db.prisma, catalog, coachId, new Date("2026-12-07T08:00:00Z"), new Date("2026-12-08T08:00:00Z"));
    const text = renderDigest(catalog.digest, data);
    expect(text).toContain(`- Sid: ${catalog.digest.challengeKinds.missed_checkins}. Suggested:`);
    expect(text).toContain(`! Fay: ${catalog.digest.flagKinds.crisis} raised`);
    expect(text).not.toMatch(/missed checkins|medical emergency raised|crisis raised/);
    expect(renderDigest(catalog.digest, { ...data, redFlags: [] })).toMatch(/^No red flags\.$/m);
  });
});

describe("the coach's roster: where each client stands, in plain words", () => {
  const now = new Date("2026-12-08T08:00:00Z");
  const line = (text: string, name: string) => text.split("\n").find((l) => l.startsWith(`  - ${name} (`));

  it("/coach clients says on hold, paused or active, stages in the catalog's words, and counts flags in words", async () => {
    const text = await rosterText(h.db.prisma, catalog, coachId);
    const fay = await h.db.prisma.client.findFirstOrThrow({
      where: { platformUserId: "fay" },
      include: { domains: true, flags: { where: { resolvedAt: null } } },
    });
    expect(fay.status).toBe("active");
    expect(fay.flags.length).toBeGreaterThan(1);
    const urgent = fay.flags.filter((f) => f.severity === "urgent").length;
    expect(line(text, "Fay")).toBe(
      `  - Fay (on hold after a safety concern): Exercise: getting ready, Nutrition: thinking about it, Stress: taking action, Sleep: not ready yet | ${fay.flags.length} open flags, ${urgent} urgent`,
    );
    expect(line(text, "Pia")).toMatch(/^ {2}- Pia \(paused\): /);
    expect(line(text, "Ann")).toMatch(/^ {2}- Ann \(active\): /);
    expect(line(text, "Ona")).toBe("  - Ona (getting started): not staged yet");
    expect(text).not.toMatch(/flag\(s\)|u-7f3a|\bona\b/);
  });

  it('one open flag is "1 open flag"', async () => {
    const ona = await h.db.prisma.client.findFirstOrThrow({ where: { platformUserId: "ona" } });
    const flag = await h.db.prisma.flag.create({ data: { clientId: ona.id, kind: "crisis", severity: "urgent", detail: '"x"', raisedAt: now } });
    try {
      expect(line(await rosterText(h.db.prisma, catalog, coachId), "Ona")).toBe("  - Ona (getting started): not staged yet | 1 open flag, 1 urgent");
    } finally {
      await h.db.prisma.flag.delete({ where: { id: flag.id } });
    }
  });

  it("the dashboard says the same: the roster, and the client page with its goals' status", async () => {
    const tenantId = (await h.db.prisma.coach.findUniqueOrThrow({ where: { id: coachId } })).tenantId;
    const scope = { tenantId, coachId };
    const weeks = recentWeeks(now);
    const entries = rosterEntries(catalog, await readRoster(h.db.prisma, scope, weeksStart(now)), weeks, now, "UTC");
    expect(Object.fromEntries(entries.map((e) => [e.name, e.status]))).toMatchObject({
      Fay: "on hold after a safety concern",
      Pia: "paused",
      Ann: "active",
    });
    // Neo's goal from onboarding is still being worked on.
    const neo = await h.db.prisma.client.findFirstOrThrow({ where: { platformUserId: "neo" } });
    const page = String(clientBody(catalog, (await readClientRecord(h.db.prisma, scope, neo.id))!, weeks, "UTC"));
    expect(page).toContain('<p class="muted">active ·');
    expect(page).toContain("<td>Exercise</td><td>in progress</td>");
  });
});
