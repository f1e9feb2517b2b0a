// The /coach slash command: its definition, its registration, and its translation into the
// neutral command the machine understands. One command with subcommands keeps the bot to a
// single entry in Discord's command picker; which subcommands do something is the machine's
// business (it answers the rest with its "unknown command" reply).
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  Routes,
  type APIApplicationCommandSubcommandOption,
  type ChatInputCommandInteraction,
  type Client,
  type CommandInteractionOption,
  type RESTPutAPIApplicationCommandsJSONBody,
} from "discord.js";
import type { InboundKind } from "../../engine/inbound.js";

export const COACH_COMMAND = "coach";

interface SubcommandDef {
  name: string;
  description: string;
  /** Takes a required `user` option (the client a coach acts on). */
  user?: string;
}

export const COACH_SUBCOMMANDS: readonly SubcommandDef[] = [
  // For clients.
  { name: "help", description: "What I can do for you" },
  { name: "status", description: "Your stage of change in each area you work on" },
  { name: "checkin", description: "Start your weekly check-in now" },
  { name: "goals", description: "See and update your goals" },
  { name: "pause", description: "Pause your coaching reminders" },
  { name: "resume", description: "Resume your coaching reminders" },
  { name: "export", description: "Get a copy of your coaching data" },
  { name: "delete", description: "Delete your coaching data" },
  // For coaches.
  { name: "enroll", description: "Enroll someone as a coaching client", user: "The person to enroll" },
  { name: "clients", description: "List your clients" },
  { name: "client", description: "One client's progress", user: "The client" },
  { name: "session", description: "Run a coaching session with the phase guide", user: "The client" },
  { name: "digest", description: "Your digest: answers, stage changes, who is stuck" },
];

export function coachCommandDefinition(global: boolean): RESTPutAPIApplicationCommandsJSONBody {
  const options: APIApplicationCommandSubcommandOption[] = COACH_SUBCOMMANDS.map((sub) => ({
    type: ApplicationCommandOptionType.Subcommand,
    name: sub.name,
    description: sub.description,
    ...(sub.user ? { options: [{ type: ApplicationCommandOptionType.User, name: "user", description: sub.user, required: true }] } : {}),
  }));
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
export async function registerCoachCommand(client: Client, applicationId: string, guildId?: string): Promise<void> {
  const route = guildId ? Routes.applicationGuildCommands(applicationId, guildId) : Routes.applicationCommands(applicationId);
  await client.rest.put(route, { body: coachCommandDefinition(!guildId) });
}

/** `/coach checkin` -> command "checkin"; options become args in order (a user option -> its id). */
export function commandFromInteraction(interaction: ChatInputCommandInteraction): InboundKind | null {
  if (interaction.commandName !== COACH_COMMAND) return null;
  const subcommand = interaction.options.data.find((o) => o.type === ApplicationCommandOptionType.Subcommand);
  if (!subcommand) return null;
  return { kind: "command", name: subcommand.name, args: (subcommand.options ?? []).map(optionArg) };
}

function optionArg(option: CommandInteractionOption): string {
  return option.user?.id ?? (option.value === undefined ? "" : String(option.value));
}
