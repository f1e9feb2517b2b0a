// What a person sends over Slack (a DM, a button press, the app home opening) is stored in the
// inbox before Slack is answered, over HTTP and Socket Mode alike: Bolt acknowledges events
// before any listener runs, so the store happens in front of Bolt's processEvent, which both
// receivers call. The stored request body is later replayed through Bolt with a no-op ack, so
// the listeners stay the one path from a Slack request to the engine. Requests whose answer
// carries content (slash commands, form submissions) and app events naming nobody go straight
// to Bolt as before.
import type { App, ReceiverEvent } from "@slack/bolt";
import type { Inbox, InboxEntry } from "../../engine/inbox.js";
import type { Logger } from "../../log.js";
import type { BackgroundWork } from "./work.js";

export const SLACK_KIND = "slack";

interface StoredRequest {
  body: Record<string, unknown>;
  retryNum?: number;
  retryReason?: string;
}

/** The inbox row for a request worth keeping; null for requests handled directly. */
export function slackInboxEntry(body: unknown, retry: { retryNum?: number; retryReason?: string } = {}): InboxEntry | null {
  if (typeof body !== "object" || body === null) return null;
  const fields = body as Record<string, unknown>;
  const payload: StoredRequest = {
    body: fields,
    ...(retry.retryNum !== undefined ? { retryNum: retry.retryNum } : {}),
    ...(retry.retryReason ? { retryReason: retry.retryReason } : {}),
  };
  if (fields.type === "event_callback") {
    const event = fields.event as Record<string, unknown> | undefined;
    // Only what a person did; the bot's own messages come back as events too.
    if (typeof fields.event_id !== "string" || typeof event?.user !== "string" || typeof event.bot_id === "string") return null;
    return { platform: "slack", tenantKey: String(fields.team_id ?? ""), eventId: fields.event_id, userId: event.user, kind: SLACK_KIND, payload };
  }
  if (fields.type === "block_actions") {
    const user = fields.user as { id?: unknown; team_id?: unknown } | undefined;
    const team = (fields.team as { id?: unknown } | null | undefined)?.id ?? user?.team_id;
    if (typeof fields.trigger_id !== "string" || typeof user?.id !== "string") return null;
    return { platform: "slack", tenantKey: String(team ?? ""), eventId: `action:${fields.trigger_id}`, userId: user.id, kind: SLACK_KIND, payload };
  }
  return null;
}

/** Puts the inbox in front of Bolt, and lets the inbox replay stored requests through Bolt. */
export function storeBeforeAcknowledging(app: App, inbox: Inbox, work: BackgroundWork, log: Logger): void {
  const boltProcess = app.processEvent.bind(app);
  inbox.handle(SLACK_KIND, async (row) => {
    const stored = row.payload as StoredRequest;
    await boltProcess({
      body: stored.body,
      ack: async () => {},
      ...(stored.retryNum !== undefined ? { retryNum: stored.retryNum } : {}),
      ...(stored.retryReason ? { retryReason: stored.retryReason } : {}),
      customProperties: {},
    } as ReceiverEvent);
  });
  app.processEvent = async (event: ReceiverEvent) => {
    const entry = slackInboxEntry(event.body, {
      ...(event.retryNum !== undefined ? { retryNum: event.retryNum } : {}),
      ...(event.retryReason ? { retryReason: event.retryReason } : {}),
    });
    if (!entry) return boltProcess(event);
    // If this throws, Slack gets no acknowledgement (an error status) and sends the event again.
    const row = await inbox.receive(entry);
    await event.ack();
    if (row) void work.track("inbox event", async () => void (await inbox.process(row)));
    else log.debug("slack: event already in the inbox", { eventId: entry.eventId });
  };
}
