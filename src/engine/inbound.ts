// The neutral form every platform adapter translates its events into.
import type { InboundTenant, Platform } from "../domain/tenant.js";

export type { InboundTenant, Platform };

export type InboundKind = { kind: "start" } | { kind: "message"; text: string; promptId?: string } | { kind: "command"; name: string; args: string[] };

export type Inbound = InboundKind & {
  /** Unique per platform delivery (Slack event_id, Discord interaction id, ...): the dedupe key. */
  eventId: string;
  tenant: InboundTenant;
  user: {
    platformUserId: string;
    displayName?: string;
    /**
     * Asked only when this person is new to the bot (one platform call per newcomer): their time
     * zone, and the name the platform shows when the event did not carry one.
     */
    profile?: () => Promise<{ timezone?: string | undefined; displayName?: string | undefined }>;
  };
};

/** Splits "/status now" into a command; anything not starting with "/" is a message. */
export function parseTypedText(text: string): InboundKind {
  const trimmed = text.trim();
  if (!trimmed.startsWith("/") || trimmed.length < 2) return { kind: "message", text };
  const [name = "", ...args] = trimmed.slice(1).split(/\s+/);
  return { kind: "command", name: name.toLowerCase(), args };
}
