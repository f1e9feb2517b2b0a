// Acknowledged, then killed: the built bot (`node dist/main.js`) on PostgreSQL takes a burst of
// DMs, acknowledges them all, and is killed with SIGKILL at once. Slack never redelivers an
// acknowledged event, so whatever was acknowledged must be applied after the next start.
// Real processes, Slack's Web API and Socket Mode endpoint replaced by local stand-ins.
import { createServer } from "node:net";
import pg from "pg";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { FakeSlackApi } from "../platforms/slack/support/fake-slack-api.js";
import { eventEnvelope, SIGNING_SECRET, SlackSender } from "../platforms/slack/support/slack-requests.js";
import { SocketModeStandIn } from "../platforms/slack/support/socket-stand-in.js";
import { type RunningProcess, startBot } from "../support/bot-process.js";
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

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function until(probe: () => Promise<boolean>, what: string | (() => string), ms = 120_000): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end; ) {
    if (await probe().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${typeof what === "string" ? what : what()}`);
}

async function killHard(bot: RunningProcess): Promise<void> {
  bot.child.kill("SIGKILL");
  await bot.exited;
}

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
