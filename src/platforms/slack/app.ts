// The Slack adapter: a Bolt app reached in one of three ways.
//   http:   one workspace (bot token); Slack posts events, interactivity and slash commands to
//           /slack/events, each verified against the signing secret by Bolt's HTTPReceiver
//           (401 on a bad signature or a timestamp older than 5 minutes).
//   socket: one workspace (bot token) over Socket Mode: the bot opens a WebSocket to Slack
//           (app-level token), so it needs no public URL.
//   oauth:  any number of workspaces installed through /slack/install; every request is
//           authorized with its workspace's token from the database.
// Slack's routes (/slack/events, /slack/install, /slack/oauth_redirect) are mounted on the bot's
// own HTTP server (src/http/server.ts), which also reports the connection on /healthz.
import { App, HTTPReceiver, SocketModeReceiver, webApi } from "@slack/bolt";
import type { Catalog } from "../../domain/catalog.js";
import type { CoachingEngine } from "../../engine/engine.js";
import type { Inbox } from "../../engine/inbox.js";
import type { HttpRoutes } from "../../http/server.js";
import { type InteractionDeps, listedAsCoach, unscopedCoachEntries } from "../../interactions/index.js";
import type { Logger } from "../../log.js";
import type { OutboxSender } from "../../outbox/sender.js";
import type { PlatformAdapter } from "../adapter.js";
import { boltLogger } from "./bolt-logger.js";
import { slackDeliverer, slackErrorCode } from "./deliverer.js";
import type { SlackRuntime } from "./dispatch.js";
import { guardSlackRequests, guardSocketFrames } from "./edge.js";
import { storeBeforeAcknowledging } from "./inbox.js";
import { DatabaseInstallationStore, installedWorkspaceClients } from "./installations.js";
import { registerListeners } from "./listeners.js";
import { INSTALL_PATH, oauthReceiverOptions, REDIRECT_PATH } from "./oauth.js";
import { createSlackTeamChannel } from "./team-channel.js";
import type { BotIdentity } from "./translate.js";
import { BackgroundWork } from "./work.js";

export type SlackConnection =
  | { mode: "http"; botToken: string; signingSecret: string }
  | { mode: "socket"; botToken: string; appToken: string }
  | { mode: "oauth"; clientId: string; clientSecret: string; stateSecret: string; signingSecret: string };

export interface SlackOptions {
  connection: SlackConnection;
  /** The bot's HTTP server: Slack's routes are mounted on it, and its connection joins /healthz. */
  http: HttpRoutes;
  /** Web API base URL, e.g. a local stand-in in tests. Default https://slack.com/api/. */
  apiUrl?: string;
  engine: CoachingEngine;
  /** Where requests are stored before Slack is answered (main.ts shares one; default: this adapter's own). */
  inbox: Inbox;
  sender: OutboxSender;
  catalog: Catalog;
  interactions: InteractionDeps;
  /**
   * COACH_USER_IDS: who becomes a coach on first use. "T…:U…" in that workspace; a plain "U…"
   * only in the workspace of the bot token (ignored with installs through OAuth).
   */
  coachUserIds?: readonly string[];
  /** Socket Mode: how long to wait for Slack's pong, also the step of the reconnect back-off (the SDK's default is 5000 ms). */
  socketPingTimeoutMs?: number;
  log: Logger;
}

export interface SlackAdapter extends PlatformAdapter {
  platform: "slack";
  mode: SlackConnection["mode"];
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
  const { connection, log } = opts;
  const logger = boltLogger(log);
  const slackApiUrl = withTrailingSlash(opts.apiUrl ?? "https://slack.com/api/");
  const clientOptions: webApi.WebClientOptions = { slackApiUrl, retryConfig: { ...INTERACTIVE_RETRY }, timeout: API_TIMEOUT_MS, logger };
  // The outbox does its own retries: a 429 re-queues that one message (see deliverer.ts).
  const outboxOptions: webApi.WebClientOptions = { ...clientOptions, rejectRateLimitedCalls: true };
  const identity = connection.mode === "oauth" ? undefined : await whoAmI(connection.botToken, clientOptions);
  const installations =
    connection.mode === "oauth"
      ? new DatabaseInstallationStore({
          installations: opts.interactions.store.slackInstallations,
          registerCoach: opts.interactions.store.registerCoach,
          workspaceCoaches: opts.interactions.store.workspaceCoaches,
          isCoach: opts.interactions.store.isCoach,
          clientOptions,
          log,
        })
      : undefined;

  const receiver =
    connection.mode === "socket"
      ? new SocketModeReceiver({
          appToken: connection.appToken,
          logger,
          ...(opts.socketPingTimeoutMs ? { clientPingTimeout: opts.socketPingTimeoutMs } : {}),
          // Only the Web API base: the Socket Mode client keeps its own, patient retries for
          // apps.connections.open, which it calls again on every reconnect.
          installerOptions: { clientOptions: { slackApiUrl, timeout: API_TIMEOUT_MS } },
        })
      : new HTTPReceiver({
          signingSecret: connection.signingSecret,
          endpoints: "/slack/events",
          logger,
          // Answer Slack once the request is in the inbox (see inbox.ts), work afterwards: Slack
          // gives up (and retries events) after 3 seconds.
          processBeforeResponse: false,
          ...(connection.mode === "oauth" && installations ? oauthReceiverOptions(connection, installations, clientOptions, log) : {}),
        });
  const app = new App({
    // One workspace: its token, and the bot known from auth.test (Bolt's ignoreSelf uses them).
    // Several: no token here; Bolt authorizes each request through the installation store.
    ...(identity && connection.mode !== "oauth" ? { token: connection.botToken, botId: identity.botId, botUserId: identity.botUserId } : {}),
    receiver,
    clientOptions,
    logger,
    // Conversation state lives in the database, never in this process.
    convoStore: false,
  });

  // Plain COACH_USER_IDS entries belong to the one workspace of a bot token; installed in many
  // workspaces, an entry must name its workspace, or anyone with that user id anywhere would coach.
  const coachEntries = opts.coachUserIds ?? [];
  const home = identity && connection.mode !== "oauth" ? identity.teamId : null;
  const ignored = home === null ? unscopedCoachEntries(coachEntries) : [];
  if (ignored.length > 0)
    log.warn("COACH_USER_IDS entries without a workspace are ignored with installs through OAuth: write them as T…:U…", { entries: ignored });
  const work = new BackgroundWork(log);
  let stopping: Promise<void> | null = null;
  let stopped = false;
  const runtime: SlackRuntime = {
    engine: opts.engine,
    catalog: opts.catalog,
    interactions: opts.interactions,
    isListedCoach: (teamId, userId) => listedAsCoach(coachEntries, teamId, userId, home),
    log,
    work,
    deliver: async () => void (await opts.sender.deliverDue()),
  };
  registerListeners(app, runtime, { ...(identity ? { identity } : {}), ...(installations ? { installations } : {}) });
  storeBeforeAcknowledging(app, opts.inbox, work, log);

  if (receiver instanceof SocketModeReceiver) {
    guardSocketFrames(receiver.client, log);
    let connected = false;
    receiver.client.on("connected", () => void (connected = true));
    // "close" comes first when the WebSocket drops; "reconnecting" only after the client's back-off.
    for (const state of ["close", "disconnected", "reconnecting"]) receiver.client.on(state, () => void (connected = false));
    try {
      await app.start();
    } catch (error) {
      await app.stop().catch(() => undefined);
      throw new Error(`Slack Socket Mode could not connect (apps.connections.open): ${slackErrorCode(error) ?? (error as Error).message}`);
    }
    opts.http.health("slack", () => connected);
  } else {
    // Bolt checks every request's signature in this listener; it is served from our own server.
    const listener = guardSlackRequests(receiver.requestListener, { signingSecret: receiverSigningSecret(connection), log });
    const oauthPaths = connection.mode === "oauth" ? [INSTALL_PATH, REDIRECT_PATH] : [];
    opts.http.mount("/slack/", (req, res) => {
      const path = new URL(req.url ?? "/", "http://localhost").pathname;
      const ours = path === "/slack/events" ? req.method === "POST" : oauthPaths.includes(path) && req.method === "GET";
      if (ours) return listener(req, res);
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
      res.end("not found");
    });
    opts.http.health("slack", () => !stopped);
  }
  log.info("slack adapter started", { mode: connection.mode, team: identity?.teamName ?? "(per installation)", botUserId: identity?.botUserId });

  const workspaceClient = identity ? new webApi.WebClient(app.client.token, outboxOptions) : undefined;
  // Team posts are made by the scheduler as well as by commands: the outbox's retry rules apply.
  const teamChannel = createSlackTeamChannel(
    async (workspace) =>
      workspaceClient ??
      new webApi.WebClient(
        (await installations!.fetchInstallation({ teamId: workspace, enterpriseId: undefined, isEnterpriseInstall: false })).bot?.token,
        outboxOptions,
      ),
    opts.catalog.team,
    log,
  );

  return {
    platform: "slack",
    mode: connection.mode,
    teamChannel,
    deliverer: slackDeliverer(workspaceClient ?? installedWorkspaceClients(opts.interactions.store.slackInstallations.tokenForMessage, outboxOptions), log),
    idle: () => work.idle(),
    stop: () =>
      (stopping ??= (async () => {
        stopped = true;
        // Over HTTP the server is the bot's own (closed by main.ts); Socket Mode closes its WebSocket.
        if (receiver instanceof SocketModeReceiver) await app.stop();
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

function receiverSigningSecret(connection: SlackConnection): string {
  if (connection.mode === "socket") throw new Error("Socket Mode has no signing secret");
  return connection.signingSecret;
}

function withTrailingSlash(url: string): string {
  return url.endsWith("/") ? url : `${url}/`;
}
