// Socket Mode: with SLACK_APP_TOKEN the adapter opens a WebSocket to Slack instead of listening
// for HTTP. Driven for real: @slack/socket-mode asks the Web API stand-in (apps.connections.open)
// for a ws:// URL, connects to a local WebSocket server that says hello, receives envelopes and
// must acknowledge each with its envelope_id.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadConfig, slackConnection } from "../../../src/config.js";
import { helpText } from "../../../src/interactions/index.js";
import { createLogger } from "../../../src/log.js";
import { startSlack } from "../../../src/platforms/slack/app.js";
import { wording } from "../../../src/platforms/slack/wording.js";
import { BOT } from "./support/fake-slack-api.js";
import { eventEnvelope } from "./support/slack-requests.js";
import { type DmUser, messageText, SOCKET_PING_TIMEOUT_MS, startWorld, type World } from "./support/world.js";

describe("Slack configuration picks the connection", () => {
  it("uses Socket Mode when SLACK_APP_TOKEN is set, with the bot token and no signing secret", () => {
    const config = loadConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xapp-1-A1-2" });
    expect(slackConnection(config)).toEqual({ mode: "socket", botToken: "xoxb-1", appToken: "xapp-1-A1-2" });
  });

  it("uses HTTP with a bot token and signing secret, and OAuth installs with client id, secret and state secret", () => {
    expect(slackConnection(loadConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s" }))).toEqual({
      mode: "http",
      botToken: "xoxb-1",
      signingSecret: "s",
    });
    const oauth = loadConfig({ SLACK_CLIENT_ID: "1.2", SLACK_CLIENT_SECRET: "c", SLACK_STATE_SECRET: "st", SLACK_SIGNING_SECRET: "s" });
    expect(slackConnection(oauth)).toEqual({ mode: "oauth", clientId: "1.2", clientSecret: "c", stateSecret: "st", signingSecret: "s" });
    expect(slackConnection(loadConfig({}))).toBeNull();
  });

  it.each([
    [{ SLACK_APP_TOKEN: "xapp-1" }, /^Configuration error: SLACK_BOT_TOKEN is required with SLACK_APP_TOKEN/],
    [{ SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xoxb-oops" }, /^Configuration error: SLACK_APP_TOKEN must be an app-level token \(xapp-\.\.\.\)/],
    [{ SLACK_CLIENT_ID: "1.2", SLACK_CLIENT_SECRET: "c", SLACK_SIGNING_SECRET: "s" }, /^Configuration error: SLACK_STATE_SECRET is required/],
    [{ SLACK_CLIENT_ID: "1.2", SLACK_CLIENT_SECRET: "c", SLACK_STATE_SECRET: "st" }, /^Configuration error: SLACK_SIGNING_SECRET is required/],
    [
      { SLACK_CLIENT_ID: "1.2", SLACK_CLIENT_SECRET: "c", SLACK_STATE_SECRET: "st", SLACK_SIGNING_SECRET: "s", SLACK_BOT_TOKEN: "xoxb-1" },
      /SLACK_BOT_TOKEN must be unset/,
    ],
    [{ COACH_USER_IDS: "U1, U2 with space" }, /^Configuration error: COACH_USER_IDS must be user ids separated by commas/],
  ])("rejects %j with one line naming the variable", (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it("reads COACH_USER_IDS as a list", () => {
    expect(loadConfig({ COACH_USER_IDS: " U1 , U2,,W3 " }).COACH_USER_IDS).toEqual(["U1", "U2", "W3"]);
    expect(loadConfig({}).COACH_USER_IDS).toEqual([]);
  });
});

describe("Slack adapter in Socket Mode", () => {
  let world: World;
  let sky: DmUser;
  beforeAll(async () => {
    world = await startWorld({ mode: "socket", coachUserIds: ["U_COACH"] });
    sky = world.user("U_SKY");
  });
  afterAll(async () => {
    await world?.close();
  });

  it("connected with the app-level token through apps.connections.open and opens no events endpoint", async () => {
    expect(world.slack.mode).toBe("socket");
    expect(world.api.callsTo("apps.connections.open").map((c) => c.token)).toEqual(["xapp-1-A_COACH-test"]);
    expect(world.socket!.connections).toBe(1);
    const health = await fetch(`${world.baseUrl}/healthz`);
    expect([health.status, await health.json()]).toEqual([200, { status: "ok", connections: { slack: "connected" } }]);
    expect((await fetch(`${world.baseUrl}/slack/events`, { method: "POST", body: "{}" })).status).toBe(404);
  });

  it("acknowledges an events_api envelope with its envelope_id, and answers the DM", async () => {
    const event = { type: "message", channel: "D_SKY", channel_type: "im", user: "U_SKY", text: "hi", ts: "1710000000.000100", team: BOT.teamId };
    const ack = await world.socket!.deliver("events_api", eventEnvelope(event, { eventId: "Ev_SOCKET_1" }));
    expect(ack.envelope_id).toBe("env-1");
    await world.slack.idle();
    expect(sky.newReplies()).toEqual([expect.stringMatching(/What name would you like me to use\?/)]);
    const client = await world.db.prisma.client.findFirstOrThrow({ where: { platformUserId: "U_SKY" }, include: { tenant: true } });
    expect(client.tenant).toMatchObject({ platform: "slack", externalId: BOT.teamId, name: BOT.team });
  });

  it("acknowledges a slash command from a channel with the ephemeral note in the ack's payload", async () => {
    const command = {
      token: "legacy",
      team_id: BOT.teamId,
      team_domain: "acme",
      channel_id: "C_GENERAL",
      channel_name: "general",
      user_id: "U_COACH",
      user_name: "coach",
      command: "/coach",
      text: "help",
      api_app_id: "A_COACH",
      response_url: "http://127.0.0.1:9/commands/response",
      trigger_id: "trig.socket.1",
    };
    const ack = await world.socket!.deliver("slash_commands", command);
    expect(ack.payload).toEqual({ response_type: "ephemeral", text: wording.onItInDm });
    await world.slack.idle();
    // U_COACH is in COACH_USER_IDS: registered as a coach on first use, so help is the coach's.
    expect(world.user("U_COACH").posted().map(messageText)).toEqual([helpText({ command: (name) => `\`/coach ${name}\`` }, "coach")]);
    expect(await world.db.prisma.coach.count({ where: { platformUserId: "U_COACH" } })).toBe(1);
  });

  it("acknowledges a button press (interactive) and hands the answer to the engine", async () => {
    await world.socket!.deliver(
      "events_api",
      eventEnvelope(
        { type: "message", channel: "D_SKY", channel_type: "im", user: "U_SKY", text: "Sky", ts: "1710000000.000200", team: BOT.teamId },
        { eventId: "Ev_SOCKET_2" },
      ),
    );
    await world.slack.idle();
    expect(sky.newReplies()).toEqual([expect.stringMatching(/Nice to meet you, Sky/)]);
    const exercise = sky.findButton("Exercise")!;
    const ack = await world.socket!.deliver("interactive", {
      type: "block_actions",
      team: { id: BOT.teamId, domain: "acme" },
      user: { id: "U_SKY", username: "sky", name: "sky", team_id: BOT.teamId },
      api_app_id: "A_COACH",
      token: "legacy",
      trigger_id: "trig.socket.2",
      container: { type: "message", message_ts: exercise.message.ts, channel_id: exercise.message.channel, is_ephemeral: false },
      channel: { id: exercise.message.channel, name: "directmessage" },
      message: { type: "message", user: BOT.userId, ts: exercise.message.ts, text: exercise.message.text, blocks: exercise.message.blocks },
      actions: [
        {
          type: "button",
          block_id: exercise.button.block_id,
          action_id: exercise.button.action_id,
          text: { type: "plain_text", text: "Exercise" },
          value: exercise.button.value,
          action_ts: "1710000100.000001",
        },
      ],
    });
    expect(ack.envelope_id).toMatch(/^env-/);
    await world.slack.idle();
    expect(sky.newReplies()).toEqual([expect.stringMatching(/physical activity/)]);
  });

  it("keeps its connection through a long turn of the event loop, as a busy machine makes", async () => {
    // On the embedded database a whole transaction runs inside one turn of the event loop; on a
    // loaded 2-core machine one such turn of this file took over a second. The stand-in answers
    // every ping at once, so nothing here may count such a turn as a lost connection: that
    // dropped the connection mid-test, lost the acknowledgement in flight and reconnected.
    blockEventLoop(2_000);
    const event = { type: "message", channel: "D_SKY", channel_type: "im", user: "U_SKY", text: "/status", ts: "1710000000.000250", team: BOT.teamId };
    const ack = await world.socket!.deliver("events_api", eventEnvelope(event, { eventId: "Ev_SOCKET_LONG_TURN" }));
    expect(ack.envelope_id).toMatch(/^env-/);
    await world.slack.idle();
    expect(sky.newReplies()).toHaveLength(1);
    expect(world.socket!.connections).toBe(1);
  });

  it("reconnects when Slack recycles the connection, reporting 503 on /healthz meanwhile", async () => {
    // Before it asks apps.connections.open for a new URL the client waits one ping deadline (a
    // plain setTimeout in the SDK): a fake clock skips that wait instead of the test sitting it out.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      await world.socket!.askToReconnect();
      // The client reports the close as it closes its side; the stand-in may see its side close first.
      await vi.waitFor(async () => expect((await fetch(`${world.baseUrl}/healthz`)).status).toBe(503), { timeout: 5_000 });
      expect(await (await fetch(`${world.baseUrl}/healthz`)).json()).toEqual({ status: "degraded", connections: { slack: "disconnected" } });
      expect(world.api.callsTo("apps.connections.open")).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(SOCKET_PING_TIMEOUT_MS);
    } finally {
      vi.useRealTimers();
    }
    await world.socket!.connected(2);
    // Acknowledged on the new connection, so its hello (which makes the client connected) came first.
    const event = { type: "message", channel: "D_SKY", channel_type: "im", user: "U_SKY", text: "/status", ts: "1710000000.000300", team: BOT.teamId };
    await world.socket!.deliver("events_api", eventEnvelope(event, { eventId: "Ev_SOCKET_3" }));
    const health = await fetch(`${world.baseUrl}/healthz`);
    expect([health.status, await health.json()]).toEqual([200, { status: "ok", connections: { slack: "connected" } }]);
    expect(world.socket!.connections).toBe(2);
    expect(world.api.callsTo("apps.connections.open")).toHaveLength(2);
    await world.slack.idle();
    expect(sky.newReplies()).toHaveLength(1);
  });

  it("refuses to start when Slack rejects the app-level token, naming Slack's reason", async () => {
    const starting = startSlack({
      ...world.options,
      connection: { mode: "socket", botToken: "xoxb-test-token", appToken: "xapp-1-wrong" },
      log: createLogger("silent"),
    });
    await expect(starting).rejects.toThrow(/Slack Socket Mode could not connect \(apps.connections.open\): invalid_auth/);
  });

  it("logged no warnings or errors along the way", () => {
    expect(world.logs.filter((line) => /"level":"(warn|error)"/.test(line))).toEqual([]);
  });
});

/** Holds this thread for `ms` without spinning (Atomics.wait sleeps): a turn that long, at no CPU cost. */
function blockEventLoop(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
