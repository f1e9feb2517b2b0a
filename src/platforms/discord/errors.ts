// Discord's JSON error codes the adapter acts on (Discord API reference, "JSON Error Codes").
import { DiscordAPIError } from "discord.js";

export const DiscordErrorCode = {
  UnknownChannel: 10003,
  /** The message was deleted (e.g. a team check-in post someone removed). */
  UnknownMessage: 10008,
  UnknownUser: 10013,
  /** The interaction token expired (3 s to acknowledge) or was never valid. */
  UnknownInteraction: 10062,
  InteractionAlreadyAcknowledged: 40060,
  MissingAccess: 50001,
  /** The bot can see the channel but lacks a permission there (e.g. Send Messages). */
  MissingPermissions: 50013,
  /** DMs closed, no shared server, or the user blocked the bot. */
  CannotSendMessagesToUser: 50007,
} as const;

/** Retrying cannot help with these: the outbox row goes straight to "dead". */
export const PERMANENT_DELIVERY_CODES: ReadonlySet<number> = new Set([
  DiscordErrorCode.CannotSendMessagesToUser,
  DiscordErrorCode.UnknownUser,
  DiscordErrorCode.UnknownChannel,
  DiscordErrorCode.MissingAccess,
]);

/** Posting in a channel cannot work until someone gives the bot access again. */
export const CHANNEL_UNREACHABLE_CODES: ReadonlySet<number> = new Set([
  DiscordErrorCode.UnknownChannel,
  DiscordErrorCode.MissingAccess,
  DiscordErrorCode.MissingPermissions,
]);

/** Discord's numeric error code of a failed REST call, if it is one. */
export function discordErrorCode(error: unknown): number | undefined {
  return error instanceof DiscordAPIError && typeof error.code === "number" ? error.code : undefined;
}

/** The user was too slow, pressed twice, or another instance answered first: not our bug. */
export function isStaleInteractionError(error: unknown): boolean {
  const code = discordErrorCode(error);
  return code === DiscordErrorCode.UnknownInteraction || code === DiscordErrorCode.InteractionAlreadyAcknowledged;
}
