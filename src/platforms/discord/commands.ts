// The /coach slash command: its definition, its registration, and reading an invocation back.
// One command with subcommands (and two groups, `session` and `team`) keeps the bot to a single
// entry in Discord's command picker. Client subcommands go to the machine as neutral commands;
// coach subcommands and personal-data subcommands are handled by the adapter with the shared
// coach services (see coach-commands.ts, personal-data.ts).
// Limits (Discord API reference, "Application Commands"): names 1-32 lowercase characters,
// descriptions 1-100, <= 25 options per level, required options before optional ones,
// <= 25 choices per option.
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  ChannelType,
  InteractionContextType,
  Routes,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandOption,
  type ChatInputCommandInteraction,
  type Client,
  type CommandInteractionOption,
  type RESTPutAPIApplicationCommandsJSONBody,
} from "discord.js";
import type { InboundKind } from "../../engine/inbound.js";

export const COACH_COMMAND = "coach";

type OptionDef =
  | { type: "user"; name: string; description: string; required: boolean }
  | { type: "string"; name: string; description: string; required: boolean; maxLength?: number; domainChoices?: boolean }
  | { type: "integer"; name: string; description: string; required: boolean; min: number; max: number }
  | { type: "channel"; name: string; description: string; required: boolean };

export interface SubcommandDef {
  name: string;
  description: string;
  options?: OptionDef[];
}

export interface GroupDef {
  group: string;
  description: string;
  subcommands: SubcommandDef[];
}

const user = (description: string, required = true): OptionDef => ({ type: "user", name: "user", description, required });
const aClient = user("The client (default: the client of your running session)", false);

/** Subcommands the machine answers (the person's own coaching), in the order shown. */
export const CLIENT_SUBCOMMANDS: readonly SubcommandDef[] = [
  { name: "help", description: "What I can do for you" },
  { name: "status", description: "Your stage of change in each area you work on" },
  { name: "checkin", description: "Start your weekly check-in now" },
  { name: "goals", description: "See and update your goals" },
  { name: "pause", description: "Pause your coaching reminders", options: [{ type: "string", name: "until", description: "Last day of the pause, YYYY-MM-DD (default: until you resume)", required: false, maxLength: 10 }] },
  { name: "resume", description: "Resume your coaching reminders" },
];

/** Subcommands about a person's own data, answered privately by the adapter. */
export const DATA_SUBCOMMANDS: readonly SubcommandDef[] = [
  { name: "export", description: "Get a copy of your coaching data", options: [user("Coaches: one of your clients instead of you", false)] },
  { name: "delete", description: "Delete your coaching data", options: [user("Coaches: one of your clients instead of you", false)] },
];

/** Coach-only subcommands and groups. */
export const COACH_SUBCOMMANDS: readonly SubcommandDef[] = [
  {
    name: "enroll",
    description: "Enroll someone as your coaching client",
    options: [user("The person to enroll"), { type: "string", name: "domain", description: "The area you suggest they start with", required: false, domainChoices: true }],
  },
  { name: "clients", description: "List your clients" },
  { name: "client", description: "One client's progress: the preparation view", options: [user("The client")] },
  { name: "digest", description: "Your digest now: red flags, who is stuck, stage changes, achievement" },
];

export const COACH_GROUPS: readonly GroupDef[] = [
  {
    group: "session",
    description: "Run a coaching session with the phase guide",
    subcommands: [
      { name: "start", description: "Start a session with a client", options: [user("The client"), { type: "integer", name: "minutes", description: "Length in minutes (default 30)", required: false, min: 10, max: 180 }] },
      { name: "next", description: "Move the session to its next phase", options: [aClient] },
      { name: "note", description: "Note something under the current phase", options: [{ type: "string", name: "text", description: "The note", required: true, maxLength: 1000 }, aClient] },
      { name: "goal", description: "Add a weekly goal agreed in the session", options: [{ type: "string", name: "text", description: "The goal", required: true, maxLength: 300 }, aClient] },
      { name: "end", description: "End the session and send the client its summary", options: [aClient] },
      {
        name: "schedule",
        description: "Book the next session; the client is reminded a day before",
        options: [user("The client"), { type: "string", name: "when", description: "Your local time: YYYY-MM-DD HH:MM", required: true, maxLength: 16 }],
      },
    ],
  },
  {
    group: "team",
    description: "Corporate team check-ins in a channel",
    subcommands: [
      {
        name: "link",
        description: "Link a channel to a team (you become its coach)",
        options: [
          { type: "channel", name: "channel", description: "The team's channel", required: true },
          { type: "string", name: "name", description: "The team's name (default: the channel's name)", required: false, maxLength: 80 },
        ],
      },
      { name: "checkin", description: "Post this week's team check-in now", options: [{ type: "channel", name: "channel", description: "The team's channel", required: true }] },
      { name: "remind", description: "Remind by DM the members who haven't answered this week", options: [{ type: "channel", name: "channel", description: "The team's channel", required: true }] },
    ],
  },
];

export const COACH_ONLY_NAMES: ReadonlySet<string> = new Set([...COACH_SUBCOMMANDS.map((s) => s.name), ...COACH_GROUPS.map((g) => g.group)]);

export interface CommandChoices {
  /** Behavior domains offered by `/coach enroll domain:` (at most 25 are offered). */
  domains?: { key: string; label: string }[];
}

export function coachCommandDefinition(global: boolean, choices: CommandChoices = {}): RESTPutAPIApplicationCommandsJSONBody {
  const option = (def: OptionDef): APIApplicationCommandBasicOption => {
    const base = { name: def.name, description: def.description, required: def.required };
    switch (def.type) {
      case "user":
        return { ...base, type: ApplicationCommandOptionType.User };
      case "integer":
        return { ...base, type: ApplicationCommandOptionType.Integer, min_value: def.min, max_value: def.max };
      case "channel":
        return { ...base, type: ApplicationCommandOptionType.Channel, channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement] };
      case "string": {
        const offered = def.domainChoices ? (choices.domains ?? []).slice(0, 25).map((d) => ({ name: d.label.slice(0, 100), value: d.key.slice(0, 100) })) : [];
        return {
          ...base,
          type: ApplicationCommandOptionType.String,
          ...(def.maxLength ? { max_length: def.maxLength } : {}),
          ...(offered.length > 0 ? { choices: offered } : {}),
        };
      }
    }
  };
  const subcommand = (sub: SubcommandDef): APIApplicationCommandOption => ({
    type: ApplicationCommandOptionType.Subcommand,
    name: sub.name,
    description: sub.description,
    ...(sub.options ? { options: sub.options.map(option) } : {}),
  });
  const options: APIApplicationCommandOption[] = [
    ...CLIENT_SUBCOMMANDS.map(subcommand),
    ...DATA_SUBCOMMANDS.map(subcommand),
    ...COACH_SUBCOMMANDS.map(subcommand),
    ...COACH_GROUPS.map((g) => ({
      type: ApplicationCommandOptionType.SubcommandGroup as const,
      name: g.group,
      description: g.description,
      options: g.subcommands.map(subcommand) as never,
    })),
  ];
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

/** `/coach checkin` -> command "checkin"; options become args in order (a user option -> its id). */
export function commandFromInteraction(interaction: ChatInputCommandInteraction): InboundKind | null {
  const invocation = readInvocation(interaction);
  if (!invocation || invocation.group) return null;
  return { kind: "command", name: invocation.name, args: invocation.options.map(optionArg) };
}

function optionArg(option: CommandInteractionOption): string {
  return option.user?.id ?? (option.value === undefined ? "" : String(option.value));
}
