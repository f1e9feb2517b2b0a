// The two steps every Discord event ends in: hand the neutral Inbound to the engine, then send
// what the machine queued. The coaching reply never goes back through the interaction: it goes
// through the outbox (persisted first, retried, rate limited), as a DM from the deliverer.
import type { CoachingEngine } from "../../engine/engine.js";
import type { Inbound, InboundTenant } from "../../engine/inbound.js";
import type { Logger } from "../../log.js";

export interface DiscordPipeline {
  /** Handles one event and delivers due messages. False when the engine failed (logged). */
  submit(inbound: Inbound): Promise<boolean>;
  /** Delivers due outbox messages (failures are logged; the rows stay pending). */
  deliver(): Promise<void>;
}

export function createPipeline({ engine, deliver: deliverDue, log }: { engine: CoachingEngine; deliver: () => Promise<unknown>; log: Logger }): DiscordPipeline {
  // The sender's own guard keeps runs from overlapping; a failure leaves the rows pending for
  // the next event (or the scheduler's tick).
  const deliver = async (): Promise<void> => {
    try {
      await deliverDue();
    } catch (error) {
      log.error("discord: delivering queued messages failed", { error });
    }
  };

  return {
    deliver,
    async submit(inbound) {
      let ok = true;
      try {
        const result = await engine.handle(inbound);
        log.debug("discord: event handled", { eventId: inbound.eventId, kind: inbound.kind, status: result.status, queued: result.messagesQueued });
      } catch (error) {
        ok = false;
        log.error("discord: the engine could not handle an event", { eventId: inbound.eventId, kind: inbound.kind, error });
      }
      // Also after a failure: earlier messages may still be waiting.
      await deliver();
      return ok;
    },
  };
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
