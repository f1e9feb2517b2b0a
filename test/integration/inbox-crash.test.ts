// Acknowledged, then killed: the built bot (`node dist/main.js`) on PostgreSQL takes a burst of
// DMs (slash commands, answer forms), acknowledges them all, and is killed with SIGKILL at once.
// Slack never redelivers an acknowledged event (nor ever sends a slash command or a form twice),
// so whatever was acknowledged must be applied after the next start.
// Real processes, Slack's Web API and Socket Mode endpoint replaced by local stand-ins.
import pg from "pg";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { FakeSlackApi, type StoredMessage } from "../platforms/slack/support/fake-slack-api.js";
import { eventEnvelope, SIGNING_SECRET, SlackSender } from "../platforms/slack/support/slack-requests.js";
import { SocketModeStandIn } from "../platforms/slack/support/socket-stand-in.js";
import { type Button, buttonsOf } from "../platforms/slack/support/world.js";
import { freePort, killHard, type RunningProcess, startBot, until } from "../support/bot-process.js";
import { createScratchDatabase, describePostgres, type ScratchDatabase } from "../support/postgres.js";

const BURST = 20;
const running: RunningProcess[] = [];

afterEach(async () => {
  for (const p of running.splice(0)) {
    if (p.child.exitCode !== null || p.child.signalCode !== null) continue;
    p.child.kill("SIGKILL");
    await p.exited;
  }
});

describePostgres("inbound events survive a kill -9 right after their acknowledgement", () => {
  let scratch: ScratchDatabase;
  let api: FakeSlackApi;
  let socket: SocketModeStandIn;
  let admin: pg.Client;
  beforeAll(async () => {
    scratch = await createScratchDatabase("inbox_crash");
    api = await FakeSlackApi.start();
    socket = await SocketModeStandIn.start();
    api.socketMode = { appToken: "xapp-1-A_COACH-test", url: socket.url };
    admin = new pg.Client({ connectionString: scratch.url });
    await admin.connect();
  }, 120_000);
  afterAll(async () => {
    await admin?.end();
    await socket?.close();
    await api?.close();
    await scratch?.drop();
  });

  /** How many of these Slack event ids the engine applied (its once-per-event record). */
  async function applied(eventIds: string[]): Promise<number> {
    const { rows } = await admin.query<{ n: string }>(`SELECT count(*) AS n FROM "ProcessedEvent" WHERE "eventId" = ANY($1)`, [
      eventIds.map((id) => `slack:event:${id}`),
    ]);
    return Number(rows[0]!.n);
  }

  async function inboxRows(): Promise<number> {
    const { rows } = await admin.query<{ n: string }>(`SELECT count(*) AS n FROM "InboxEvent"`);
    return Number(rows[0]!.n);
  }

  function slackBot(env: Record<string, string>, port: number): RunningProcess {
    const bot = startBot({
      DATABASE_URL: scratch.url,
      PORT: String(port),
      HOST: "127.0.0.1",
      CONSOLE_CHAT: "off",
      SCHEDULER: "off",
      SLACK_API_URL: api.url,
      SLACK_BOT_TOKEN: "xoxb-test-token",
      INBOX_LEASE_SECONDS: "1",
      // The senders are strangers: with enrolment open they become clients and their events are
      // applied (a ProcessedEvent each); by invitation only they would be declined, not applied.
      OPEN_ENROLMENT: "all",
      ...env,
    });
    running.push(bot);
    return bot;
  }

  async function healthy(port: number): Promise<void> {
    await until(async () => {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      const body = (await response.json()) as { connections?: { slack?: string } };
      return response.status === 200 && body.connections?.slack === "connected";
    }, "the bot's /healthz to report Slack connected");
  }

  it(`Slack over HTTP: ${BURST} DMs acknowledged, the process killed, all ${BURST} applied after the restart`, async () => {
    const port = await freePort();
    const env = { SLACK_SIGNING_SECRET: SIGNING_SECRET };
    const first = slackBot(env, port);
    await healthy(port);
    const send = new SlackSender(`http://127.0.0.1:${port}`);
    const eventIds = Array.from({ length: BURST }, (_, i) => `EvHTTP${i}`);
    const acks = await Promise.all(eventIds.map((eventId, i) => send.dm(`U_HTTP_${i}`, "hi", { eventId })));
    await killHard(first);
    expect(acks.map((a) => a.status)).toEqual(eventIds.map(() => 200));
    const appliedBefore = await applied(eventIds);

    const second = slackBot(env, port);
    await healthy(port);
    let count = 0;
    await until(
      async () => (count = await applied(eventIds)) === BURST,
      () => `all ${BURST} events applied (applied: ${count})`,
    );
    await until(async () => (await inboxRows()) === 0, "the inbox to be empty");
    console.info(
      `[inbox-crash] slack http: tried ${BURST}, acknowledged ${acks.length}, applied before the kill ${appliedBefore}, applied after the restart ${await applied(eventIds)}`,
    );
    await killHard(second);
  }, 300_000);

  /** Per person, the slash commands the engine applied (their once-per-event records). */
  async function commandsApplied(users: string[]): Promise<{ applied: number; people: number }> {
    const { rows } = await admin.query<{ applied: string; people: string }>(
      `SELECT count(*) AS applied, count(DISTINCT c."platformUserId") AS people FROM "ProcessedEvent" p JOIN "Client" c ON c.id = p."clientId"
       WHERE c."platformUserId" = ANY($1) AND p."eventId" LIKE 'slack:command:%'`,
      [users],
    );
    return { applied: Number(rows[0]!.applied), people: Number(rows[0]!.people) };
  }

  it(`Slack slash commands: ${BURST} acknowledged, the process killed, each applied exactly once after the restart`, async () => {
    const port = await freePort();
    const env = { SLACK_SIGNING_SECRET: SIGNING_SECRET };
    const first = slackBot(env, port);
    await healthy(port);
    const send = new SlackSender(`http://127.0.0.1:${port}`);
    const users = Array.from({ length: BURST }, (_, i) => `U_CMD_${i}`);
    // Typed in the DM with the bot: acknowledged with an empty body, the answer comes as a DM.
    const acks = await Promise.all(users.map((user) => send.command(user, "status")));
    await killHard(first);
    expect(acks.map((a) => [a.status, a.text])).toEqual(users.map(() => [200, ""]));
    const before = await commandsApplied(users);

    const second = slackBot(env, port);
    await healthy(port);
    let after = before;
    await until(
      async () => (after = await commandsApplied(users)).applied === BURST,
      () => `all ${BURST} commands applied (applied: ${after.applied})`,
    );
    await until(async () => (await inboxRows()) === 0, "the inbox to be empty");
    expect(await commandsApplied(users)).toEqual({ applied: BURST, people: BURST });
    console.info(
      `[inbox-crash] slack slash commands: tried ${BURST}, acknowledged ${acks.length}, applied before the kill ${before.applied}, applied after the restart ${after.applied}`,
    );
    await killHard(second);
  }, 300_000);

  it(`Slack answer forms: ${BURST} submissions acknowledged (the modal closed), the process killed, all applied after the restart`, async () => {
    const port = await freePort();
    const env = { SLACK_SIGNING_SECRET: SIGNING_SECRET };
    const first = slackBot(env, port);
    await healthy(port);
    const send = new SlackSender(`http://127.0.0.1:${port}`);
    const users = Array.from({ length: BURST }, (_, i) => `U_FORM_${i}`);
    // Each newcomer says hi and is asked a question answered in a form (the name they go by).
    await Promise.all(users.map((user) => send.dm(user, "hi")));
    const questions = new Map<string, StoredMessage & { button: Button }>();
    await until(
      async () => {
        for (const user of users) {
          if (questions.has(user)) continue;
          for (const call of api.callsTo("chat.postMessage")) {
            if (call.body.channel !== user || call.response.ok !== true) continue;
            const message = {
              channel: String(call.response.channel),
              ts: String(call.response.ts),
              text: String(call.body.text ?? ""),
              blocks: (call.body.blocks as Record<string, unknown>[]) ?? [],
            };
            const button = buttonsOf(message).find((b) => b.action_id === "coach.form");
            if (button) questions.set(user, { ...message, button });
          }
        }
        return questions.size === BURST;
      },
      () => `a question with an answer form for each newcomer (${questions.size} of ${BURST})`,
    );
    const views = new Map<string, { id: string; callback_id?: string; private_metadata?: string }>();
    for (const user of users) {
      const opened = api.callsTo("views.open").length;
      const { button, ...message } = questions.get(user)!;
      expect((await send.pressButton(user, message, button)).status).toBe(200);
      await until(async () => api.callsTo("views.open").length > opened, `the answer form for ${user}`);
      views.set(user, api.callsTo("views.open")[opened]!.response.view as { id: string });
    }

    const acks = await Promise.all(users.map((user) => send.submitView(user, views.get(user)!, "Sam")));
    await killHard(first);
    // An empty 200 closes the modal: Slack shows the person nothing more, so it must not be lost.
    expect(acks.map((a) => [a.status, a.text])).toEqual(users.map(() => [200, ""]));
    const eventIds = users.map((user) => `view:${views.get(user)!.id}`);
    const formsApplied = async () => {
      const { rows } = await admin.query<{ n: string }>(`SELECT count(*) AS n FROM "ProcessedEvent" WHERE "eventId" = ANY($1)`, [
        eventIds.map((id) => `slack:${id}`),
      ]);
      return Number(rows[0]!.n);
    };
    const appliedBefore = await formsApplied();

    const second = slackBot(env, port);
    await healthy(port);
    let count = 0;
    await until(
      async () => (count = await formsApplied()) === BURST,
      () => `all ${BURST} form answers applied (applied: ${count})`,
    );
    await until(async () => (await inboxRows()) === 0, "the inbox to be empty");
    console.info(
      `[inbox-crash] slack answer forms: tried ${BURST}, acknowledged ${acks.length}, applied before the kill ${appliedBefore}, applied after the restart ${count}`,
    );
    await killHard(second);
  }, 300_000);

  it(`Slack over Socket Mode: ${BURST} events_api envelopes acknowledged, the process killed, all ${BURST} applied after the restart`, async () => {
    const env = { SLACK_APP_TOKEN: "xapp-1-A_COACH-test" };
    const port = await freePort();
    const connectionsBefore = socket.connections;
    const first = slackBot(env, port);
    await healthy(port);
    await until(async () => socket.connections > connectionsBefore, "the Socket Mode connection");
    const eventIds = Array.from({ length: BURST }, (_, i) => `EvSOCK${i}`);
    const acks = await Promise.all(
      eventIds.map((eventId, i) =>
        socket.deliver(
          "events_api",
          eventEnvelope({ type: "message", channel: `D_S${i}`, channel_type: "im", user: `U_SOCK_${i}`, text: "hi", ts: `1710000001.${i}` }, { eventId }),
          30_000,
        ),
      ),
    );
    await killHard(first);
    expect(acks).toHaveLength(BURST);
    const appliedBefore = await applied(eventIds);

    const connectionsAfterKill = socket.connections;
    const second = slackBot(env, port);
    await until(async () => socket.connections > connectionsAfterKill, "the Socket Mode connection after the restart");
    let count = 0;
    await until(
      async () => (count = await applied(eventIds)) === BURST,
      () => `all ${BURST} events applied (applied: ${count})`,
    );
    await until(async () => (await inboxRows()) === 0, "the inbox to be empty");
    console.info(
      `[inbox-crash] slack socket mode: tried ${BURST}, acknowledged ${acks.length}, applied before the kill ${appliedBefore}, applied after the restart ${await applied(eventIds)}`,
    );
    await killHard(second);
  }, 300_000);
});
