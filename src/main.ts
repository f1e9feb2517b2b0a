// Composition root: read config, open the database, wire engine, outbox and platforms.
import { systemClock } from "./clock.js";
import { ConfigError, discordConfigured, loadConfig, loadDotEnv, slackConfigured, type Config } from "./config.js";
import { queueCoachDigest } from "./coach/digest.js";
import { openCore, StartupError, type Core } from "./core.js";
import type { InboundTenant } from "./engine/inbound.js";
import { fillTemplate } from "./domain/script.js";
import { createLogger } from "./log.js";
import { startDiscord, type DiscordAdapter } from "./platforms/discord/index.js";
import { startSlack, type SlackAdapter } from "./platforms/slack/index.js";
import { slackConnection } from "./config.js";
import * as roster from "./coach/roster.js";
import * as privacy from "./coach/privacy.js";
import { consoleDeliverer, runConsoleChat } from "./platforms/console/chat.js";
import { reconcileSchedules } from "./scheduler/reconcile.js";
import { startSchedulerTick } from "./scheduler/cron.js";
import type { Database } from "./store/database.js";

async function main(): Promise<number> {
  let config: Config;
  try {
    loadDotEnv();
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) return fail(error.message);
    throw error;
  }
  const log = createLogger(config.LOG_LEVEL);

  let core: Core;
  try {
    core = await openCore(config, log, systemClock);
  } catch (error) {
    if (error instanceof StartupError) return fail(error.message);
    throw error;
  }
  const { catalog, db, engine, sender, deliverers, desk } = core;

  const platforms = [slackConfigured(config) && "slack", discordConfigured(config) && "discord"].filter(Boolean) as string[];
  const consoleOn = config.CONSOLE_CHAT === "on" || (config.CONSOLE_CHAT === "auto" && platforms.length === 0);
  printBanner(db, platforms, consoleOn);
  deliverers.console = consoleDeliverer(process.stdout);

  let slack: SlackAdapter | undefined;
  if (slackConfigured(config)) {
    try {
      slack = await startSlack({
        connection: slackConnection(config)!,
        port: config.PORT,
        ...(config.HOST ? { host: config.HOST } : {}),
        ...(config.SLACK_API_URL ? { apiUrl: config.SLACK_API_URL } : {}),
        engine,
        sender,
        prisma: db.prisma,
        catalog,
        // Coach services sit above the adapters; the adapter gets them from here.
        coach: { ...roster, ...privacy, desk, queueDigestNow: (coachId, eventId) => queueCoachDigest(db.prisma, catalog, coachId, systemClock.now(), eventId) },
        coachUserIds: config.COACH_USER_IDS,
        log,
      });
    } catch (error) {
      await db.close();
      return fail(`Slack error: ${(error as Error).message}`);
    }
    deliverers.slack = slack.deliverer;
    log.info("Slack is connected", { mode: slack.mode, port: slack.port });
  }

  let discord: DiscordAdapter | undefined;
  if (discordConfigured(config)) {
    try {
      discord = await startDiscord({
        token: config.DISCORD_TOKEN!,
        applicationId: config.DISCORD_APPLICATION_ID!,
        ...(config.DISCORD_GUILD_ID ? { guildId: config.DISCORD_GUILD_ID } : {}),
        ...(config.DISCORD_API_URL ? { apiUrl: config.DISCORD_API_URL } : {}),
        ...(config.DISCORD_COACH_ROLE_ID ? { coachRoleId: config.DISCORD_COACH_ROLE_ID } : {}),
        coachUserIds: config.COACH_USER_IDS,
        engine,
        sender,
        prisma: db.prisma,
        catalog,
        clock: systemClock,
        log,
      });
    } catch (error) {
      await slack?.stop();
      await db.close();
      return fail(`Discord error: ${(error as Error).message}`);
    }
    deliverers.discord = discord.deliverer;
    core.teamChannels.discord = discord.teamChannel;
    log.info("Discord is connected");
  }

  // Time-based work (check-ins, reminders, reviews, digests) runs from database rows every minute.
  const tick = config.SCHEDULER === "on" ? startSchedulerTick({ ...core.scheduler, clock: systemClock, log }) : undefined;
  if (tick) {
    // A safety net, not a reason to stop serving: the tick runs on, the next start tries again.
    try {
      log.info("scheduler running", { planned: await reconcileSchedules(db.prisma, systemClock.now()) });
    } catch (error) {
      log.error("scheduler running, but planning missing weekly check-ins failed at start; restart to try again", { error });
    }
  }

  let closing: Promise<void> | null = null;
  const shutdown = (reason: string) => {
    closing ??= (async () => {
      log.info("shutting down", { reason });
      await tick?.stop();
      await slack?.stop();
      await discord?.stop();
      await db.close();
    })();
    return closing;
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => void shutdown(signal).then(() => process.exit(0)));
  }

  if (!consoleOn) {
    if (!slack && !discord) {
      log.info("no chat platform is running; set CONSOLE_CHAT=on to talk to the bot here");
      await shutdown("nothing to run");
      return 0;
    }
    // Serve the platforms until SIGINT/SIGTERM; the signal handlers close everything and exit.
    return new Promise<number>(() => {});
  }
  const coachCommand = async (words: string[], eventId: string, who: { tenant: InboundTenant; platformUserId: string }) => {
    const client = await db.prisma.client.findFirst({
      where: { platformUserId: who.platformUserId, tenant: { platform: who.tenant.platform, externalId: who.tenant.externalId } },
      select: { id: true },
    });
    return client ? desk.run({ eventId, clientId: client.id, words }) : [fillTemplate(catalog.session.messages.notRunning, { name: "your client" })];
  };
  await runConsoleChat({ engine, sender, log, prisma: db.prisma, coachCommand, input: process.stdin, output: process.stdout, echo: !process.stdin.isTTY });
  await shutdown("end of input");
  return 0;
}

function printBanner(db: Database, platforms: string[], consoleOn: boolean): void {
  const where = db.kind === "pglite" ? `embedded PGlite at ${db.location}` : `PostgreSQL at ${db.location}`;
  const lines = [
    "Stagewise coach",
    `  database:  ${where} (migrations applied)`,
    `  platforms: ${[...platforms, consoleOn ? "console chat" : null].filter(Boolean).join(", ") || "none"}`,
  ];
  if (!platforms.includes("slack")) lines.push("  Slack:     set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET to connect a workspace");
  if (!platforms.includes("discord")) lines.push("  Discord:   set DISCORD_TOKEN and DISCORD_APPLICATION_ID to connect a server");
  if (consoleOn) lines.push("  Type /help for commands; end input (Ctrl-D) to leave.");
  process.stdout.write(`${lines.join("\n")}\n`);
}

function fail(message: string): number {
  process.stderr.write(`${message}\n`);
  return 2;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`Fatal: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
