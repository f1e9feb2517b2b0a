// Without a guild id, /coach is registered globally (also usable in the bot's DM) and every
// Discord conversation belongs to one "dm" tenant.
import { afterAll, beforeAll, expect, it } from "vitest";
import { startHarness, typeInDm, type DiscordHarness } from "./support/harness.js";
import { testUser } from "./support/payloads.js";

let h: DiscordHarness;

beforeAll(async () => {
  h = await startHarness({ registerInGuild: false });
});

afterAll(async () => {
  await h?.close();
});

it("registers /coach globally, offered in servers and in the DM with the bot", () => {
  expect(h.rest.callsTo("PUT", /\/guilds\//)).toHaveLength(0);
  const [put] = h.rest.callsTo("PUT", `/applications/${h.ids.applicationId}/commands`);
  expect(put!.body).toEqual([expect.objectContaining({ name: "coach", integration_types: [0], contexts: [0, 1] })]);
});

it("keeps DM conversations in the one Discord tenant", async () => {
  const user = testUser("solo");
  await typeInDm(h, user, "hi");
  const client = await h.db.prisma.client.findFirstOrThrow({ where: { platformUserId: user.id }, include: { tenant: true } });
  expect(client.tenant).toMatchObject({ platform: "discord", externalId: "dm", name: "Discord" });
});
