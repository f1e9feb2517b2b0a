// Configuration from environment variables, validated once at start-up. A bad value stops the
// bot with one line naming the variable; .env.example documents each of them.
import { readFileSync } from "node:fs";
import { parseEnv } from "node:util";
import { z } from "zod";

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined));

/** A comma-separated list of ids (empty when unset), each matching `id`; `message` says what is expected. */
function idList(id: RegExp, message: string) {
  return optionalText
    .transform((v) =>
      (v ?? "")
        .split(",")
        .map((item) => item.trim())
        .filter(Boolean),
    )
    .refine((ids) => ids.every((item) => id.test(item)), { message });
}

/** A whole number of hours, 1 to 720, with a default. */
function hours(fallback: number) {
  return optionalText
    .refine((v) => v === undefined || /^\d{1,3}$/.test(v), { message: "must be a whole number of hours" })
    .transform((v) => (v === undefined ? fallback : Number(v)))
    .refine((n) => n >= 1 && n <= 720, { message: "must be between 1 and 720 hours" });
}

const schema = z.object({
  DATABASE_URL: optionalText.refine((v) => v === undefined || isPostgresUrl(v), {
    message: "must be a postgres:// or postgresql:// URL naming its host, or its socket folder in ?host= (leave it unset for the embedded database)",
  }),
  DATA_DIR: optionalText.transform((v) => v ?? "./data"),
  PORT: optionalText
    .refine((v) => v === undefined || /^\d{1,5}$/.test(v), { message: "must be a whole number from 0 to 65535" })
    .transform((v) => (v === undefined ? 3000 : Number(v)))
    .refine((n) => n >= 0 && n <= 65535, { message: "must be a whole number from 0 to 65535" }),
  LOG_LEVEL: optionalText
    .transform((v) => v ?? "info")
    .pipe(z.enum(["debug", "info", "warn", "error", "silent"], { message: "must be one of debug, info, warn, error, silent" })),
  CONSOLE_CHAT: optionalText.transform((v) => v ?? "auto").pipe(z.enum(["auto", "on", "off"], { message: "must be auto, on or off" })),
  FLOWS_DIR: optionalText,
  LOCALE: optionalText
    .transform((v) => v ?? "default")
    .refine((v) => v === "default" || /^[a-z]{2}(-[A-Z]{2})?$/.test(v), { message: 'must look like "en-US" (or be "default")' }),
  HOST: optionalText,
  PUBLIC_URL: optionalText.refine((v) => v === undefined || (isHttpUrl(v) && new URL(v).pathname.replace(/\/+$/, "") === ""), {
    message: "must be an http(s) address without a path, e.g. https://coach.example.org",
  }),
  REMINDER_DELAY_HOURS: hours(24),
  MAX_CHECKIN_LATENESS_HOURS: hours(36),
  /** How long an instance holds an inbound event it is processing before another may take it over. */
  INBOX_LEASE_SECONDS: optionalText
    .refine((v) => v === undefined || /^\d{1,4}$/.test(v), { message: "must be a whole number of seconds" })
    .transform((v) => (v === undefined ? 30 : Number(v)))
    .refine((n) => n >= 1 && n <= 3600, { message: "must be between 1 and 3600 seconds" }),
  SCHEDULER: optionalText.transform((v) => v ?? "on").pipe(z.enum(["on", "off"], { message: "must be on or off" })),
  SLACK_API_URL: optionalText.refine((v) => v === undefined || isHttpUrl(v), { message: "must be an http(s) URL" }),
  SLACK_BOT_TOKEN: optionalText,
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText.refine((v) => v === undefined || v.startsWith("xapp-"), { message: "must be an app-level token (xapp-...) for Socket Mode" }),
  SLACK_CLIENT_ID: optionalText,
  SLACK_CLIENT_SECRET: optionalText,
  SLACK_STATE_SECRET: optionalText,
  COACH_USER_IDS: idList(
    /^([A-Za-z0-9_.-]{1,64}:)?[A-Za-z0-9_.-]{1,64}$/,
    "must be user ids separated by commas, each optionally after its workspace or server id and a colon, e.g. T012AB3CD:U045EF6GH",
  ),
  // Where anyone who writes to the bot becomes a client (of the tenant's first coach): Slack
  // workspace ids and Discord server ids, or "all". Unset: by invitation only (/coach enroll).
  OPEN_ENROLMENT: idList(/^[A-Za-z0-9_.-]{1,64}$/, 'must be workspace or server ids separated by commas (e.g. T012AB3CD), or "all"'),
  DISCORD_TOKEN: optionalText,
  DISCORD_APPLICATION_ID: optionalText,
  DISCORD_GUILD_ID: optionalText.refine((v) => v === undefined || /^\d{5,25}$/.test(v), { message: "must be a Discord server id (digits)" }),
  DISCORD_API_URL: optionalText.refine((v) => v === undefined || isHttpUrl(v), { message: "must be an http(s) URL" }),
  DISCORD_COACH_ROLE_ID: optionalText.refine((v) => v === undefined || /^\d{5,25}$/.test(v), { message: "must be a Discord role id (digits)" }),
  MESSAGE_RETENTION_DAYS: optionalText
    .refine((v) => v === undefined || /^\d{1,4}$/.test(v), { message: "must be a whole number of days" })
    .transform((v) => (v === undefined ? 30 : Number(v)))
    .refine((n) => n >= 1 && n <= 3650, { message: "must be between 1 and 3650 days" }),
  FLAG_FALLBACK_USER_IDS: idList(/^[A-Za-z0-9_.-]{1,64}$/, "must be platform user ids separated by commas, e.g. U012AB3CD,U045EF6GH"),
});

export type Config = z.output<typeof schema>;

/**
 * Reads `.env` (in the working folder) into `env` for every entry point, before loadConfig.
 * The real environment wins: a variable already set is never replaced. No file, no change.
 * Node's own parser (util.parseEnv, what process.loadEnvFile uses), applied by hand so the
 * precedence is explicit rather than depending on the Node version.
 */
export function loadDotEnv(file = ".env", env: NodeJS.ProcessEnv = process.env): string[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw new ConfigError(`Configuration error: cannot read ${file}: ${(error as Error).message}.`);
  }
  const loaded: string[] = [];
  for (const [name, value] of Object.entries(parseEnv(text))) {
    if (env[name] !== undefined) continue;
    env[name] = value;
    loaded.push(name);
  }
  return loaded;
}

export class ConfigError extends Error {}

function isPostgresUrl(value: string): boolean {
  try {
    const url = new URL(value);
    // libpq's form may name the host in ?host= instead, as it does for a server on the same
    // machine: ?host=/var/run/postgresql, its Unix socket's folder.
    const host = url.hostname !== "" || (url.searchParams.get("host") ?? "") !== "";
    return (url.protocol === "postgres:" || url.protocol === "postgresql:") && host;
  } catch {
    return false;
  }
}

function isHttpUrl(value: string): boolean {
  try {
    return ["http:", "https:"].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const result = schema.safeParse(env);
  if (result.success) {
    slackConnection(result.data);
    return result.data;
  }
  const issue = result.error.issues[0]!;
  const name = String(issue.path[0]);
  const shown = name === "DATABASE_URL" || name.includes("TOKEN") || name.includes("SECRET") ? "" : ` (got "${env[name]}")`;
  throw new ConfigError(`Configuration error: ${name} ${issue.message}${shown}.`);
}

export function slackConfigured(config: Config): boolean {
  return slackConnection(config) !== null;
}

/** How the bot reaches Slack: one workspace over HTTP or Socket Mode, or any number installed through OAuth. */
export type SlackConnection =
  | { mode: "http"; botToken: string; signingSecret: string }
  | { mode: "socket"; botToken: string; appToken: string }
  | { mode: "oauth"; clientId: string; clientSecret: string; stateSecret: string; signingSecret: string };

/** Reads the SLACK_* variables; null when Slack is not configured. An incomplete or contradictory set is a ConfigError. */
export function slackConnection(config: Config): SlackConnection | null {
  const problem = (name: string, message: string) => new ConfigError(`Configuration error: ${name} ${message}.`);
  const { SLACK_BOT_TOKEN: botToken, SLACK_SIGNING_SECRET: signingSecret, SLACK_APP_TOKEN: appToken } = config;
  const { SLACK_CLIENT_ID: clientId, SLACK_CLIENT_SECRET: clientSecret, SLACK_STATE_SECRET: stateSecret } = config;
  if (clientId || clientSecret || stateSecret) {
    if (!clientId) throw problem("SLACK_CLIENT_ID", "is required with SLACK_CLIENT_SECRET and SLACK_STATE_SECRET (installs through OAuth)");
    if (!clientSecret) throw problem("SLACK_CLIENT_SECRET", "is required with SLACK_CLIENT_ID (installs through OAuth)");
    if (!stateSecret) throw problem("SLACK_STATE_SECRET", "is required with SLACK_CLIENT_ID (any long random string; it protects the install link)");
    if (!signingSecret) throw problem("SLACK_SIGNING_SECRET", "is required with SLACK_CLIENT_ID (installs through OAuth use HTTP)");
    if (appToken) throw problem("SLACK_APP_TOKEN", "cannot be combined with SLACK_CLIENT_ID: installs through OAuth use HTTP, not Socket Mode");
    if (botToken) throw problem("SLACK_BOT_TOKEN", "must be unset with SLACK_CLIENT_ID: each workspace's token comes from its installation");
    return { mode: "oauth", clientId, clientSecret, stateSecret, signingSecret };
  }
  if (appToken) {
    if (!botToken) throw problem("SLACK_BOT_TOKEN", "is required with SLACK_APP_TOKEN (Socket Mode)");
    return { mode: "socket", botToken, appToken };
  }
  return botToken && signingSecret ? { mode: "http", botToken, signingSecret } : null;
}

export function discordConfigured(config: Config): boolean {
  return Boolean(config.DISCORD_TOKEN && config.DISCORD_APPLICATION_ID);
}

/** The address people reach the bot's HTTP server at (dashboard links), without a trailing slash. */
export function publicUrl(config: Pick<Config, "PUBLIC_URL" | "PORT">): string {
  return (config.PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/+$/, "");
}
