// When the engine cannot take an answer (here: the database is gone), the person is told so
// privately and the question's buttons come back, so nothing they meant to answer is lost.
import { afterAll, beforeAll, expect, it } from "vitest";
import { wording } from "../../../src/platforms/discord/wording.js";
import { buttonLabelled, type DiscordHarness, questionIn, startHarness, typeInDm, waitFor } from "./support/harness.js";
import { buttonPress, slashCommand, testUser } from "./support/payloads.js";

let h: DiscordHarness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

it("restores the buttons and apologises privately when an answer cannot be saved", async () => {
  const user = testUser("unlucky");
  await typeInDm(h, user, "hi");
  const askDomain = questionIn(await typeInDm(h, user, "Jo"))!;
  await h.db.close();

  const payload = buttonPress(h.ids, user, askDomain, buttonLabelled(askDomain, "Exercise").custom_id);
  const webhook = `/webhooks/${h.ids.applicationId}/${payload.token}`;
  h.gateway.dispatch("INTERACTION_CREATE", payload);
  const [followUp] = await waitFor(() => h.rest.callsTo("POST", webhook).length > 0 && h.rest.callsTo("POST", webhook), "the apology");
  await h.adapter.idle();

  const [update] = h.rest.callbacksOf(payload.id);
  expect(update!.body).toMatchObject({ type: 7, data: { components: [] } });
  const [restore] = h.rest.callsTo("PATCH", `${webhook}/messages/@original`);
  expect(restore!.body).toMatchObject({ content: askDomain.content, components: askDomain.components });
  expect(followUp!.body).toMatchObject({ content: wording.somethingWrong, flags: 64 });
  expect(h.logs).toContainEqual(expect.objectContaining({ level: "error", msg: "discord: the engine could not handle an event", eventId: payload.id }));

  const command = slashCommand(h.ids, user, "status");
  h.gateway.dispatch("INTERACTION_CREATE", command);
  const editPath = `/webhooks/${h.ids.applicationId}/${command.token}/messages/@original`;
  const [edit] = await waitFor(() => h.rest.callsTo("PATCH", editPath).length > 0 && h.rest.callsTo("PATCH", editPath), "the reply to /coach status");
  expect(edit!.body.content).toBe(wording.somethingWrong);
});
