// Configuration from environment variables, validated once at start-up. A bad value stops the
// bot with one line naming the variable; .env.example documents each of them.
import { z } from "zod";

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined));

const schema = z.object({
  DATABASE_URL: optionalText.refine((v) => v === undefined || isPostgresUrl(v), {
    message: "must be a postgres:// or postgresql:// URL (leave it unset for the embedded database)",
  }),
  DATA_DIR: optionalText.transform((v) => v ?? "./data"),
  PORT: optionalText
    .refine((v) => v === undefined || /^\d{1,5}$/.test(v), { message: "must be a whole number from 1 to 65535" })
    .transform((v) => (v === undefined ? 3000 : Number(v)))
    .refine((n) => n >= 1 && n <= 65535, { message: "must be a whole number from 1 to 65535" }),
  LOG_LEVEL: optionalText
    .transform((v) => v ?? "info")
    .pipe(z.enum(["debug", "info", "warn", "error", "silent"], { message: "must be one of debug, info, warn, error, silent" })),
  CONSOLE_CHAT: optionalText
    .transform((v) => v ?? "auto")
    .pipe(z.enum(["auto", "on", "off"], { message: "must be auto, on or off" })),
  FLOWS_DIR: optionalText,
  LOCALE: optionalText
    .transform((v) => v ?? "default")
    .refine((v) => v === "default" || /^[a-z]{2}(-[A-Z]{2})?$/.test(v), { message: 'must look like "en-US" (or be "default")' }),
  HOST: optionalText,
  SLACK_API_URL: optionalText.refine((v) => v === undefined || isHttpUrl(v), { message: "must be an http(s) URL" }),
  SLACK_BOT_TOKEN: optionalText,
  SLACK_SIGNING_SECRET: optionalText,
  DISCORD_TOKEN: optionalText,
  DISCORD_APPLICATION_ID: optionalText,
  DISCORD_GUILD_ID: optionalText.refine((v) => v === undefined || /^\d{5,25}$/.test(v), { message: "must be a Discord server id (digits)" }),
  DISCORD_API_URL: optionalText.refine((v) => v === undefined || isHttpUrl(v), { message: "must be an http(s) URL" }),
});

export type Config = z.output<typeof schema>;

export class ConfigError extends Error {}

function isPostgresUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "postgres:" || url.protocol === "postgresql:") && url.hostname !== "";
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
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const name = String(issue.path[0]);
  const shown = name === "DATABASE_URL" || name.includes("TOKEN") || name.includes("SECRET") ? "" : ` (got "${env[name]}")`;
  throw new ConfigError(`Configuration error: ${name} ${issue.message}${shown}.`);
}

export function slackConfigured(config: Config): boolean {
  return Boolean(config.SLACK_BOT_TOKEN && config.SLACK_SIGNING_SECRET);
}

export function discordConfigured(config: Config): boolean {
  return Boolean(config.DISCORD_TOKEN && config.DISCORD_APPLICATION_ID);
}
