// A stored interaction rebuilt after a restart, by a discord.js client that has seen nothing of
// it yet (no channel, no message cached): it answers through the interaction's webhook, as the
// process that acknowledged it would have.
import { Client } from "discord.js";
import { afterAll, beforeAll, expect, it } from "vitest";
import { rebuild } from "../../../src/platforms/discord/stored-interactions.js";
import { buttonPress, type Ids, testUser } from "./support/payloads.js";
import { DiscordRestStandIn, snowflake } from "./support/rest-stand-in.js";

const bot = { id: snowflake(), username: "stagewise" };
const ids: Ids = { applicationId: bot.id, guildId: snowflake(), channelId: snowflake() };
let rest: DiscordRestStandIn;
let client: Client;

beforeAll(async () => {
  rest = new DiscordRestStandIn(bot);
  await rest.listen();
  client = new Client({ intents: [], rest: { api: rest.apiUrl } });
});

afterAll(async () => {
  await client.destroy();
  await rest.close();
});

it("a press in a DM comes back as a deferred button press whose message is edited in place", async () => {
  const user = testUser("after.restart");
  const question = { id: snowflake(), channel_id: rest.dmChannelFor(user.id), content: "Delete everything?", components: [] };
  const payload = buttonPress(ids, user, question, "D|client-1");
  const interaction = rebuild(client, JSON.parse(JSON.stringify(payload)));
  expect(interaction?.isButton()).toBe(true);
  if (!interaction?.isButton()) return;
  expect([interaction.customId, interaction.user.id, interaction.message.id, interaction.deferred]).toEqual(["D|client-1", user.id, question.id, true]);
  await interaction.editReply({ content: "Deleted.", components: [] });
  expect(rest.callsTo("PATCH", `/webhooks/${ids.applicationId}/${payload.token}/messages/@original`).map((c) => c.body.content)).toEqual(["Deleted."]);
});

it("kinds never stored are not rebuilt", () => {
  const user = testUser("picker");
  const question = { id: snowflake(), channel_id: rest.dmChannelFor(user.id), content: "Pick", components: [] };
  const select = { ...buttonPress(ids, user, question, "s|x"), data: { custom_id: "s|x", component_type: 3, values: ["a"] } };
  expect(rebuild(client, select)).toBeNull();
});
