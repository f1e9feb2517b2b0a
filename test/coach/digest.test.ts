// A coach's digest with a flagged, a stuck, a silent and a progressing client.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHART_HEIGHT, CHART_WIDTH } from "../../src/coach/chart.js";
import { gatherDigest, queueCoachDigest, renderDigest } from "../../src/coach/digest.js";
import { catalog, createHarness, type Harness, onboard } from "../support/harness.js";
import { checkinAnswers } from "../support/scripts.js";

let h: Harness;
let coachId: string;

/** Width and height from a PNG's IHDR chunk, after checking the signature. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(png.subarray(12, 16).toString("ascii")).toBe("IHDR");
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

beforeAll(async () => {
  h = await createHarness();
  const tenant = await h.db.prisma.tenant.create({ data: { platform: "console", externalId: "local", name: "Console" } });
  coachId = (await h.db.prisma.coach.create({ data: { tenantId: tenant.id, platformUserId: "kim", name: "Kim" } })).id;
  for (const name of ["Fay", "Stu", "Sid", "Pat"]) await onboard(h, name.toLowerCase(), name);
  // Three weeks of check-ins: Pat progresses, Stu is stuck low; Sid is asked in week 3 and goes silent.
  const weeks = ["2026-11-30", "2026-12-07", "2026-12-14"];
  for (const [i, day] of weeks.entries()) {
    h.clock.set(`${day}T09:00:00Z`);
    for (const [who, percent] of [
      ["pat", 40 + 20 * i],
      ["stu", 20],
      ["sid", 60],
    ] as const) {
      await h.say(who, "/checkin");
      if (who === "sid" && i === 2) continue;
      for (const a of checkinAnswers(percent)) await h.say(who, a);
    }
  }
  h.clock.set("2026-12-15T08:00:00Z");
  await h.say("fay", "I keep thinking about ending my life");
}, 120_000);
afterAll(() => h.db.close());

describe("coach digest", () => {
  it("puts red flags first, then who needs attention, stage changes, who answered, and achievement trends", async () => {
    const data = await gatherDigest(h.db.prisma, catalog, coachId, new Date("2026-12-08T00:00:00Z"), new Date("2026-12-15T09:00:00Z"));
    const text = renderDigest(catalog.digest, data);
    const order = ["RED FLAGS", "Needs attention", "Answered their check-in", "No answer yet", "Average achievement"].map((s) => text.indexOf(s));
    expect(order.every((index) => index > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text).toMatch(/! Fay: Crisis raised 2026-12-15 08:00 \(UTC\): "I keep thinking about ending my life"/);
    expect(text).toMatch(/- Stu: .*Suggested: /);
    expect(text).toMatch(/Answered their check-in \(2\): Pat, Stu/);
    // Fay is on hold after her safety concern: no check-in goes out to her, so none is unanswered.
    expect(text).toMatch(/No answer yet \(1\): Sid/);
    expect(text).toMatch(/Paused \(1\): Fay \(on hold after a safety concern\)/);
    expect(text).toMatch(/- Pat: 60% rising/);
    expect(text).toMatch(/- Stu: 20% steady/);
  });

  it("shows times in the coach's own time zone, naming it: never bare UTC", async () => {
    await h.db.prisma.coach.update({ where: { id: coachId }, data: { timezone: "America/New_York" } });
    try {
      const data = await gatherDigest(h.db.prisma, catalog, coachId, new Date("2026-12-08T03:00:00Z"), new Date("2026-12-15T09:00:00Z"));
      const text = renderDigest(catalog.digest, data);
      // Fay wrote at 08:00 UTC: 03:00 in New York. The window starts on the 7th there.
      expect(text).toMatch(/! Fay: Crisis raised 2026-12-15 03:00 \(America\/New_York\): "I keep thinking about ending my life"/);
      expect(text.split("\n")[0]).toBe("Your coaching digest, Kim (2026-12-07 to 2026-12-15)");
    } finally {
      await h.db.prisma.coach.update({ where: { id: coachId }, data: { timezone: "UTC" } });
    }
  });

  it("attaches a PNG chart of the expected size, one line per client with results", async () => {
    await queueCoachDigest(h.db.prisma, catalog, coachId, new Date("2026-12-15T09:00:00Z"), "test-digest");
    const row = await h.db.prisma.outboxMessage.findFirstOrThrow({ where: { kind: "digest" } });
    const payload = row.payload as { attachments: { filename: string; dataBase64: string }[] };
    expect(payload.attachments).toHaveLength(1);
    expect(pngSize(Buffer.from(payload.attachments[0]!.dataBase64, "base64"))).toEqual({ width: CHART_WIDTH, height: CHART_HEIGHT });
    // Queued once per scheduled digest, however often it is asked for.
    await queueCoachDigest(h.db.prisma, catalog, coachId, new Date("2026-12-15T09:00:00Z"), "test-digest");
    expect(await h.db.prisma.outboxMessage.count({ where: { kind: "digest" } })).toBe(1);
  });
});
