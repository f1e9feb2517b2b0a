// Discord's side of the command registry: its voice (mentions, DMs it could not open), its
// coach access rule (Coach row, coach role, Manage Server for linking), and rendering a neutral
// Reply as a private (ephemeral) reply: text, a JSON file, two confirmation buttons.
import {
  type ButtonInteraction,
  ButtonStyle,
  type ChatInputCommandInteraction,
  type Client,
  ComponentType,
  type Message,
  MessageFlags,
  PermissionFlagsBits,
} from "discord.js";
import type { InboundKind, InboundTenant } from "../../engine/inbound.js";
import {
  type ConfirmAction,
  findCommand,
  type InteractionDeps,
  type Outcome,
  type PlatformPort,
  plainCodec,
  type Reply,
  runAction,
  runCommand,
  runTypedClientCommand,
} from "../../interactions/index.js";
import type { Logger } from "../../log.js";
import { type AdapterAction, encodeAdapterAction } from "./action-ids.js";
import { type CoachInvocation, commandName, discordPath, invocationArgs } from "./commands.js";
import type { DiscordDeliverer } from "./deliverer.js";
import { splitContent } from "./render.js";
import { replyPrivately } from "./replies.js";
import { wording } from "./wording.js";

/** Below Discord's smallest upload limit (10 MiB), with room for the request around it. */
export const EXPORT_MAX_BYTES = 8 * 1024 * 1024;

export interface DiscordInteractDeps {
  interactions: InteractionDeps;
  discord: Client;
  deliverer: DiscordDeliverer;
  tenant: () => InboundTenant;
  /** The configured server (DISCORD_GUILD_ID); unset when /coach is global. */
  guildId?: string;
  log: Logger;
}

type Invoker = ChatInputCommandInteraction | ButtonInteraction;

/** Who asked, as the coach access rule needs it: their server membership (none in a DM). */
interface Asker {
  userId: string;
  member: Invoker["member"];
  inServer: boolean;
  managesServer: boolean;
}

export function createRegistryBridge(deps: DiscordInteractDeps) {
  const { log } = deps;

  /** Holds the role: from the member who asked in the server, else (a DM) asked of the configured server. */
  const holdsRole = async (asker: Asker, roleId: string): Promise<boolean> => {
    const { member } = asker;
    if (member) return Array.isArray(member.roles) ? member.roles.includes(roleId) : member.roles.cache.has(roleId);
    if (!deps.guildId) return false;
    try {
      const guild = deps.discord.guilds.cache.get(deps.guildId) ?? (await deps.discord.guilds.fetch(deps.guildId));
      return (await guild.members.fetch(asker.userId)).roles.cache.has(roleId);
    } catch (error) {
      log.debug("discord: could not look up a member's roles", { userId: asker.userId, error });
      return false;
    }
  };

  const port = (asker: Asker): PlatformPort => ({
    voice: {
      mention: (id) => `<@${id}>`,
      channel: (id) => `<#${id}>`,
      command: (name) => `\`/coach ${discordPath(name)}\``,
      reachable: (id) => !deps.deliverer.refusedReason(id),
    },
    access: deps.interactions.store.roleCoaches({
      holdsRole: (roleId) => holdsRole(asker, roleId),
      managesServer: asker.managesServer,
      inServer: asker.inServer,
      refusal: {
        refused: (command) => (command === "team link" ? wording.linkNeedsCoach : wording.coachOnly),
        notSetUp: deps.guildId ? wording.setupHint : wording.setupHintGlobal,
      },
      log,
    }),
  });

  const askerOf = (interaction: Invoker): Asker => ({
    userId: interaction.user.id,
    member: interaction.member,
    inServer: interaction.inGuild(),
    // Off when commands are global: every server then shares one tenant, and an admin of any
    // server the bot was added to must not become a coach of everyone's clients.
    managesServer: Boolean(deps.guildId && interaction.guildId === deps.guildId && interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)),
  });

  const header = (interaction: Invoker) => ({
    eventId: interaction.id,
    tenant: deps.tenant(),
    actor: { platformUserId: interaction.user.id, displayName: interaction.user.globalName ?? interaction.user.username },
  });

  /** Runs a /coach invocation through the registry. */
  const command = async (interaction: ChatInputCommandInteraction, invocation: CoachInvocation): Promise<Outcome> => {
    const name = commandName(invocation);
    const spec = findCommand(name);
    const args = spec ? invocationArgs(interaction, spec) : {};
    return runCommand(deps.interactions, header(interaction), name, args, port(askerOf(interaction)));
  };

  /** Shows a reply privately on the deferred command. */
  const render = async (interaction: ChatInputCommandInteraction, reply: Reply): Promise<void> => {
    const { content, ...extra } = messageOf(reply);
    return replyPrivately(interaction, content, log, extra);
  };

  /**
   * A line typed in the DM: the client's own registry commands (/export, /delete, /checkins) run
   * as `/coach data export` does, answered in the DM. False: the line is for the client's machine.
   */
  const typed = async (message: Message, line: InboundKind): Promise<boolean> => {
    const dm: Asker = { userId: message.author.id, member: null, inServer: false, managesServer: false };
    const actor = { platformUserId: message.author.id, displayName: message.author.globalName ?? message.author.username };
    const reply = await runTypedClientCommand(deps.interactions, { eventId: message.id, tenant: deps.tenant(), actor }, line, port(dm), plainCodec);
    if (!reply) return false;
    const { content, ...extra } = messageOf(reply);
    const [first = "", ...rest] = splitContent(content);
    try {
      await message.author.send({ content: first, allowedMentions: { parse: [] }, ...extra });
      for (const piece of rest) await message.author.send({ content: piece, allowedMentions: { parse: [] } });
    } catch (error) {
      log.warn("discord: could not answer a command typed in a DM", { messageId: message.id, error });
    }
    return true;
  };

  /**
   * A press on a confirmation's buttons, stored and acknowledged already (a deferred update): the
   * registry decides; a settled question loses its buttons, anything else is said privately. A
   * passing database failure reaches the inbox, which presses it again later.
   */
  const confirm = async (interaction: ButtonInteraction, action: ConfirmAction): Promise<void> => {
    const reply = await runAction(deps.interactions, header(interaction), action, port(askerOf(interaction)));
    // Not deferred: Discord refused the acknowledgement (logged); there is nothing to edit.
    if (!interaction.deferred) return;
    try {
      if (reply.settles) await interaction.editReply({ content: reply.text, components: [] });
      else await interaction.followUp({ content: reply.text, flags: MessageFlags.Ephemeral });
    } catch (error) {
      log.warn("discord: could not answer a confirmation", { interactionId: interaction.id, error });
    }
  };

  return { command, render, confirm, typed };
}

/** A reply as a Discord message: text, a JSON file, or a question with two buttons. */
function messageOf(reply: Reply): { content: string; files?: { attachment: Buffer; name: string }[]; components?: ConfirmRow[] } {
  if (reply.attachments?.length) {
    const files = reply.attachments.map((a) => ({ attachment: Buffer.from(a.content, "utf8"), name: a.filename }));
    if (files.some((f) => f.attachment.length > EXPORT_MAX_BYTES)) return { content: wording.exportTooLarge };
    return { content: reply.text, files };
  }
  if (reply.confirm) {
    const c = reply.confirm;
    const button = (action: AdapterAction, label: string, style: ButtonStyle.Danger | ButtonStyle.Secondary) => ({
      type: ComponentType.Button as const,
      style,
      custom_id: encodeAdapterAction(action),
      label,
    });
    return {
      content: c.question,
      components: [
        {
          type: ComponentType.ActionRow as const,
          components: [button(c.confirm, c.confirmLabel, ButtonStyle.Danger), button(c.cancel, c.cancelLabel, ButtonStyle.Secondary)],
        },
      ],
    };
  }
  const sent = reply.sentByDirectMessage;
  // The reply shows where the command was typed: say that the answer went to the DM.
  const content = sent && !reply.text ? [wording.sessionGuideSent, sent.about ? wording.sessionWith(sent.about) : ""].filter(Boolean).join(" ") : reply.text;
  return { content };
}

interface ConfirmRow {
  type: ComponentType.ActionRow;
  components: { type: ComponentType.Button; style: ButtonStyle.Danger | ButtonStyle.Secondary; custom_id: string; label: string }[];
}
