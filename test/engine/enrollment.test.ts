// Where a newcomer's time zone comes from: their platform profile, else their coach's, else UTC.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../support/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.db.close());

const tenant = { platform: "console" as const, externalId: "local", name: "Console" };
const hello = (platformUserId: string, timezone?: string) =>
  h.engine.handle({
    kind: "message",
    text: "hi",
    eventId: `tz-${platformUserId}`,
    tenant,
    user: { platformUserId, ...(timezone === undefined ? {} : { profile: async () => ({ timezone }) }) },
  });
const zoneOf = async (platformUserId: string) => (await h.db.prisma.client.findFirstOrThrow({ where: { platformUserId } })).timezone;

describe("a newcomer's time zone", () => {
  it("is UTC with neither a profile nor a coach", async () => {
    await hello("nobody");
    expect(await zoneOf("nobody")).toBe("UTC");
  });

  it("is the coach's when the platform tells us nothing, and the profile's when it does", async () => {
    const t = await h.db.prisma.tenant.findFirstOrThrow();
    await h.db.prisma.coach.create({ data: { tenantId: t.id, platformUserId: "kim", name: "Kim", timezone: "Europe/Berlin" } });
    await hello("no-profile");
    await hello("in-tokyo", "Asia/Tokyo");
    await hello("bad-zone", "Mars/Olympus");
    expect([await zoneOf("no-profile"), await zoneOf("in-tokyo"), await zoneOf("bad-zone")]).toEqual(["Europe/Berlin", "Asia/Tokyo", "Europe/Berlin"]);
  });
});
