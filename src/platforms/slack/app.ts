// The Slack adapter: a Bolt app in HTTP mode. One endpoint (/slack/events) receives events,
// interactivity and slash commands, each verified against the signing secret by Bolt's
// HTTPReceiver (401 on a bad signature or a timestamp older than 5 minutes). GET /healthz
// answers "ok" for load balancers.
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { App, HTTPReceiver, webApi } from "@slack/bolt";
import type { CoachingEngine } from "../../engine/engine.js";
import type { Logger } from "../../log.js";
import type { Deliverer, OutboxSender } from "../../outbox/sender.js";
import { boltLogger } from "./bolt-logger.js";
import { slackDeliverer, slackErrorCode } from "./deliverer.js";
import type { SlackRuntime } from "./dispatch.js";
import { registerListeners } from "./listeners.js";
import type { BotIdentity } from "./translate.js";
import { BackgroundWork, serialised } from "./work.js";

export interface SlackOptions {
  botToken: string;
  signingSecret: string;
  /** 0 picks a free port; the one chosen is returned. */
  port: number;
  host?: string;
  /** Web API base URL, e.g. a local stand-in in tests. Default https://slack.com/api/. */
  apiUrl?: string;
  engine: CoachingEngine;
  sender: OutboxSender;
  log: Logger;
}

export interface SlackAdapter {
  /** Register as `deliverers.slack` of the OutboxSender (the scheduler's sender too). */
  deliverer: Deliverer;
  port: number;
  /** Resolves when all work started by requests so far (engine, delivery, updates) has finished. */
  idle(): Promise<void>;
  /** Stops accepting requests, then waits for work in progress. */
  stop(): Promise<void>;
}

/**
 * Retries for calls made while someone waits for a reply. A 429 is retried after its
 * Retry-After (the WebClient pauses its queue meanwhile); other failures a few times quickly,
 * then the outbox's own backoff takes over. The WebClient default (10 retries over about 30
 * minutes) would hold up every later reply behind one outage.
 */
export const INTERACTIVE_RETRY = { retries: 3, factor: 2, minTimeout: 250, maxTimeout: 2_000, randomize: true } as const;
const API_TIMEOUT_MS = 10_000;

export async function startSlack(opts: SlackOptions): Promise<SlackAdapter> {
  const logger = boltLogger(opts.log);
  const clientOptions: webApi.WebClientOptions = {
    slackApiUrl: withTrailingSlash(opts.apiUrl ?? "https://slack.com/api/"),
    retryConfig: { ...INTERACTIVE_RETRY },
    timeout: API_TIMEOUT_MS,
    logger,
  };
  const identity = await whoAmI(opts.botToken, clientOptions);

  const receiver = new HTTPReceiver({
    signingSecret: opts.signingSecret,
    endpoints: "/slack/events",
    logger,
    // Answer Slack first, work afterwards: Slack gives up (and retries events) after 3 seconds.
    processBeforeResponse: false,
    customRoutes: [
      {
        path: "/healthz",
        method: ["GET"],
        handler: (_req, res) => {
          res.writeHead(200, { "content-type": "text/plain; charset=utf-8" });
          res.end("ok");
        },
      },
    ],
  });
  const app = new App({
    token: opts.botToken,
    // Known from auth.test above, so Bolt does not call it again; its ignoreSelf middleware uses them.
    botId: identity.botId,
    botUserId: identity.botUserId,
    receiver,
    clientOptions,
    logger,
    // Conversation state lives in the database, never in this process.
    convoStore: false,
  });

  const work = new BackgroundWork(opts.log);
  const runtime: SlackRuntime = {
    client: app.client,
    engine: opts.engine,
    log: opts.log,
    identity,
    work,
    deliver: serialised(async () => void (await opts.sender.deliverDue())),
  };
  registerListeners(app, runtime);

  const server = (await app.start(opts.host ? { port: opts.port, host: opts.host } : opts.port)) as Server;
  const port = (server.address() as AddressInfo).port;
  opts.log.info("slack adapter listening", { port, team: identity.teamName, botUserId: identity.botUserId });

  let stopping: Promise<void> | null = null;
  return {
    deliverer: slackDeliverer(app.client, opts.log),
    port,
    idle: () => work.idle(),
    stop: () =>
      (stopping ??= (async () => {
        await app.stop();
        await work.idle();
      })()),
  };
}

/** auth.test: a bad token stops start-up with Slack's reason, and names the bot and workspace. */
async function whoAmI(botToken: string, clientOptions: webApi.WebClientOptions): Promise<BotIdentity> {
  const probe = new webApi.WebClient(botToken, clientOptions);
  let auth: webApi.AuthTestResponse;
  try {
    auth = await probe.auth.test();
  } catch (error) {
    throw new Error(`Slack rejected the bot token (auth.test): ${slackErrorCode(error) ?? (error as Error).message}`);
  }
  if (!auth.user_id || !auth.bot_id || !auth.team_id) {
    throw new Error("The Slack token is not a bot token (auth.test returned no bot_id): use the xoxb- Bot User OAuth Token.");
  }
  return { botUserId: auth.user_id, botId: auth.bot_id, teamId: auth.team_id, teamName: auth.team ?? auth.team_id };
}

function withTrailingSlash(url: string): string {
  return url.endsWith("/") ? url : `${url}/`;
}
