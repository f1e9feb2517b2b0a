// Direct replies in a person's DM with the bot, for answers that do not come from the machine
// (coach commands, the data dialogue). Coaching prompts go through the outbox instead.
import type { types, webApi } from "@slack/bolt";
import type { Logger } from "../../log.js";
import { BLOCK_LIMITS, renderPrompts } from "./blocks.js";
import { splitText, truncate } from "./text.js";

/** Text from flows/*.yaml or the database, shown exactly as written (plain_text sections). */
export async function postText(client: webApi.WebClient, userId: string, text: string, log: Logger): Promise<void> {
  for (const part of renderPrompts([{ id: "reply", text, input: { kind: "none" } }])) {
    await post(client, { channel: userId, text: part.text, blocks: part.blocks }, log);
  }
}

/** The adapter's own mrkdwn wording (mentions, `code`); callers escape what they interpolate. */
export async function postNotice(client: webApi.WebClient, userId: string, mrkdwn: string, log: Logger): Promise<void> {
  await post(client, { channel: userId, text: truncate(mrkdwn, BLOCK_LIMITS.fallbackText), blocks: noticeBlocks(mrkdwn) }, log);
}

export function noticeBlocks(mrkdwn: string): types.KnownBlock[] {
  return splitText(mrkdwn, BLOCK_LIMITS.sectionText).map((text) => ({ type: "section", text: { type: "mrkdwn", text } }));
}

async function post(client: webApi.WebClient, message: webApi.ChatPostMessageArguments, log: Logger): Promise<void> {
  // A reply that cannot be posted is logged; the command itself has already taken effect.
  await client.chat.postMessage(message).catch((error: unknown) => log.warn("slack reply could not be posted", { channel: message.channel, error }));
}
