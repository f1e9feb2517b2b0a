// Slack payloads -> neutral Inbound. Translation only: which Slack deliveries count as the
// client talking to us, and which id makes each one idempotent. No coaching decisions here.
import { createHash } from "node:crypto";
import { type Inbound, type InboundTenant, parseTypedText } from "../../engine/inbound.js";
import { slackTextToPlain } from "./text.js";

/** The bot's own identity and workspace, from auth.test at start-up. */
export interface BotIdentity {
  botUserId: string;
  botId: string;
  teamId: string;
  teamName: string;
}

export function tenantFor(teamId: string, identity: BotIdentity, teamName?: string): InboundTenant {
  const name = teamId === identity.teamId ? identity.teamName : (teamName ?? teamId);
  return { platform: "slack", externalId: teamId, name };
}

/** The fields of an Events API envelope carrying a `message` event that we read. */
export interface MessageEnvelope {
  event_id?: string;
  team_id?: string;
  event: {
    type?: string;
    subtype?: string;
    channel_type?: string;
    user?: string;
    bot_id?: string;
    text?: string;
    team?: string;
  };
}

export type MessageVerdict = { inbound: Inbound } | { ignored: string };

/**
 * A direct message typed by a person becomes an Inbound message (or a command when it starts
 * with "/"). Everything else is ignored: channel messages, edits and other subtypes, messages
 * from bots (including our own replies, which Slack also delivers to us).
 */
export function translateMessage(envelope: MessageEnvelope, identity: BotIdentity): MessageVerdict {
  const event = envelope.event;
  if (event.type !== "message") return { ignored: "not a message" };
  if (event.channel_type !== "im") return { ignored: "not a direct message" };
  if (event.subtype !== undefined) return { ignored: `subtype ${event.subtype}` };
  if (event.bot_id !== undefined) return { ignored: "sent by a bot" };
  if (!event.user || event.user === identity.botUserId) return { ignored: "sent by the bot itself" };
  const teamId = envelope.team_id ?? event.team;
  if (!envelope.event_id || !teamId) return { ignored: "no event id or team" };
  const text = slackTextToPlain(event.text ?? "");
  if (text.trim() === "") return { ignored: "empty text" };
  return {
    inbound: {
      ...parseTypedText(text),
      // Slack redelivers an unacknowledged event with the same event_id: the engine dedupes on it.
      eventId: `slack:event:${envelope.event_id}`,
      tenant: tenantFor(teamId, identity),
      user: { platformUserId: event.user },
    },
  };
}

/** The fields of a slash command payload that we read. */
export interface CommandPayload {
  team_id: string;
  team_domain?: string;
  user_id: string;
  user_name?: string;
  text?: string;
  trigger_id: string;
}

/** `/coach checkin now` -> command "checkin" with args ["now"]; a bare `/coach` asks for help. */
export function translateCommand(command: CommandPayload, identity: BotIdentity): Inbound {
  const [first = "", ...args] = (command.text ?? "").trim().split(/\s+/).filter(Boolean);
  const name = first.replace(/^\//, "").toLowerCase() || "help";
  return {
    kind: "command",
    name,
    args,
    // Slack does not retry slash commands and sends no event id; trigger_id is unique per invocation.
    eventId: `slack:command:${hashOf(command.team_id, command.user_id, command.trigger_id)}`,
    tenant: tenantFor(command.team_id, identity, command.team_domain),
    user: { platformUserId: command.user_id, ...(command.user_name ? { displayName: command.user_name } : {}) },
  };
}

export interface AnswerFrom {
  teamId: string;
  userId: string;
  userName?: string;
  promptId: string;
  /** The raw answer: an option value, a number as text, or what was typed in the form. */
  text: string;
  eventId: string;
}

/** A button press, drop-down choice or form submission answering one prompt. */
export function translateAnswer(answer: AnswerFrom, identity: BotIdentity): Inbound {
  return {
    kind: "message",
    text: answer.text,
    promptId: answer.promptId,
    eventId: answer.eventId,
    tenant: tenantFor(answer.teamId, identity),
    user: { platformUserId: answer.userId, ...(answer.userName ? { displayName: answer.userName } : {}) },
  };
}

/** Button presses are not retried by Slack; message ts + action ts identify one press. */
export function actionEventId(messageTs: string, actionTs: string): string {
  return `slack:action:${messageTs}:${actionTs}`;
}

/** Each opened form is a new view id, and a valid form is submitted once. */
export function viewEventId(viewId: string): string {
  return `slack:view:${viewId}`;
}

function hashOf(...parts: string[]): string {
  return createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, 32);
}
