// The outbox's Slack adapter: posts rendered prompts (and attached files, such as a digest's
// chart) into the recipient's DM, and tells the sender which failures are worth retrying. Its
// WebClient rejects rate-limited calls instead of pausing: a 429 in one workspace re-queues that
// message after Retry-After rather than holding up every other send in this process.
import { webApi } from "@slack/bolt";
import type { Logger } from "../../log.js";
import { type Deliverer, type OutgoingMessage, PartlyDeliveredError, PermanentDeliveryError, RateLimitedError } from "../../outbox/sender.js";
import { renderPrompts } from "./blocks.js";

/** Web API errors that retrying cannot fix: the recipient is gone or our token is. */
export const PERMANENT_SLACK_ERRORS: ReadonlySet<string> = new Set([
  "channel_not_found",
  "not_in_channel",
  "account_inactive",
  "user_not_found",
  "is_archived",
  "invalid_auth",
  "token_revoked",
  "cannot_dm_bot",
]);

/**
 * Kept by the outbox sender per workspace, so bulk sends do not run into 429s: chat.postMessage
 * allows about one message per second per channel (short bursts pass), and an attachment costs
 * two Tier 4 calls (files.getUploadURLExternal, files.completeUploadExternal: 100+ per minute).
 * The WebClient itself only reacts to 429s (rejected here, see app.ts), so a 429 that still
 * comes re-queues the message after Retry-After and holds that workspace meanwhile.
 */
export const SLACK_DELIVERY_LIMITS = { perRecipientMs: 1_000, perRecipientBurst: 20, attachmentsPerMinute: 40 } as const;

/** The Slack error code of a Web API platform error (`{ ok: false, error }`), if it is one. */
export function slackErrorCode(error: unknown): string | undefined {
  const e = error as { code?: unknown; data?: { error?: unknown } } | null;
  if (e?.code !== webApi.ErrorCode.PlatformError) return undefined;
  return typeof e.data?.error === "string" ? e.data.error : undefined;
}

/**
 * `clientFor` picks the Web API client for a message: the one bot token's, or, with installs in
 * several workspaces, the token of the workspace the message belongs to. It throws a
 * PermanentDeliveryError when the app is no longer installed there.
 */
export function slackDeliverer(clientFor: webApi.WebClient | ((message: OutgoingMessage) => Promise<webApi.WebClient>), log: Logger): Deliverer {
  return {
    limits: SLACK_DELIVERY_LIMITS,
    async deliver(message) {
      const client = typeof clientFor === "function" ? await clientFor(message) : clientFor;
      let lastTs = message.textDeliveredAs;
      let channel: string | undefined;
      try {
        // Usually one Slack message; several only when the prompts exceed 50 blocks.
        for (const part of message.textDeliveredAs ? [] : renderPrompts(message.prompts)) {
          // Posting to a user id lands in the app's DM with that user.
          const result = await client.chat.postMessage({ channel: message.recipient, text: part.text, blocks: part.blocks });
          lastTs = result.ts ?? lastTs;
          channel = result.channel ?? channel;
        }
      } catch (error) {
        throw deliveryError(error, message, log);
      }
      try {
        if (message.attachments?.length && !channel) channel = (await client.conversations.open({ users: message.recipient })).channel?.id;
        for (const file of message.attachments ?? []) {
          await client.filesUploadV2({ channel_id: channel ?? message.recipient, filename: file.filename, file: Buffer.from(file.dataBase64, "base64") });
        }
      } catch (error) {
        const failure = deliveryError(error, message, log);
        // The text is out: a retry uploads the files only (see OutgoingMessage.textDeliveredAs).
        throw lastTs ? new PartlyDeliveredError(lastTs, failure) : failure;
      }
      return lastTs ? { platformMessageId: lastTs } : {};
    },
  };
}

function deliveryError(error: unknown, message: OutgoingMessage, log: Logger): Error {
  const e = error as { code?: unknown; retryAfter?: unknown };
  if (e?.code === webApi.ErrorCode.RateLimitedError) {
    return new RateLimitedError(typeof e.retryAfter === "number" ? e.retryAfter * 1000 : 1000);
  }
  const code = slackErrorCode(error);
  if (code && PERMANENT_SLACK_ERRORS.has(code)) {
    return new PermanentDeliveryError(`Slack refused the message for ${message.recipient}: ${code}`, code);
  }
  log.debug("slack delivery failed", { outboxId: message.id, code, error });
  return error as Error;
}
