// Composition root: read config, open the database, wire engine, outbox and platforms.
import { systemClock } from "./clock.js";
import { ConfigError, discordConfigured, loadConfig, slackConfigured, type Config } from "./config.js";
import { CoachDesk } from "./coach/desk.js";
import { CoachingEngine } from "./engine/engine.js";
import type { InboundTenant } from "./engine/inbound.js";
import { FlowFileError, loadCatalog } from "./flows/loader.js";
import { createLogger } from "./log.js";
import { createClientMachine } from "./machines/client.machine.js";
import { OutboxSender, type SenderDeps } from "./outbox/sender.js";
import { startDiscord, type DiscordAdapter } from "./platforms/discord/index.js";
import { startSlack, type SlackAdapter } from "./platforms/slack/index.js";
import { consoleDeliverer, runConsoleChat } from "./platforms/console/chat.js";
import { openDatabase, type Database } from "./store/database.js";

async function main(): Promise<number> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) return fail(error.message);
    throw error;
  }
  const log = createLogger(config.LOG_LEVEL);

  let catalog;
  try {
    catalog = config.FLOWS_DIR ? loadCatalog(config.FLOWS_DIR) : loadCatalog();
  } catch (error) {
    if (error instanceof FlowFileError) return fail(`Flow file error: ${error.message}`);
    throw error;
  }

  let db: Database;
  try {
    db = await openDatabase(config.DATABASE_URL ? { kind: "postgres", url: config.DATABASE_URL } : { kind: "pglite", dataDir: config.DATA_DIR });
  } catch (error) {
    return fail(`Database error: ${(error as Error).message}`);
  }

  const platforms = [slackConfigured(config) && "slack", discordConfigured(config) && "discord"].filter(Boolean) as string[];
  const consoleOn = config.CONSOLE_CHAT === "on" || (config.CONSOLE_CHAT === "auto" && platforms.length === 0);
  printBanner(db, platforms, consoleOn);

  const engine = new CoachingEngine({ prisma: db.prisma, machine: createClientMachine(catalog, { locale: config.LOCALE }), catalog, clock: systemClock, log });
  // Adapters register their deliverer once started; the sender looks it up on every send.
  const deliverers: SenderDeps["deliverers"] = { console: consoleDeliverer(process.stdout) };
  const sender = new OutboxSender({ prisma: db.prisma, catalog, clock: systemClock, log, deliverers });

  let slack: SlackAdapter | undefined;
  if (slackConfigured(config)) {
    try {
      slack = await startSlack({
        botToken: config.SLACK_BOT_TOKEN!,
        signingSecret: config.SLACK_SIGNING_SECRET!,
        port: config.PORT,
        ...(config.HOST ? { host: config.HOST } : {}),
        ...(config.SLACK_API_URL ? { apiUrl: config.SLACK_API_URL } : {}),
        engine,
        sender,
        log,
      });
    } catch (error) {
      await db.close();
      return fail(`Slack error: ${(error as Error).message}`);
    }
    deliverers.slack = slack.deliverer;
    log.info("Slack is connected", { port: slack.port, path: "/slack/events" });
  }

  let discord: DiscordAdapter | undefined;
  if (discordConfigured(config)) {
    try {
      discord = await startDiscord({
        token: config.DISCORD_TOKEN!,
        applicationId: config.DISCORD_APPLICATION_ID!,
        ...(config.DISCORD_GUILD_ID ? { guildId: config.DISCORD_GUILD_ID } : {}),
        ...(config.DISCORD_API_URL ? { apiUrl: config.DISCORD_API_URL } : {}),
        engine,
        sender,
        log,
      });
    } catch (error) {
      await slack?.stop();
      await db.close();
      return fail(`Discord error: ${(error as Error).message}`);
    }
    deliverers.discord = discord.deliverer;
    log.info("Discord is connected");
  }

  let closing: Promise<void> | null = null;
  const shutdown = (reason: string) => {
    closing ??= (async () => {
      log.info("shutting down", { reason });
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
  const desk = new CoachDesk({ prisma: db.prisma, engine, catalog });
  const coachCommand = async (words: string[], eventId: string, who: { tenant: InboundTenant; platformUserId: string }) => {
    const client = await db.prisma.client.findFirst({
      where: { platformUserId: who.platformUserId, tenant: { platform: who.tenant.platform, externalId: who.tenant.externalId } },
      select: { id: true },
    });
    return client ? desk.run({ eventId, clientId: client.id, words }) : [catalog.session.messages.notRunning.replace("{name}", "your client")];
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
