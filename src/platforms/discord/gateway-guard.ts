// discord.js builds an Interaction (and every other structure) from a gateway dispatch inside
// its WebSocketManager's packet handler, outside any promise we could await: a payload it cannot
// read (an interaction without `entitlements`, `member`/`user`, a component without `message`)
// throws there and stops the process. This wraps that one handler so a dispatch discord.js
// cannot read is logged and dropped (an interaction gets a short private answer), and the next
// one is handled as usual.
import { type Client, InteractionResponseType, MessageFlags, Routes } from "discord.js";
import type { Logger } from "../../log.js";
import { isStaleInteractionError } from "./errors.js";
import { wording } from "./wording.js";

type PacketHandler = (packet?: unknown, shard?: unknown) => boolean;
type Dispatch = { t?: unknown; d?: { id?: unknown; token?: unknown; type?: unknown } | null };

/** The raw payload of the interaction discord.js is emitting right now (read it in the listener, synchronously). */
export type RawInteractionReader = (id: string) => Record<string, unknown> | undefined;

export function guardGatewayDispatches(client: Client, log: Logger): RawInteractionReader {
  // discord.js builds and emits an interaction inside handlePacket, synchronously: its listener
  // can read the payload it came from (the inbox stores that, to rebuild it after a restart).
  let current: Record<string, unknown> | undefined;
  // A private method in discord.js's typings, but the single place raw packets become structures.
  const manager = client.ws as unknown as { handlePacket: PacketHandler };
  const handlePacket = manager.handlePacket.bind(manager);
  manager.handlePacket = (packet, shard) => {
    const { t, d } = (packet ?? {}) as Dispatch;
    const problem = shapeProblem(t, d);
    if (problem) {
      log.warn("discord: dropped a gateway event discord.js could not read", { event: t, problem });
      return true;
    }
    if (t === "INTERACTION_CREATE") withDefaults((current = d as Record<string, unknown>));
    try {
      return handlePacket(packet, shard);
    } catch (error) {
      log.warn("discord: dropped a gateway event discord.js could not read", { event: t, id: d?.id, type: d?.type, error });
      if (t === "INTERACTION_CREATE" && typeof d?.id === "string" && typeof d.token === "string") void answerUnreadable(client, d.id, d.token, log);
      return true;
    } finally {
      current = undefined;
    }
  };
  return (id) => (current?.id === id ? current : undefined);
}

/**
 * For the events the adapter handles: what discord.js would silently ignore or fail on before
 * anything else (an interaction it cannot answer is not even emitted).
 */
function shapeProblem(t: unknown, d: Dispatch["d"]): string | null {
  if (t !== "INTERACTION_CREATE" && t !== "MESSAGE_CREATE") return null;
  if (typeof d !== "object" || d === null || Array.isArray(d) || typeof d.id !== "string") return "not an object with an id";
  if (t === "INTERACTION_CREATE" && (typeof d.token !== "string" || typeof d.type !== "number")) return "an interaction without token or type";
  return null;
}

/**
 * Fields discord.js requires but Discord leaves out in older payloads and in its own
 * documentation's examples; their empty values mean what their absence does.
 */
export function withDefaults(interaction: Record<string, unknown>): void {
  interaction.entitlements ??= [];
  interaction.authorizing_integration_owners ??= {};
}

async function answerUnreadable(client: Client, id: string, token: string, log: Logger): Promise<void> {
  try {
    await client.rest.post(Routes.interactionCallback(id, token), {
      body: { type: InteractionResponseType.ChannelMessageWithSource, data: { content: wording.unreadableInteraction, flags: MessageFlags.Ephemeral } },
      auth: false,
    });
  } catch (error) {
    if (!isStaleInteractionError(error)) log.warn("discord: could not answer an unreadable interaction", { id, error });
  }
}
