// A scheduled daily digest in which nothing happened is not sent: the next one covers the days
// since the last one sent. A weekly digest, and one the coach asks for, always go out.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queueCoachDigest } from "../../src/coach/digest.js";
import { catalog, createHarness, type Harness, onboard } from "../support/harness.js";
import { checkinAnswers } from "../support/scripts.js";

let h: Harness;
let coachId: string;

beforeAll(async () => {
  h = await createHarness();
  const tenant = await h.db.prisma.tenant.create({ data: { platform: "console", externalId: "local", name: "Console" } });
  coachId = (await h.db.prisma.coach.create({ data: { tenantId: tenant.id, platformUserId: "kim", name: "Kim", digestCadence: "daily" } })).id;
  h.clock.set("2026-12-01T09:00:00Z");
  await onboard(h, "ann", "Ann");
}, 120_000);
afterAll(() => h.db.close());

async function digests(): Promise<string[]> {
  const rows = await h.db.prisma.outboxMessage.findMany({ where: { kind: "digest" }, orderBy: { availableAt: "asc" } });
  return rows.map((r) => (r.payload as { prompts: { text: string }[] }).prompts[0]!.text.split("\n")[0]!);
}

describe("a daily digest with nothing in it", () => {
  it("is skipped when scheduled, and the next one covers the days since the last one sent; weekly and asked-for ones always go", async () => {
    await queueCoachDigest(h.db.prisma, catalog, coachId, new Date("2026-12-02T08:00:00Z"), "d1", { scheduled: true });
    // Nothing on the 2nd: no digest on the 3rd.
    await queueCoachDigest(h.db.prisma, catalog, coachId, new Date("2026-12-03T08:00:00Z"), "d2", { scheduled: true });
    expect(await digests()).toEqual(["Your coaching digest, Kim (2026-12-01 to 2026-12-02)"]);
    h.clock.set("2026-12-03T10:00:00Z");
    await h.say("ann", "/checkin");
    for (const a of checkinAnswers(70)) await h.say("ann", a);
    await queueCoachDigest(h.db.prisma, catalog, coachId, new Date("2026-12-04T08:00:00Z"), "d3", { scheduled: true });
    expect((await digests()).at(-1)).toBe("Your coaching digest, Kim (2026-12-02 to 2026-12-04)");
    // Asked for, it comes even when nothing happened.
    await queueCoachDigest(h.db.prisma, catalog, coachId, new Date("2026-12-04T09:00:00Z"), "asked");
    expect(await digests()).toHaveLength(3);
    // Weekly, it comes every week.
    await h.db.prisma.coach.update({ where: { id: coachId }, data: { digestCadence: "weekly" } });
    await queueCoachDigest(h.db.prisma, catalog, coachId, new Date("2026-12-04T10:00:00Z"), "w1", { scheduled: true });
    expect(await digests()).toHaveLength(4);
  });
});
