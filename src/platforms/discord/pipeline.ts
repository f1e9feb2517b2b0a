// The steps every Discord event takes: keep the neutral Inbound in the inbox (before Discord is
// answered, so an acknowledged answer is never lost), hand it to the engine, then send what the
// machine queued. The coaching reply never goes back through the interaction: it goes
// through the outbox (persisted first, retried, rate limited), as a DM from the deliverer.
import type { CoachingEngine } from "../../engine/engine.js";
import type { Inbound, InboundTenant } from "../../engine/inbound.js";
import { type Inbox, type InboxRow, retriedByInbox } from "../../engine/inbox.js";
import type { Logger } from "../../log.js";

/** An event kept in the inbox (null row: it was there already, a redelivery). */
export interface KeptEvent {
  inbound: Inbound;
  row: InboxRow | null;
}

export interface DiscordPipeline {
  /** Keeps then applies one event, and delivers due messages. False when it failed (logged). */
  submit(inbound: Inbound): Promise<boolean>;
  /** Stores the event before it is acknowledged; throws when the database cannot take it. */
  keep(inbound: Inbound): Promise<KeptEvent>;
  /** Applies a kept event. True also when it waits in the inbox for the database to come back. */
  apply(kept: KeptEvent): Promise<boolean>;
  /**
   * Applies an event straight away, within the processing of an inbox row that holds it (a
   * stored command): "postponed" when the database is unavailable and the row is tried again.
   */
  applyNow(inbound: Inbound): Promise<"applied" | "failed" | "postponed">;
  /** Delivers due outbox messages (failures are logged; the rows stay pending). */
  deliver(): Promise<void>;
}

export interface PipelineDeps {
  engine: CoachingEngine;
  deliver: () => Promise<unknown>;
  log: Logger;
  /** Unset (unit tests of the pipeline alone): events go straight to the engine. */
  inbox?: Inbox;
}

export function createPipeline({ engine, deliver: deliverDue, log, inbox }: PipelineDeps): DiscordPipeline {
  // The sender's own guard keeps runs from overlapping; a failure leaves the rows pending for
  // the next event (or the scheduler's tick).
  const deliver = async (): Promise<void> => {
    try {
      await deliverDue();
    } catch (error) {
      log.error("discord: delivering queued messages failed", { error });
    }
  };

  const failed = (inbound: Inbound, error?: unknown) =>
    log.error("discord: the engine could not handle an event", { eventId: inbound.eventId, kind: inbound.kind, ...(error ? { error } : {}) });

  const applyNow = async (inbound: Inbound): Promise<"applied" | "failed" | "postponed"> => {
    let outcome: "applied" | "failed" = "applied";
    try {
      const result = await engine.handle(inbound);
      log.debug("discord: event handled", { eventId: inbound.eventId, kind: inbound.kind, status: result.status, queued: result.messagesQueued });
    } catch (error) {
      if (retriedByInbox(error)) return "postponed";
      outcome = "failed";
      failed(inbound, error);
    }
    // Also after a failure: earlier messages may still be waiting.
    await deliver();
    return outcome;
  };

  const pipeline: DiscordPipeline = {
    deliver,
    applyNow,
    async keep(inbound) {
      return { inbound, row: inbox ? await inbox.receiveInbound(inbound) : null };
    },
    async apply({ inbound, row }) {
      if (!inbox) return (await applyNow(inbound)) === "applied";
      if (!row) {
        log.debug("discord: event already in the inbox", { eventId: inbound.eventId });
        return true;
      }
      // The inbox applies it and delivers the replies.
      const outcome = await inbox.process(row);
      if (outcome === "failed") {
        failed(inbound);
        await deliver();
      }
      return outcome !== "failed";
    },
    async submit(inbound) {
      let kept: KeptEvent;
      try {
        kept = await pipeline.keep(inbound);
      } catch (error) {
        failed(inbound, error);
        return false;
      }
      return pipeline.apply(kept);
    },
  };
  return pipeline;
}

/**
 * One Discord deployment is one tenant: the configured server, or "dm" for a bot whose commands
 * are registered globally. Every conversation runs in DMs, where Discord sends no guild id, so
 * keying the tenant on the event's own guild would split one person into two clients (the one
 * who typed /coach in the server and the one who presses the buttons in the DM).
 */
export function discordTenant(guildId: string | undefined, guildName: (id: string) => string | undefined): InboundTenant {
  if (!guildId) return { platform: "discord", externalId: "dm", name: "Discord" };
  return { platform: "discord", externalId: guildId, name: guildName(guildId) ?? `Discord server ${guildId}` };
}
