// Everything a person sends over Slack (a DM, a button press, a slash command, a sent form, the
// app home opening) is stored in the inbox before Slack is answered, over HTTP and Socket Mode
// alike: Bolt acknowledges events before any listener runs, so the store happens in front of
// Bolt's processEvent, which both receivers call. The acknowledgement carries only what needs
// no work (a slash command's "on it" outside the DM; an empty body that closes a modal), and the
// stored request body is later replayed through Bolt with a no-op ack, so the listeners stay the
// one path from a Slack request to the engine; their replies go out through the Web API.
// Handled directly by Bolt, as before: app events naming nobody, answer forms whose field errors
// must go back in the acknowledgement (the modal stays open with what was typed, so nothing is
// lost), and forms we cannot read.
import type { App, ReceiverEvent, SlashCommand } from "@slack/bolt";
import type { Inbox, InboxEntry, InboxRow } from "../../engine/inbox.js";
import type { Logger } from "../../log.js";
import { APOLOGY } from "./dispatch.js";
import { readAnswerForm, type SubmittedView } from "./modal.js";
import { readTeamForm } from "./team-render.js";
import { wording } from "./wording.js";
import type { BackgroundWork } from "./work.js";

export const SLACK_KIND = "slack";

interface StoredRequest {
  body: Record<string, unknown>;
  retryNum?: number;
  retryReason?: string;
}

/** A stored request and what Slack is answered at once. */
export interface SlackReceipt {
  entry: InboxEntry;
  /** The acknowledgement's body (undefined: an empty 200). */
  acknowledgement?: Record<string, unknown>;
}

/**
 * A slash command's immediate answer: in the DM with the bot the replies appear right below;
 * elsewhere, say where they will be (only the person who typed it sees this).
 */
export function commandAcknowledgement(command: Pick<SlashCommand, "channel_name">): Record<string, unknown> | undefined {
  return command.channel_name === "directmessage" ? undefined : { response_type: "ephemeral", text: wording.onItInDm };
}

/** The inbox row for a request worth keeping, and its acknowledgement; null for requests handled directly. */
export function slackReceipt(body: unknown, retry: { retryNum?: number; retryReason?: string } = {}): SlackReceipt | null {
  if (typeof body !== "object" || body === null) return null;
  const fields = body as Record<string, unknown>;
  // Slack's legacy verification token rides on every request: an app secret, and replaying the
  // request needs none (requests are checked by their signature), so it is not kept.
  const { token: _verificationToken, ...kept } = fields;
  const payload: StoredRequest = {
    body: kept,
    ...(retry.retryNum !== undefined ? { retryNum: retry.retryNum } : {}),
    ...(retry.retryReason ? { retryReason: retry.retryReason } : {}),
  };
  const entry = (tenantKey: unknown, eventId: string, userId: string): InboxEntry => ({
    platform: "slack",
    tenantKey: String(tenantKey ?? ""),
    eventId,
    userId,
    kind: SLACK_KIND,
    payload,
  });
  if (fields.type === "event_callback") {
    const event = fields.event as Record<string, unknown> | undefined;
    // Only what a person did; the bot's own messages come back as events too.
    if (typeof fields.event_id !== "string" || typeof event?.user !== "string" || typeof event.bot_id === "string") return null;
    return { entry: entry(fields.team_id, fields.event_id, event.user) };
  }
  if (typeof fields.command === "string") {
    // Slack sends no id and never retries a slash command; trigger_id is unique per invocation.
    if (typeof fields.trigger_id !== "string" || typeof fields.user_id !== "string") return null;
    const acknowledgement = commandAcknowledgement({ channel_name: String(fields.channel_name ?? "") });
    return { entry: entry(fields.team_id, `command:${fields.trigger_id}`, fields.user_id), ...(acknowledgement ? { acknowledgement } : {}) };
  }
  const user = fields.user as { id?: unknown; team_id?: unknown } | undefined;
  const team = (fields.team as { id?: unknown } | null | undefined)?.id ?? user?.team_id;
  if (typeof user?.id !== "string") return null;
  if (fields.type === "block_actions") {
    if (typeof fields.trigger_id !== "string") return null;
    return { entry: entry(team, `action:${fields.trigger_id}`, user.id) };
  }
  if (fields.type === "view_submission") {
    const view = fields.view as (SubmittedView & { id?: unknown }) | undefined;
    if (typeof view?.id !== "string") return null;
    // A valid form closes with an empty acknowledgement; field errors are Bolt's to send back.
    if (!readTeamForm(view) && !readAnswerForm(view).ok) return null;
    return { entry: entry(team, `view:${view.id}`, user.id) };
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
    const receipt = slackReceipt(event.body, {
      ...(event.retryNum !== undefined ? { retryNum: event.retryNum } : {}),
      ...(event.retryReason ? { retryReason: event.retryReason } : {}),
    });
    if (!receipt) return boltProcess(event);
    let row: InboxRow | null;
    try {
      row = await inbox.receive(receipt.entry);
    } catch (error) {
      // Slack never sends a slash command again: say so now, privately, rather than fail silently.
      if (typeof event.body.command !== "string") throw error;
      log.error("slack: a slash command could not be stored; the person was asked to try again", { eventId: receipt.entry.eventId, error });
      return event.ack({ response_type: "ephemeral", text: APOLOGY });
    }
    // A failed store above throws otherwise: Slack gets an error status and sends an event again,
    // and a form stays open with what was typed.
    await event.ack(receipt.acknowledgement);
    if (row) void work.track("inbox event", async () => void (await inbox.process(row)));
    else log.debug("slack: event already in the inbox", { eventId: receipt.entry.eventId });
  };
}
