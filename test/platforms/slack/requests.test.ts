// What the adapter does with requests that are forged, stale, repeated, malformed or simply not
// for it: Bolt's real HTTPReceiver verifies, the engine dedupes, and nothing crashes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../../src/log.js";
import { FORM_FAILED } from "../../../src/platforms/slack/answers.js";
import { startSlack } from "../../../src/platforms/slack/app.js";
import { BOT } from "./support/fake-slack-api.js";
import { startWorld, type World } from "./support/world.js";

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world?.close();
});

/** Web API calls other than the start-up auth.test. */
const apiCallsAfterStart = () => world.api.calls.filter((c) => c.method !== "auth.test");
const clientExists = async (userId: string) => (await world.db.prisma.client.count({ where: { platformUserId: userId } })) > 0;

describe("Slack adapter: request handling", () => {
  it("checked the token with auth.test once at start-up", () => {
    expect(world.api.callsTo("auth.test").map((c) => c.token)).toEqual(["xoxb-test-token"]);
  });

  it("refuses to start with a token Slack rejects, naming Slack's reason", async () => {
    const starting = startSlack({ ...world.options, connection: { mode: "http", botToken: "xoxb-revoked", signingSecret: "s" }, log: createLogger("silent") });
    await expect(starting).rejects.toThrow(/Slack rejected the bot token \(auth.test\): invalid_auth/);
  });

  it("rejects a request with a bad signature (401) and processes nothing", async () => {
    const response = await world.send.dm("U_FORGER", "hi", { secret: "not-the-signing-secret" });
    expect(response.status).toBe(401);
    await world.slack.idle();
    expect(await clientExists("U_FORGER")).toBe(false);
    expect(apiCallsAfterStart()).toEqual([]);
  });

  it("rejects a correctly signed request whose timestamp is older than 5 minutes (401)", async () => {
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;
    const response = await world.send.dm("U_REPLAY", "hi", { timestamp: sixMinutesAgo });
    expect(response.status).toBe(401);
    await world.slack.idle();
    expect(await clientExists("U_REPLAY")).toBe(false);
    expect(apiCallsAfterStart()).toEqual([]);
  });

  it("answers Slack's URL verification challenge", async () => {
    const body = JSON.stringify({ token: "legacy", challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", type: "url_verification" });
    const response = await world.send.post(body, "application/json");
    expect(response.status).toBe(200);
    expect(response.json()).toEqual({ challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" });
  });

  it("applies an event once when Slack redelivers it with x-slack-retry-num", async () => {
    const lee = world.user("U_LEE");
    const first = await lee.dm("hi", { eventId: "Ev_DUPLICATE_1" });
    const retry = await lee.dm("hi", { eventId: "Ev_DUPLICATE_1", headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" } });
    expect([first.status, retry.status]).toEqual([200, 200]);
    expect(lee.newReplies()).toEqual([expect.stringMatching(/What name would you like me to use\?/)]);
    expect(await world.db.prisma.processedEvent.count({ where: { eventId: "slack:event:Ev_DUPLICATE_1" } })).toBe(1);
  });

  it("answers a malformed JSON body with 400 and keeps serving", async () => {
    const response = await world.send.post('{"type":"event_callback","event":', "application/json");
    expect(response.status).toBe(400);
    expect((await fetch(`${world.baseUrl}/healthz`)).status).toBe(200);
  });

  it("acknowledges an unknown action_id with 200, logs it and changes nothing", async () => {
    const before = world.api.calls.length;
    const response = await world.send.pressButton(
      "U_LEE",
      { channel: "D_LEE", ts: "1700000000.000001", text: "", blocks: [] },
      { block_id: "some-other-block", action_id: "legacy_button", text: "Click", value: "x" },
    );
    expect(response.status).toBe(200);
    await world.slack.idle();
    expect(world.api.calls.slice(before)).toEqual([]);
    expect(world.logs.some((l) => l.includes("unknown action_id") && l.includes("legacy_button"))).toBe(true);
  });

  it("tells the client kindly when the answer form cannot open (expired trigger)", async () => {
    const kim = world.user("U_KIM");
    await kim.dm("hi");
    kim.newReplies();
    world.api.failNext("views.open", { body: { ok: false, error: "expired_trigger_id" } });
    const response = await kim.press("Answer");
    expect(response.status).toBe(200);
    expect(kim.newReplies()).toEqual([FORM_FAILED]);
    // The question is still open and its button still there.
    expect(kim.findButton("Answer")).not.toBeNull();
  });

  it("acknowledges a view submission that is not an answer form", async () => {
    const response = await world.send.submitView("U_LEE", { id: "V_OTHER", callback_id: "someone_elses_modal", private_metadata: "" }, "text");
    expect(response.status).toBe(200);
    expect(response.text).toBe("");
  });

  it("ignores edits (subtype message_changed), bot messages, its own messages and channel messages", async () => {
    const before = world.api.calls.length;
    const edited = await world.send.dm("U_EDITOR", "hi", { event: { subtype: "message_changed", message: { text: "hi!" } } });
    const fromBot = await world.send.dm("U_OTHERBOT", "beep", { event: { bot_id: "B_OTHER" } });
    const botMessage = await world.send.dm("U_BOTMSG", "beep", { event: { subtype: "bot_message", bot_id: BOT.botId } });
    const ownEcho = await world.send.dm(BOT.userId, "Hello, and welcome!");
    const inChannel = await world.send.dm("U_CHANNEL", "hi", { event: { channel: "C_GENERAL", channel_type: "channel" } });
    expect([edited, fromBot, botMessage, ownEcho, inChannel].map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    await world.slack.idle();
    expect(world.api.calls.slice(before)).toEqual([]);
    for (const user of ["U_EDITOR", "U_OTHERBOT", "U_BOTMSG", BOT.userId, "U_CHANNEL"]) expect(await clientExists(user)).toBe(false);
  });

  it("answers other paths with 404", async () => {
    expect((await fetch(`${world.baseUrl}/nope`)).status).toBe(404);
    expect((await fetch(`${world.baseUrl}/slack/events`)).status).toBe(404);
  });
});
