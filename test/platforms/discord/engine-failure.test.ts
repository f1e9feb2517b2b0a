// When an answer cannot be stored (here: the database is gone), the person is told so privately
// and the question keeps its buttons, so nothing they meant to answer is lost. The answer is
// stored before Discord is answered (the inbox), so the question is never marked answered first.
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

it("keeps the buttons and apologises privately when an answer cannot be stored", async () => {
  const user = testUser("unlucky");
  await typeInDm(h, user, "hi");
  const askDomain = questionIn(await typeInDm(h, user, "Jo"))!;
  await h.db.close();

  const payload = buttonPress(h.ids, user, askDomain, buttonLabelled(askDomain, "Exercise").custom_id);
  const webhook = `/webhooks/${h.ids.applicationId}/${payload.token}`;
  h.gateway.dispatch("INTERACTION_CREATE", payload);
  const [apology] = await waitFor(() => h.rest.callbacksOf(payload.id).length > 0 && h.rest.callbacksOf(payload.id), "the apology");
  await h.adapter.idle();

  expect(apology!.body).toMatchObject({ type: 4, data: { content: wording.somethingWrong, flags: 64 } });
  // Never replaced by the answer: the buttons stay on the question for another try.
  expect(h.rest.callbacksOf(payload.id)).toHaveLength(1);
  expect(h.rest.callsTo("PATCH", `${webhook}/messages/@original`)).toEqual([]);
  expect(h.logs).toContainEqual(expect.objectContaining({ level: "error", msg: "discord: an answer could not be stored", interactionId: payload.id }));

  const command = slashCommand(h.ids, user, "status");
  h.gateway.dispatch("INTERACTION_CREATE", command);
  const editPath = `/webhooks/${h.ids.applicationId}/${command.token}/messages/@original`;
  const [edit] = await waitFor(() => h.rest.callsTo("PATCH", editPath).length > 0 && h.rest.callsTo("PATCH", editPath), "the reply to /coach status");
  expect(edit!.body.content).toBe(wording.somethingWrong);
});
