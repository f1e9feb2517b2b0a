// When an answer cannot be stored (here: the database is gone), the person is told so privately
// and the question keeps its buttons, so nothing they meant to answer is lost. The answer is
// stored before Discord is answered (the inbox), so the question is never marked answered first;
// a command that cannot be stored is refused at once, never deferred and then forgotten.
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

  // A command that cannot be stored is not deferred (nothing would complete it): the apology is
  // the acknowledgement itself.
  const command = slashCommand(h.ids, user, "status");
  h.gateway.dispatch("INTERACTION_CREATE", command);
  const [refusal] = await waitFor(() => h.rest.callbacksOf(command.id).length > 0 && h.rest.callbacksOf(command.id), "the reply to /coach status");
  await h.adapter.idle();
  expect(refusal!.body).toMatchObject({ type: 4, data: { content: wording.somethingWrong, flags: 64 } });
  expect(h.rest.callbacksOf(command.id)).toHaveLength(1);
  expect(h.logs).toContainEqual(
    expect.objectContaining({
      level: "error",
      msg: "discord: an interaction could not be stored; the person was asked to try again",
      interactionId: command.id,
    }),
  );
});
