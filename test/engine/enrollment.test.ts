// Where a newcomer's time zone comes from: their platform profile, else their coach's, else UTC.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../support/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.db.close());

// Each test has its workspace (tenant), so whether it has a coach does not depend on the other test.
const workspace = (externalId: string) => ({ platform: "console" as const, externalId, name: externalId });
const hello = (externalId: string, platformUserId: string, timezone?: string) =>
  h.engine.handle({
    kind: "message",
    text: "hi",
    eventId: `tz-${platformUserId}`,
    tenant: workspace(externalId),
    user: { platformUserId, ...(timezone === undefined ? {} : { profile: async () => ({ timezone }) }) },
  });
const zoneOf = async (platformUserId: string) => (await h.db.prisma.client.findFirstOrThrow({ where: { platformUserId } })).timezone;

describe("a newcomer's time zone", () => {
  it("is UTC with neither a profile nor a coach", async () => {
    await hello("coachless", "nobody");
    expect(await zoneOf("nobody")).toBe("UTC");
  });

  it("is the coach's when the platform tells us nothing, and the profile's when it does", async () => {
    const t = await h.db.prisma.tenant.create({ data: workspace("coached") });
    await h.db.prisma.coach.create({ data: { tenantId: t.id, platformUserId: "kim", name: "Kim", timezone: "Europe/Berlin" } });
    await hello("coached", "no-profile");
    await hello("coached", "in-tokyo", "Asia/Tokyo");
    await hello("coached", "bad-zone", "Mars/Olympus");
    expect([await zoneOf("no-profile"), await zoneOf("in-tokyo"), await zoneOf("bad-zone")]).toEqual(["Europe/Berlin", "Asia/Tokyo", "Europe/Berlin"]);
  });
});
