// What the Slack adapter stores before it answers Slack, and what it answers at once: every kind
// a person sends is stored under their workspace and user id, so a pending slash command or sent
// form is in their export and goes with their data when it is deleted, like a pending DM.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deleteClientData, exportClientData } from "../../../src/coach/privacy.js";
import { ANSWER_VIEW, encodeFormMetadata, FORM_INPUT_ACTION, FORM_INPUT_BLOCK } from "../../../src/platforms/slack/ids.js";
import { slackReceipt } from "../../../src/platforms/slack/inbox.js";
import { DELETE_ACTION } from "../../../src/platforms/slack/interact.js";
import { wording } from "../../../src/platforms/slack/wording.js";
import { type Database, openDatabase } from "../../../src/store/database.js";
import { storeInboxEvents } from "../../../src/store/inbox.js";

const TEAM = "T_ACME";
const USER = "U_SAM";

const command = (channelName: string) => ({
  token: "legacy-verification-token",
  team_id: TEAM,
  channel_id: "C1",
  channel_name: channelName,
  user_id: USER,
  command: "/coach",
  text: "note call back on Friday",
  trigger_id: "trig.1",
  response_url: "https://hooks.slack.com/commands/T_ACME/1/secret",
});

const answerForm = (value: string) => ({
  type: "view_submission",
  team: { id: TEAM },
  user: { id: USER, team_id: TEAM },
  trigger_id: "trig.2",
  view: {
    id: "V_FORM",
    callback_id: ANSWER_VIEW,
    private_metadata: encodeFormMetadata({ promptId: "p1", kind: "percent", channel: "D1", messageTs: "1.2", slot: 0 }),
    state: { values: { [FORM_INPUT_BLOCK]: { [FORM_INPUT_ACTION]: { type: "plain_text_input", value } } } },
  },
});

describe("what is stored before Slack is answered", () => {
  it("a slash command: stored under its trigger id; outside the DM the acknowledgement says where the answer comes", () => {
    expect(slackReceipt(command("general"))).toEqual({
      entry: expect.objectContaining({ platform: "slack", tenantKey: TEAM, userId: USER, eventId: "command:trig.1", kind: "slack" }),
      acknowledgement: { response_type: "ephemeral", text: wording.onItInDm },
    });
    expect(slackReceipt(command("directmessage"))).toEqual({ entry: expect.objectContaining({ eventId: "command:trig.1" }) });
  });

  it("a press on 'Delete everything': stored under its trigger id, acknowledged with an empty body, settled from the inbox", () => {
    const press = {
      type: "block_actions",
      team: { id: TEAM },
      user: { id: USER, team_id: TEAM },
      trigger_id: "trig.3",
      container: { type: "message", message_ts: "1.3", channel_id: "D1" },
      actions: [{ type: "button", block_id: "privacy", action_id: DELETE_ACTION, value: "client-1", action_ts: "1.4" }],
    };
    expect(slackReceipt(press)).toEqual({
      entry: { platform: "slack", tenantKey: TEAM, userId: USER, eventId: "action:trig.3", kind: "slack", payload: { body: press } },
    });
  });

  it("a valid form: stored under its view id, acknowledged with an empty body (the modal closes)", () => {
    expect(slackReceipt(answerForm("80"))).toEqual({
      entry: expect.objectContaining({ platform: "slack", tenantKey: TEAM, userId: USER, eventId: "view:V_FORM", kind: "slack" }),
    });
  });

  it("keeps the request as sent except Slack's verification token, an app secret that replaying it does not need", () => {
    const { token, ...rest } = command("general");
    expect(token).toBe("legacy-verification-token");
    expect(slackReceipt(command("general"))!.entry.payload).toEqual({ body: rest });
  });

  it("a form with a field error is not stored: Bolt sends the error back in the acknowledgement and the modal keeps what was typed", () => {
    expect(slackReceipt(answerForm("eighty-ish"))).toBeNull();
  });
});

describe("a person's pending slash command and form are theirs: exported, and deleted with their data", () => {
  let db: Database;
  let clientId: string;
  beforeAll(async () => {
    db = await openDatabase({ kind: "pglite", dataDir: "memory" });
    const tenant = await db.prisma.tenant.create({ data: { platform: "slack", externalId: TEAM, name: "Acme" } });
    clientId = (await db.prisma.client.create({ data: { tenantId: tenant.id, platformUserId: USER, name: "Sam" } })).id;
    const entries = [slackReceipt(command("general"))!.entry, slackReceipt(answerForm("80"))!.entry];
    await storeInboxEvents(db.prisma, entries, new Date());
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  it("the export lists both, as sent", async () => {
    const exported = (await exportClientData(db.prisma, clientId, "client")) as {
      inboxEvents: { eventId: string; payload: { body: Record<string, unknown> } }[];
    };
    expect(exported.inboxEvents.map((e) => e.eventId)).toEqual(["command:trig.1", "view:V_FORM"]);
    expect(exported.inboxEvents[0]!.payload.body.text).toBe("note call back on Friday");
    // The URL Slack gave to answer the command with lets its holder post as the bot: not theirs to hold.
    expect(exported.inboxEvents[0]!.payload.body.channel_name).toBe("general");
    expect(JSON.stringify(exported.inboxEvents)).not.toMatch(/response_url|hooks\.slack\.com|legacy-verification-token/);
  });

  it("deleting the client removes both", async () => {
    await deleteClientData(db.prisma, clientId);
    expect(await db.prisma.inboxEvent.count()).toBe(0);
  });
});
