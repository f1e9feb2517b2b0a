// Composition root: read config, open the database, wire engine, outbox and platforms.
import { systemClock } from "./clock.js";
import { type Config, ConfigError, discordConfigured, loadConfig, loadDotEnv, slackConfigured, slackConnection } from "./config.js";
import { type Core, openCore, StartupError } from "./core.js";
import { type HttpServer, startHttpServer } from "./http/server.js";
import { createLogger, quieter } from "./log.js";
import type { PlatformAdapter } from "./platforms/adapter.js";
import { consoleDeliverer, runConsoleChat } from "./platforms/console/chat.js";
// Types only: each platform's SDK (@slack/bolt, discord.js) is imported when it is configured,
// so a process without it never loads it (tens of MB of resident memory each).
import type { DiscordAdapter } from "./platforms/discord/index.js";
import type { SlackAdapter } from "./platforms/slack/index.js";
import { startSchedulerTick } from "./scheduler/cron.js";
import { reconcileSchedules } from "./scheduler/reconcile.js";
import type { Database } from "./store/database.js";

/**
 * SIGINT/SIGTERM close everything and exit 0. One that comes during start-up waits for start-up
 * to reach that point (so nothing is closed under a step still using it); a second one exits at once.
 */
let signalled: string | null = null;
let stopOnSignal: ((signal: string) => void) | null = null;
/** The shutdown under way: errors from steps it closed things under are its own, not failures. */
let closing: Promise<void> | null = null;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (signalled) process.exit(128 + (signal === "SIGINT" ? 2 : 15));
    signalled = signal;
    stopOnSignal?.(signal);
  });
}

async function main(): Promise<number> {
  let config: Config;
  try {
    loadDotEnv();
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) return fail(error.message);
    throw error;
  }
  const platforms = [slackConfigured(config) && "slack", discordConfigured(config) && "discord"].filter(Boolean) as string[];
  const consoleOn = config.CONSOLE_CHAT === "on" || (config.CONSOLE_CHAT === "auto" && platforms.length === 0);
  // The console chat shares the terminal: only warnings and errors are logged there, so log
  // lines do not interleave with the conversation.
  const log = createLogger(consoleOn ? quieter(config.LOG_LEVEL, "warn") : config.LOG_LEVEL);

  let core: Core;
  try {
    core = await openCore(config, log, systemClock);
  } catch (error) {
    if (error instanceof StartupError) return fail(error.message);
    throw error;
  }
  const { catalog, db, engine, sender, deliverers } = core;

  deliverers.console = consoleDeliverer(process.stdout);

  // The bot's own HTTP server runs in every configuration: Slack's routes and /healthz.
  let http: HttpServer;
  try {
    http = await startHttpServer({ port: config.PORT, ...(config.HOST ? { host: config.HOST } : {}), log });
  } catch (error) {
    await db.close();
    return fail(`HTTP server error: could not listen on port ${config.PORT}: ${(error as Error).message}`);
  }
  http.mount("/dashboard", async (req, res) => {
    if (!(await core.dashboard.routes(req, res))) res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found");
  });
  printBanner(db, platforms, consoleOn, http.port);
  // A configured platform is "disconnected" on /healthz until its adapter has started and
  // registered its own check under the same name (importing its SDK takes a moment).
  for (const platform of platforms) http.health(platform, () => false);

  let slack: SlackAdapter | undefined;
  if (slackConfigured(config)) {
    try {
      const { startSlack } = await import("./platforms/slack/index.js");
      slack = await startSlack({
        connection: slackConnection(config)!,
        http,
        ...(config.SLACK_API_URL ? { apiUrl: config.SLACK_API_URL } : {}),
        engine,
        inbox: core.inbox,
        sender,
        catalog,
        interactions: core.interactions,
        coachUserIds: config.COACH_USER_IDS,
        log,
      });
    } catch (error) {
      await http.close();
      await db.close();
      return fail(`Slack error: ${(error as Error).message}`);
    }
    attach(core, slack);
    log.info("Slack is connected", { mode: slack.mode });
  }

  let discord: DiscordAdapter | undefined;
  if (discordConfigured(config)) {
    try {
      const { startDiscord } = await import("./platforms/discord/index.js");
      discord = await startDiscord({
        token: config.DISCORD_TOKEN!,
        applicationId: config.DISCORD_APPLICATION_ID!,
        ...(config.DISCORD_GUILD_ID ? { guildId: config.DISCORD_GUILD_ID } : {}),
        ...(config.DISCORD_API_URL ? { apiUrl: config.DISCORD_API_URL } : {}),
        ...(config.DISCORD_COACH_ROLE_ID ? { coachRoleId: config.DISCORD_COACH_ROLE_ID } : {}),
        coachUserIds: config.COACH_USER_IDS,
        interactions: core.interactions,
        inbox: core.inbox,
        http,
        log,
      });
    } catch (error) {
      await slack?.stop();
      await http.close();
      await db.close();
      return fail(`Discord error: ${(error as Error).message}`);
    }
    attach(core, discord);
    log.info("Discord is connected");
  }

  // Events stored but not processed (the last run was killed, the database was away) are taken
  // over now and every few seconds; the adapters registered their kinds above.
  core.inbox.start();

  // Time-based work (check-ins, reminders, reviews, digests) runs from database rows every minute.
  const tick =
    config.SCHEDULER === "on"
      ? startSchedulerTick({
          ...core.scheduler,
          clock: systemClock,
          log,
          messageRetentionDays: config.MESSAGE_RETENTION_DAYS,
          ...(db.maintain ? { maintainDatabase: db.maintain } : {}),
        })
      : undefined;
  // A safety net, not a reason to stop serving: the tick runs on, the next start tries again.
  // Not waited for: people can talk to the bot while it plans (a large roster takes a while);
  // shutdown waits for it before closing the database.
  const planning = tick
    ? reconcileSchedules(db.prisma, systemClock.now()).then(
        (planned) => log.info("scheduler running", { planned }),
        (error: unknown) => log.error("scheduler running, but planning missing weekly check-ins failed at start; restart to try again", { error }),
      )
    : undefined;

  const shutdown = (reason: string) => {
    closing ??= (async () => {
      log.info("shutting down", { reason });
      await planning;
      await tick?.stop();
      core.sender.close();
      await slack?.stop();
      await discord?.stop();
      await core.inbox.stop();
      await http.close();
      await db.close();
    })();
    return closing;
  };
  stopOnSignal = (signal) => void shutdown(signal).then(() => process.exit(0));
  if (signalled) {
    await shutdown(signalled);
    return 0;
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
  await runConsoleChat({
    sender,
    log,
    interactions: core.interactions,
    inbox: core.inbox,
    input: process.stdin,
    output: process.stdout,
    echo: !process.stdin.isTTY,
    prompt: Boolean(process.stdin.isTTY),
  });
  await shutdown("end of input");
  return 0;
}

/** A started adapter joins the outbox (its deliverer) and the team service (its channel). */
function attach(core: Core, adapter: PlatformAdapter): void {
  core.deliverers[adapter.platform] = adapter.deliverer;
  if (adapter.teamChannel) core.teamChannels[adapter.platform] = adapter.teamChannel;
}

function printBanner(db: Database, platforms: string[], consoleOn: boolean, port: number): void {
  const where = db.kind === "pglite" ? `embedded PGlite at ${db.location}` : `PostgreSQL at ${db.location}`;
  const lines = [
    "Stagewise coach",
    `  database:  ${where} (migrations applied)`,
    `  platforms: ${[...platforms, consoleOn ? "console chat" : null].filter(Boolean).join(", ") || "none"}`,
    `  http:      port ${port} (GET /healthz; the coach dashboard at /dashboard, links from /coach dashboard)`,
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
    if (closing) return void closing.then(() => process.exit(0));
    process.stderr.write(`Fatal: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
