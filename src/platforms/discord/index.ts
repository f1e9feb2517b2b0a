// The Discord adapter: a discord.js client whose events become neutral Inbound events, and a
// Deliverer that sends the machine's prompts as DMs. It translates only; coaching is the
// machine's, commands are the registry's (src/interactions), team check-ins are src/teams'.
// Conversations run in DMs; /coach in a server starts them, runs coach commands (privately) and
// links team channels, where the weekly team check-in is posted (team-channel.ts).
import { Client, Events, GatewayCloseCodes, GatewayIntentBits, Partials, Status } from "discord.js";
import type { Inbox } from "../../engine/inbox.js";
import type { HttpRoutes } from "../../http/server.js";
import type { InteractionDeps } from "../../interactions/index.js";
import type { Logger } from "../../log.js";
import type { TeamChannel } from "../../teams/channel.js";
import type { PlatformAdapter } from "../adapter.js";
import { registerCoachCommand } from "./commands.js";
import { createDiscordDeliverer, type DiscordDeliverer } from "./deliverer.js";
import { createDirectMessageHandler } from "./direct-messages.js";
import { guardGatewayDispatches } from "./gateway-guard.js";
import { createRegistryBridge } from "./interact.js";
import { createInteractionHandler, type OwnHandlers } from "./interactions.js";
import { createPipeline, discordTenant } from "./pipeline.js";
import { applyCoachSetup } from "./setup.js";
import { createDiscordTeamChannel } from "./team-channel.js";
import { createTeamInteractions } from "./team-interactions.js";

export interface DiscordOptions {
  token: string;
  applicationId: string;
  /** Register /coach in this server only (instant, for self-hosting); unset: globally. */
  guildId?: string;
  /** REST base, e.g. "http://127.0.0.1:8080/api" for a stand-in; the gateway URL comes from `GET {apiUrl}/v10/gateway/bot`. */
  apiUrl?: string;
  /** The services below the adapter, wired once by the composition root (src/core.ts). */
  interactions: InteractionDeps;
  /** Where events are stored before Discord is answered (main.ts shares one; default: this adapter's own). */
  inbox: Inbox;
  /** The bot's HTTP server: the gateway connection joins its /healthz. */
  http?: HttpRoutes;
  log: Logger;
  /** Platform user ids to register as coaches on start (COACH_USER_IDS; non-Discord ids are skipped). */
  coachUserIds?: readonly string[];
  /**
   * Called once when the gateway is closed for good (e.g. 4004, an invalid token). Default: one
   * line on stderr and exit code 1, so a supervisor restarts the bot or alerts someone.
   */
  onFatal?: (reason: string) => void;
  /** Members with this role count as coaches (DISCORD_COACH_ROLE_ID); unset clears the tenant's role. */
  coachRoleId?: string;
}

export interface DiscordAdapter extends PlatformAdapter {
  platform: "discord";
  deliverer: DiscordDeliverer;
  teamChannel: TeamChannel;
  /** Delivers due outbox rows; runs never overlap with the adapter's own (see pipeline.ts). */
  deliverOutbox(): Promise<void>;
  /** Resolves once no event is being handled (for graceful shutdown and tests). */
  idle(): Promise<void>;
  /** Stops taking events, waits for the ones being handled, then disconnects. */
  stop(): Promise<void>;
}

/** Connects, waits until discord.js is ready, registers /coach, and starts translating events. */
export async function startDiscord(opts: DiscordOptions): Promise<DiscordAdapter> {
  const { log } = opts;
  const client = new Client({
    // Guilds: slash commands and the server's name. DirectMessages: DMs typed to the bot.
    // Not MessageContent: that intent is privileged (approval needed past 100 servers), and it
    // is not needed, because Discord always includes the content of DMs sent to the bot (and
    // of messages mentioning it); the bot reads nothing else.
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.DirectMessages],
    // Discord does not send DM channels to bots up front: without this partial, discord.js
    // drops a DM whose channel it has not seen yet, i.e. every first DM after a start.
    partials: [Partials.Channel],
    ...(opts.apiUrl ? { rest: { api: opts.apiUrl } } : {}),
  });

  const fatal = opts.onFatal ?? exitOnFatal;
  const deliverer = createDiscordDeliverer(client, log);
  const { interactions } = opts;
  const { inbox } = opts;
  const pipeline = createPipeline({ engine: interactions.engine, deliver: interactions.deliver, log, inbox });
  const tenant = () => discordTenant(opts.guildId, (id) => client.guilds.cache.get(id)?.name);
  const teamChannel = createDiscordTeamChannel(client, interactions.catalog.team, log);
  const bridge = createRegistryBridge({ interactions, discord: client, deliverer, tenant, log, ...(opts.guildId ? { guildId: opts.guildId } : {}) });
  const teamAnswers = createTeamInteractions({ interactions, tenant, log });
  const own: OwnHandlers = {
    command: bridge.command,
    render: bridge.render,
    async button(interaction, action) {
      if (action.type === "openTeamForm") return teamAnswers.openForm(interaction, action.checkInId);
      log.warn("discord: a form id arrived on a button", { customId: interaction.customId });
    },
    confirm: bridge.confirm,
    submitTeamForm: (interaction, checkInId) => teamAnswers.submit(interaction, checkInId),
  };
  const rawOf = guardGatewayDispatches(client, log);
  const onInteraction = createInteractionHandler({ pipeline, inbox, client, rawOf, deliverer, tenant, log, own });
  const onDirectMessage = createDirectMessageHandler({ pipeline, typedCommand: bridge.typed, tenant, log });

  // Handlers run concurrently (the engine's version check keeps one client's events consistent);
  // stop() and idle() wait for them.
  const inFlight = new Set<Promise<void>>();
  let stopping = false;
  const track = (handling: Promise<void>) => {
    // The handlers log their own failures; this catches what a malformed event makes them throw.
    const work = handling.catch((error: unknown) => log.error("discord: handling an event failed", { error }));
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };
  client.on(Events.InteractionCreate, (interaction) => {
    if (!stopping) track(onInteraction(interaction));
  });
  client.on(Events.MessageCreate, (message) => {
    if (!stopping) track(onDirectMessage(message));
  });
  client.on(Events.Error, (error) => log.error("discord: client error", { error }));
  client.on(Events.Warn, (message) => log.warn("discord: client warning", { message }));
  // discord.js gives up on close codes it cannot recover from (4004 invalid token, 4010-4014):
  // staying up disconnected would look healthy to a supervisor, so this is fatal.
  client.on(Events.ShardDisconnect, (event, shardId) => {
    if (stopping) return;
    const reason = `Discord closed the gateway with ${event.code} (${GatewayCloseCodes[event.code] ?? "unknown"}) and will not reconnect`;
    log.error(`discord: ${reason}`, { code: event.code, shardId });
    fatal(reason);
  });
  // Reconnects are discord.js's job (resume when Discord allows it, else a fresh session); no
  // state is lost meanwhile because the adapter keeps none: everything is in the database.
  client.on(Events.ShardReconnecting, (shardId) => log.info("discord: gateway reconnecting", { shardId }));
  client.on(Events.ShardResume, (shardId, replayed) => log.info("discord: gateway session resumed", { shardId, replayed }));

  // Listen before login: discord.js may turn ready before login() resolves.
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  try {
    await client.login(opts.token);
    await ready;
  } catch (error) {
    await client.destroy();
    throw new Error(`Could not connect to Discord: ${(error as Error).message}`, { cause: error });
  }
  // Each shard's own status: the manager's stays Ready while a shard reconnects.
  opts.http?.health("discord", () => !stopping && client.ws.status === Status.Ready && client.ws.shards.every((shard) => shard.status === Status.Ready));
  log.info("discord: connected", { user: client.user?.tag, guildId: opts.guildId ?? null });

  try {
    await applyCoachSetup({
      store: interactions.store,
      discord: client,
      tenant: tenant(),
      coachUserIds: opts.coachUserIds ?? [],
      coachRoleId: opts.coachRoleId,
      log,
    });
  } catch (error) {
    await client.destroy();
    throw new Error(`Could not set up the coaches: ${(error as Error).message}`, { cause: error });
  }

  try {
    await registerCoachCommand(client, opts.applicationId, opts.guildId, { domains: interactions.catalog.domains });
    log.info("discord: /coach registered", { scope: opts.guildId ? `guild ${opts.guildId}` : "global" });
  } catch (error) {
    // DMs still work; only the slash command is missing until the next start.
    log.error("discord: could not register /coach (was the bot invited with the applications.commands scope?)", { error });
  }

  const idle = async () => {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
  };

  return {
    platform: "discord",
    deliverer,
    teamChannel,
    deliverOutbox: pipeline.deliver,
    idle,
    async stop() {
      stopping = true;
      await idle();
      await client.destroy();
    },
  };
}

function exitOnFatal(reason: string): never {
  process.stderr.write(`Fatal: ${reason}.\n`);
  process.exit(1);
}

export { type ComponentAction, decodeCustomId, encodeCustomId, type FormKind } from "./custom-id.js";
export type { DiscordDeliverer } from "./deliverer.js";
export { type DiscordMessageBody, renderPrompt } from "./render.js";
