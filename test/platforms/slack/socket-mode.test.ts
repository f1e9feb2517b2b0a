// Socket Mode: with SLACK_APP_TOKEN the adapter opens a WebSocket to Slack instead of listening
// for HTTP. Driven for real: @slack/socket-mode asks the Web API stand-in (apps.connections.open)
// for a ws:// URL, connects to a local WebSocket server that says hello, receives envelopes and
// must acknowledge each with its envelope_id.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, slackConnection } from "../../../src/config.js";
import { helpText } from "../../../src/interactions/index.js";
import { createLogger } from "../../../src/log.js";
import { startSlack } from "../../../src/platforms/slack/app.js";
import { wording } from "../../../src/platforms/slack/wording.js";
import { BOT } from "./support/fake-slack-api.js";
import { eventEnvelope } from "./support/slack-requests.js";
import { type DmUser, messageText, startWorld, type World } from "./support/world.js";

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

  it("reconnects when Slack recycles the connection, reporting 503 on /healthz meanwhile", async () => {
    world.socket!.askToReconnect();
    await until(async () => (await fetch(`${world.baseUrl}/healthz`)).status === 503);
    expect(await (await fetch(`${world.baseUrl}/healthz`)).json()).toEqual({ status: "degraded", connections: { slack: "disconnected" } });
    // The client waits a few seconds before it asks apps.connections.open for a new URL.
    await until(async () => (await fetch(`${world.baseUrl}/healthz`)).status === 200, 15_000);
    expect(world.socket!.connections).toBe(2);
    expect(world.api.callsTo("apps.connections.open")).toHaveLength(2);
    const event = { type: "message", channel: "D_SKY", channel_type: "im", user: "U_SKY", text: "/status", ts: "1710000000.000300", team: BOT.teamId };
    await world.socket!.deliver("events_api", eventEnvelope(event, { eventId: "Ev_SOCKET_3" }));
    await world.slack.idle();
    expect(sky.newReplies()).toHaveLength(1);
  }, 30_000);

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

async function until(condition: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
