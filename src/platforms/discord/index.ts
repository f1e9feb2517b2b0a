// The Discord adapter: a discord.js client whose events become neutral Inbound events, and a
// Deliverer that sends the machine's prompts as DMs. It translates only; coaching is the
// machine's. Conversations run in DMs; /coach in a server only starts them.
import { Client, Events, GatewayIntentBits, Partials } from "discord.js";
import type { CoachingEngine } from "../../engine/engine.js";
import type { Logger } from "../../log.js";
import type { OutboxSender } from "../../outbox/sender.js";
import { registerCoachCommand } from "./commands.js";
import { createDiscordDeliverer, type DiscordDeliverer } from "./deliverer.js";
import { createDirectMessageHandler } from "./direct-messages.js";
import { createInteractionHandler } from "./interactions.js";
import { createPipeline, discordTenant } from "./pipeline.js";

export interface DiscordOptions {
  token: string;
  applicationId: string;
  /** Register /coach in this server only (instant, for self-hosting); unset: globally. */
  guildId?: string;
  /** REST base, e.g. "http://127.0.0.1:8080/api" for a stand-in; the gateway URL comes from `GET {apiUrl}/v10/gateway/bot`. */
  apiUrl?: string;
  engine: CoachingEngine;
  sender: OutboxSender;
  log: Logger;
}

export interface DiscordAdapter {
  /** Register as `deliverers.discord` of the OutboxSender. */
  deliverer: DiscordDeliverer;
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

  const deliverer = createDiscordDeliverer(client, log);
  const pipeline = createPipeline(opts);
  const tenant = () => discordTenant(opts.guildId, (id) => client.guilds.cache.get(id)?.name);
  const onInteraction = createInteractionHandler({ pipeline, deliverer, tenant, log });
  const onDirectMessage = createDirectMessageHandler({ pipeline, tenant, log });

  // Handlers run concurrently (the engine's version check keeps one client's events consistent);
  // stop() and idle() wait for them.
  const inFlight = new Set<Promise<void>>();
  let stopping = false;
  const track = (work: Promise<void>) => {
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
  client.on(Events.ShardDisconnect, (event, shardId) => log.warn("discord: gateway closed and will not reconnect", { code: event.code, shardId }));

  // Listen before login: discord.js may turn ready before login() resolves.
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  try {
    await client.login(opts.token);
    await ready;
  } catch (error) {
    await client.destroy();
    throw new Error(`Could not connect to Discord: ${(error as Error).message}`, { cause: error });
  }
  log.info("discord: connected", { user: client.user?.tag, guildId: opts.guildId ?? null });

  try {
    await registerCoachCommand(client, opts.applicationId, opts.guildId);
    log.info("discord: /coach registered", { scope: opts.guildId ? `guild ${opts.guildId}` : "global" });
  } catch (error) {
    // DMs still work; only the slash command is missing until the next start.
    log.error("discord: could not register /coach (was the bot invited with the applications.commands scope?)", { error });
  }

  const idle = async () => {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
  };

  return {
    deliverer,
    idle,
    async stop() {
      stopping = true;
      await idle();
      await client.destroy();
    },
  };
}

export { decodeCustomId, encodeCustomId, type ComponentAction, type FormKind } from "./custom-id.js";
export { renderPrompt, type DiscordMessageBody } from "./render.js";
export type { DiscordDeliverer } from "./deliverer.js";
