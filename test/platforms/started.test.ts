// `npm start` (node dist/main.js) serving Slack and Discord from environment variables alone,
// against local stand-ins of their APIs. The bot runs as its own process, as operators run it.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { GatewayStandIn } from "./discord/support/gateway-stand-in.js";
import { directMessage, testUser } from "./discord/support/payloads.js";
import { DiscordRestStandIn } from "./discord/support/rest-stand-in.js";
import { FakeSlackApi } from "./slack/support/fake-slack-api.js";
import { SIGNING_SECRET, SlackSender } from "./slack/support/slack-requests.js";

// Each test starts the bot as a new Node process, which opens embedded PGlite before it serves:
// well under a second on an idle machine, tens of seconds on a busy 2-core one. The tests wait for
// its readiness signals (/healthz, the /coach registration) for as long as the test may run.
const PROCESS_MS = 240_000;
const main = path.resolve("dist/main.js");
let bot: ChildProcess | undefined;
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  bot?.kill("SIGTERM");
  await new Promise((resolve) => (bot && bot.exitCode === null ? bot.once("exit", resolve) : resolve(null)));
  bot = undefined;
  for (const cleanup of cleanups.splice(0)) await cleanup();
}, PROCESS_MS);

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function until<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, what: string, ms = PROCESS_MS - 10_000): Promise<T> {
  for (const end = Date.now() + ms; Date.now() < end; ) {
    const value = await probe();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function start(env: Record<string, string>) {
  const dataDir = mkdtempSync(path.join(tmpdir(), "coach-started-"));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  let output = "";
  bot = spawn(process.execPath, [main], {
    env: { PATH: process.env.PATH ?? "", DATA_DIR: dataDir, LOG_LEVEL: "info", SCHEDULER: "off", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  bot.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  bot.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  return { output: () => output };
}

describe("npm start with platform credentials", { timeout: PROCESS_MS }, () => {
  it("serves Slack over HTTP with only the bot token, the signing secret and SLACK_API_URL", async () => {
    const api = await FakeSlackApi.start();
    cleanups.push(() => api.close());
    const port = await freePort();
    const run = start({
      SLACK_BOT_TOKEN: "xoxb-test-token",
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: api.url,
      PORT: String(port),
      HOST: "127.0.0.1",
    });
    const base = `http://127.0.0.1:${port}`;
    await until(async () => (await fetch(`${base}/healthz`).catch(() => null))?.status === 200, "the health check").catch((error: Error) => {
      throw new Error(`${error.message}; the bot printed:\n${run.output()}`);
    });
    expect(run.output()).toMatch(/platforms: slack/);
    const slack = new SlackSender(base);
    expect((await slack.dm("U_NEW", "hi")).status).toBe(200);
    // Enrolment is by invitation unless OPEN_ENROLMENT says otherwise: a stranger is told so.
    const reply = await until(() => api.callsTo("chat.postMessage").find((c) => c.body.channel === "U_NEW"), "the reply DM");
    expect(String(reply.body.text)).toMatch(/is by invitation: a coach enrolls the people they coach/);
    // Unsigned requests are refused by the running bot too.
    expect((await fetch(`${base}/slack/events`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })).status).toBe(401);
  });

  it("connects to Discord with only the token, the application id and DISCORD_API_URL, and answers a DM", async () => {
    const botUser = { id: "900000000000000001", username: "stagewise" };
    const guild = { id: "900000000000000002", name: "Wellbeing Team", channelId: "900000000000000003", roles: [] };
    const rest = new DiscordRestStandIn(botUser);
    const gateway = new GatewayStandIn({ bot: botUser, applicationId: botUser.id, guild });
    await Promise.all([rest.listen(), gateway.listen()]);
    rest.gatewayUrl = gateway.url;
    cleanups.push(
      () => rest.close(),
      () => gateway.close(),
    );
    const run = start({
      PORT: "0",
      DISCORD_TOKEN: "stand-in-token",
      DISCORD_APPLICATION_ID: botUser.id,
      DISCORD_GUILD_ID: guild.id,
      DISCORD_API_URL: rest.apiUrl,
      // Anyone who writes becomes a client here.
      OPEN_ENROLMENT: guild.id,
    });
    await until(() => rest.callsTo("PUT", `/applications/${botUser.id}/guilds/${guild.id}/commands`).length > 0, "the /coach registration");
    expect(run.output()).toMatch(/platforms: discord/);
    const person = testUser("sam");
    gateway.dispatch("MESSAGE_CREATE", directMessage(person, rest.dmChannelFor(person.id), "hi"));
    const greeting = await until(() => rest.dmMessages(person.id)[0], "the greeting DM");
    expect(greeting.content).toMatch(/What name would you like me to use\?/);
  });
});
