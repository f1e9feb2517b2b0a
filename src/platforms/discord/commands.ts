// The /coach slash command: its definition, its registration, and reading an invocation back.
// One command with subcommands (and two groups, `session` and `team`) keeps the bot to a single
// entry in Discord's command picker. The subcommands are the command registry's
// (src/interactions/registry.ts); every invocation is read back into the registry's name and
// structured arguments, and handled there.
// Limits (Discord API reference, "Application Commands"): names 1-32 lowercase characters,
// descriptions 1-100, <= 25 options per level, required options before optional ones,
// <= 25 choices per option.
import {
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandOption,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  ChannelType,
  type ChatInputCommandInteraction,
  type Client,
  type CommandInteractionOption,
  InteractionContextType,
  type RESTPutAPIApplicationCommandsJSONBody,
  Routes,
} from "discord.js";
import { COMMANDS, type CommandSpec, GROUPS, type OptionSpec } from "../../interactions/index.js";

export const COACH_COMMAND = "coach";

/**
 * Discord allows 25 entries under one slash command, and the registry has more single-word
 * commands than that: on Discord a few of them are shown inside a group ("/coach settings pause").
 * Only where they are shown changes; the registry's names stay the same on every platform.
 */
const DISCORD_PLACES: Record<string, [group: string, sub: string]> = {
  export: ["data", "export"],
  delete: ["data", "delete"],
  privacy: ["data", "privacy"],
  pause: ["settings", "pause"],
  resume: ["settings", "resume"],
  checkins: ["settings", "checkins"],
  focus: ["settings", "focus"],
  cadence: ["settings", "cadence"],
  flags: ["flag", "list"],
};
const DISCORD_GROUPS: Record<string, string> = {
  ...GROUPS,
  data: "Your data: who sees it, a copy, deleting it",
  settings: "Your settings: check-in times, pauses, focus area, digest cadence",
};
const REGISTRY_NAMES = new Map(Object.entries(DISCORD_PLACES).map(([name, [group, sub]]) => [`${group} ${sub}`, name]));

/** How a registry command is typed on Discord, after /coach: "settings pause", "session start". */
export function discordPath(name: string): string {
  const place = DISCORD_PLACES[name];
  return place ? `${place[0]} ${place[1]}` : name;
}

export interface CommandChoices {
  /** Behavior domains offered by `/coach enroll area:` (at most 25 are offered). */
  domains?: { key: string; label: string }[];
}

/** /coach with one subcommand per registry entry; "session x" and "team x" become groups. */
export function coachCommandDefinition(global: boolean, choices: CommandChoices = {}): RESTPutAPIApplicationCommandsJSONBody {
  const option = (def: OptionSpec): APIApplicationCommandBasicOption => {
    const base = { name: def.name, description: def.description, required: def.required };
    switch (def.kind) {
      case "person":
        return { ...base, type: ApplicationCommandOptionType.User };
      case "integer":
        return { ...base, type: ApplicationCommandOptionType.Integer, min_value: def.min, max_value: def.max };
      case "channel":
        return { ...base, type: ApplicationCommandOptionType.Channel, channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement] };
      case "text":
        return { ...base, type: ApplicationCommandOptionType.String, max_length: def.maxLength };
      case "area": {
        const offered = (choices.domains ?? []).slice(0, 25).map((d) => ({ name: d.label.slice(0, 100), value: d.key.slice(0, 100) }));
        return { ...base, type: ApplicationCommandOptionType.String, ...(offered.length > 0 ? { choices: offered } : {}) };
      }
    }
  };
  // Discord wants required options before optional ones.
  const ordered = (options: readonly OptionSpec[]) => [...options.filter((o) => o.required), ...options.filter((o) => !o.required)];
  const subcommand = (name: string, spec: CommandSpec): APIApplicationCommandOption => ({
    type: ApplicationCommandOptionType.Subcommand,
    name,
    description: spec.help,
    ...(spec.options.length ? { options: ordered(spec.options).map(option) } : {}),
  });
  const options: APIApplicationCommandOption[] = [];
  for (const spec of COMMANDS) {
    const [first, second] = discordPath(spec.name).split(" ");
    if (!second) {
      options.push(subcommand(first!, spec));
      continue;
    }
    let group = options.find((o) => o.type === ApplicationCommandOptionType.SubcommandGroup && o.name === first);
    if (!group) options.push((group = { type: ApplicationCommandOptionType.SubcommandGroup, name: first!, description: DISCORD_GROUPS[first!]!, options: [] }));
    (group as { options: APIApplicationCommandOption[] }).options.push(subcommand(second, spec));
  }
  return [
    {
      type: ApplicationCommandType.ChatInput,
      name: COACH_COMMAND,
      description: "Your coaching companion",
      options,
      // A global command is also offered in the DM with the bot, where coaching happens.
      ...(global
        ? { integration_types: [ApplicationIntegrationType.GuildInstall], contexts: [InteractionContextType.Guild, InteractionContextType.BotDM] }
        : {}),
    },
  ];
}

/**
 * Overwrites the application's commands with /coach (PUT is idempotent, so every start may do
 * it): in one server when `guildId` is set (visible at once, good for self-hosting), else
 * globally.
 */
export async function registerCoachCommand(client: Client, applicationId: string, guildId?: string, choices: CommandChoices = {}): Promise<void> {
  const route = guildId ? Routes.applicationGuildCommands(applicationId, guildId) : Routes.applicationCommands(applicationId);
  await client.rest.put(route, { body: coachCommandDefinition(!guildId, choices) });
}

/** One /coach invocation: `/coach session start user:@x` -> { group: "session", name: "start", options }. */
export interface CoachInvocation {
  group?: string;
  name: string;
  options: readonly CommandInteractionOption[];
}

export function readInvocation(interaction: ChatInputCommandInteraction): CoachInvocation | null {
  if (interaction.commandName !== COACH_COMMAND) return null;
  const top = interaction.options.data[0];
  if (top?.type === ApplicationCommandOptionType.SubcommandGroup) {
    const sub = top.options?.[0];
    if (!sub || sub.type !== ApplicationCommandOptionType.Subcommand) return null;
    return { group: top.name, name: sub.name, options: sub.options ?? [] };
  }
  if (top?.type === ApplicationCommandOptionType.Subcommand) return { name: top.name, options: top.options ?? [] };
  return null;
}

/** The registry name of an invocation: "checkin", "session start". */
export function commandName(invocation: CoachInvocation): string {
  if (!invocation.group) return invocation.name;
  const path = `${invocation.group} ${invocation.name}`;
  return REGISTRY_NAMES.get(path) ?? path;
}

/** Discord's resolved options as the registry's raw arguments: people and channels stay structured. */
export function invocationArgs(interaction: ChatInputCommandInteraction, spec: CommandSpec): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const o of spec.options) {
    if (o.kind === "person") {
      const user = interaction.options.getUser(o.name);
      if (user) args[o.name] = { platformUserId: user.id, displayName: user.globalName ?? user.username, bot: user.bot };
    } else if (o.kind === "channel") {
      const channel = interaction.options.getChannel(o.name);
      if (channel) args[o.name] = { channelId: channel.id, ...("name" in channel && channel.name ? { name: channel.name } : {}) };
    } else if (o.kind === "integer") {
      const value = interaction.options.getInteger(o.name);
      if (value !== null) args[o.name] = value;
    } else {
      const value = interaction.options.getString(o.name);
      if (value !== null) args[o.name] = value;
    }
  }
  return args;
}
