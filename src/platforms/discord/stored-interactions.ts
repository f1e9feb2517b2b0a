// Interactions whose answer takes work (a /coach command, a sent team form, a press on a
// confirmation) are stored in the
// inbox as Discord sent them, before they are acknowledged (a deferred reply), and completed from
// there: at once by this process, or after a restart by whichever instance takes the row over.
// The payload is rebuilt into the discord.js interaction it was, marked as deferred, so the
// completion edits the original response through the interaction's webhook (its token lasts
// 15 minutes), however long the work took and whichever process does it.
import {
  ApplicationCommandType,
  ButtonInteraction,
  ChatInputCommandInteraction,
  type Client,
  ComponentType,
  type Interaction,
  InteractionType,
  ModalSubmitInteraction,
} from "discord.js";
import type { InboundTenant } from "../../engine/inbound.js";
import type { Inbox, InboxRow } from "../../engine/inbox.js";
import type { Logger } from "../../log.js";
import { type RawInteractionReader, withDefaults } from "./gateway-guard.js";

export const DISCORD_KIND = "discord";

interface StoredInteraction {
  interaction: Record<string, unknown>;
}

export interface StoredInteractions {
  /**
   * Stores the interaction before it is acknowledged (call it before the first await of the
   * listener's work, while discord.js still holds the payload). Null: already stored. Throws when
   * the database cannot take it.
   */
  keep(interaction: Interaction): Promise<InboxRow | null>;
  /** Completes a kept interaction after its acknowledgement, in order after the person's earlier events. */
  complete(row: InboxRow, interaction: Interaction): Promise<void>;
}

export interface StoredInteractionDeps {
  client: Client;
  inbox: Inbox;
  tenant: () => InboundTenant;
  rawOf: RawInteractionReader;
  /** The work after the acknowledgement: the same for a live interaction and a rebuilt one. */
  finish: (interaction: Interaction) => Promise<void>;
  log: Logger;
}

export function storeInteractions({ client, inbox, tenant, rawOf, finish, log }: StoredInteractionDeps): StoredInteractions {
  /** Live interactions by id, while this process completes them (rebuilt ones lack nothing but are slower to make). */
  const live = new Map<string, Interaction>();
  inbox.handle(DISCORD_KIND, async (row) => {
    const interaction = live.get(row.eventId) ?? rebuild(client, (row.payload as StoredInteraction).interaction);
    if (!interaction) {
      log.error("discord: a stored interaction could not be rebuilt; dropped", { eventId: row.eventId });
      return;
    }
    await finish(interaction);
  });
  return {
    keep(interaction) {
      const raw = rawOf(interaction.id);
      if (!raw) return Promise.reject(new Error(`the payload of interaction ${interaction.id} is not at hand`));
      const stored: StoredInteraction = { interaction: raw };
      return inbox.receive({
        platform: "discord",
        tenantKey: tenant().externalId,
        eventId: interaction.id,
        userId: interaction.user.id,
        kind: DISCORD_KIND,
        payload: stored,
      });
    },
    async complete(row, interaction) {
      live.set(row.eventId, interaction);
      try {
        await inbox.process(row);
      } finally {
        live.delete(row.eventId);
      }
    },
  };
}

type InteractionClass = new (client: Client, data: unknown) => Interaction;

/**
 * The discord.js interaction a stored payload was (the classes discord.js's own InteractionCreate
 * action picks), already acknowledged with a deferred response. Null for a kind never stored.
 */
export function rebuild(client: Client, raw: Record<string, unknown>): Interaction | null {
  const data = raw.data as { type?: unknown; component_type?: unknown } | undefined;
  // Private constructors in discord.js's typings; the same calls its InteractionCreate action makes.
  const Class =
    raw.type === InteractionType.ApplicationCommand && data?.type === ApplicationCommandType.ChatInput
      ? ChatInputCommandInteraction
      : raw.type === InteractionType.ModalSubmit
        ? ModalSubmitInteraction
        : raw.type === InteractionType.MessageComponent && data?.component_type === ComponentType.Button
          ? ButtonInteraction
          : null;
  if (!Class) return null;
  withDefaults(raw);
  const interaction = new (Class as unknown as InteractionClass)(client, raw) as ChatInputCommandInteraction | ModalSubmitInteraction | ButtonInteraction;
  interaction.deferred = true;
  return interaction;
}
