// Without a guild id, /coach is registered globally (also usable in the bot's DM) and every
// Discord conversation belongs to one "dm" tenant.
import { afterAll, beforeAll, expect, it } from "vitest";
import { wording } from "../../../src/platforms/discord/wording.js";
import { type DiscordHarness, runDeferred, startHarness, typeInDm } from "./support/harness.js";
import { coachCommand, PERMISSIONS, testUser } from "./support/payloads.js";
import { snowflake } from "./support/rest-stand-in.js";

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

it("does not make a server admin a coach when commands are global (every server shares one tenant)", async () => {
  const admin = testUser("some.server.admin");
  const channel = { id: snowflake(), name: "crew" };
  const payload = coachCommand(
    h.ids,
    admin,
    { group: "team", sub: "link", options: [{ type: "channel", name: "channel", channel }] },
    { member: { permissions: PERMISSIONS.manageServer } },
  );
  const { edit } = await runDeferred(h, payload);
  expect(edit.body.content).toBe(wording.setupHintGlobal);
  expect(await h.db.prisma.coach.count()).toBe(0);
  expect(await h.db.prisma.team.count()).toBe(0);
});
