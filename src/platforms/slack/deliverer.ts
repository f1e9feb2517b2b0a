// The outbox's Slack adapter: posts rendered prompts into the client's DM, and tells the sender
// which failures are worth retrying. Rate limits (429) are retried inside the WebClient itself,
// honouring Retry-After, before an error ever reaches here.
import { webApi } from "@slack/bolt";
import type { Logger } from "../../log.js";
import { PermanentDeliveryError, type Deliverer } from "../../outbox/sender.js";
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

/** The Slack error code of a Web API platform error (`{ ok: false, error }`), if it is one. */
export function slackErrorCode(error: unknown): string | undefined {
  const e = error as { code?: unknown; data?: { error?: unknown } } | null;
  if (e?.code !== webApi.ErrorCode.PlatformError) return undefined;
  return typeof e.data?.error === "string" ? e.data.error : undefined;
}

export function slackDeliverer(client: webApi.WebClient, log: Logger): Deliverer {
  return {
    async deliver(message) {
      let lastTs: string | undefined;
      // Usually one Slack message; several only when the prompts exceed 50 blocks.
      for (const part of renderPrompts(message.prompts)) {
        try {
          // Posting to a user id lands in the app's DM with that user.
          const result = await client.chat.postMessage({ channel: message.recipient, text: part.text, blocks: part.blocks });
          lastTs = result.ts ?? lastTs;
        } catch (error) {
          const code = slackErrorCode(error);
          if (code && PERMANENT_SLACK_ERRORS.has(code)) {
            throw new PermanentDeliveryError(`Slack refused the message for ${message.recipient}: ${code}`, code);
          }
          log.debug("slack chat.postMessage failed", { outboxId: message.id, code, error });
          throw error;
        }
      }
      return lastTs ? { platformMessageId: lastTs } : {};
    },
  };
}
