// The one list of what people can do, for every platform. From it come the typed-text parser
// (console and Slack), Discord's slash-command definitions and /help. Client commands go to the
// client's machine (src/machines/client.machine.ts accepts exactly these); coach commands and
// personal data have one handler each here.

import { clients, dashboard, digest, preparation, schedule } from "./coaching.js";
import type { AnyoneHandler, CoachHandler } from "./context.js";
import { enroll, release } from "./enrolment.js";
import { acknowledge, listFlags, resolve } from "./flags.js";
import type { OptionSpec } from "./options.js";
import { askToDelete, exportData } from "./personal-data.js";
import { checkinSchedule, digestSchedule } from "./schedules.js";
import { nextPhase, previewSummary, sendSummary, sessionGoal, sessionNote, shareTakeaway, startSession } from "./sessions.js";
import { restageArea } from "./stages.js";
import { linkTeamChannel, postCheckInNow, remindTeamNow } from "./teams.js";

interface Base {
  /** One or two words: "checkin", "session start". Two words form a group on Discord. */
  name: string;
  /** Other typed spellings ("next" for "session next", "prep" for "client"). */
  aliases?: readonly string[];
  /** One line, at most 100 characters (Discord's limit for descriptions). */
  help: string;
  options: readonly OptionSpec[];
}

export type CommandSpec =
  | (Base & { audience: "client"; run: "machine" })
  | (Base & { audience: "client"; run: AnyoneHandler })
  | (Base & { audience: "coach"; run: CoachHandler });

const client = (name: string, help: string, options: OptionSpec[] = []): CommandSpec => ({ name, help, options, audience: "client", run: "machine" });
const user = (description: string, required = true): OptionSpec => ({ kind: "person", name: "user", description, required });
const aClient = user("The client (default: the client of your running session)", false);
const channel: OptionSpec = { kind: "channel", name: "channel", description: "The team's channel", required: true };
const text = (name: string, description: string, maxLength: number, required = true): OptionSpec => ({ kind: "text", name, description, required, maxLength });
const flagNumber: OptionSpec = {
  kind: "integer",
  name: "number",
  description: "The flag's number, as /coach flags shows it",
  required: true,
  min: 1,
  max: 2_147_483_647,
};

export const COMMANDS: readonly CommandSpec[] = [
  client("help", "What I can do for you"),
  client("status", "Your stage of change in each area you work on"),
  client("checkin", "Start your weekly check-in now"),
  client("goals", "See your goals; /goals done 2 or /goals drop 2 takes goal 2 off your list", [
    text("action", "done or drop (leave empty to list your goals)", 10, false),
    { kind: "integer", name: "number", description: "The goal's number in your list", required: false, min: 1, max: 5 },
  ]),
  client("newgoal", "Set a new goal"),
  client("change", "Change your answer to the last question"),
  client("review", "Review how your goals are going"),
  client("vision", "Describe where you want to be"),
  client("assessment", "Rate the areas of your life again"),
  client("focus", "Move your focus to another area of your life", [{ kind: "area", name: "area", description: "The area to focus on", required: false }]),
  client("program", "Look back at your program so far"),
  client("pause", "Pause your coaching reminders", [text("until", "Last day of the pause, YYYY-MM-DD (default: until you resume)", 10, false)]),
  client("resume", "Resume your coaching reminders"),
  client("continue", "Carry on with coaching after a safety message"),
  client("restage", "Look again at where you stand in your focus area"),
  client("privacy", "Who sees what you tell me, and what stays private"),
  {
    name: "checkins",
    audience: "client",
    help: "When your check-ins come: day and time, time zone, quiet hours",
    options: [text("setting", "e.g. friday 18:00, timezone Europe/London, quiet 22:00-07:00, quiet off", 100, false)],
    run: checkinSchedule,
  },
  {
    name: "export",
    audience: "client",
    help: "Get a copy of your coaching data",
    options: [user("Coaches: one of your clients instead of you", false)],
    run: exportData,
  },
  {
    name: "delete",
    audience: "client",
    help: "Delete your coaching data",
    options: [user("Coaches: one of your clients instead of you", false)],
    run: askToDelete,
  },

  {
    name: "enroll",
    audience: "coach",
    help: "Enroll someone as your coaching client",
    options: [user("The person to enroll"), { kind: "area", name: "area", description: "The area you suggest they start with", required: false }],
    run: enroll,
  },
  {
    name: "release",
    audience: "coach",
    help: "Hand one of your clients over to the coach who asked to coach them",
    options: [user("Your client")],
    run: release,
  },
  { name: "clients", audience: "coach", help: "List your clients, those with open flags first", options: [], run: clients },
  {
    name: "client",
    aliases: ["prep"],
    audience: "coach",
    help: "One client's progress: the preparation view",
    options: [user("The client")],
    run: preparation,
  },
  {
    name: "stage",
    audience: "coach",
    help: "Re-stage one of your client's areas, with your reason (private to you)",
    options: [
      user("The client"),
      { kind: "area", name: "area", description: "The area, e.g. exercise", required: true },
      text("stage", "precontemplation, contemplation, preparation, action or maintenance", 20),
      text("reason", "Why (kept with the stage change; the client isn't shown it)", 500),
    ],
    run: restageArea,
  },
  { name: "digest", audience: "coach", help: "Your digest now: red flags, who is stuck, stage changes, achievement", options: [], run: digest },
  {
    name: "cadence",
    audience: "coach",
    help: "When your digest comes: daily or weekly, time and time zone",
    options: [text("schedule", "e.g. daily 08:00, or weekly monday 08:00 Europe/London", 100, false)],
    run: digestSchedule,
  },
  { name: "dashboard", audience: "coach", help: "A private one-time link to your web dashboard (valid 15 minutes)", options: [], run: dashboard },
  {
    name: "session start",
    audience: "coach",
    help: "Start a session with a client (30 minutes unless you say)",
    options: [user("The client"), { kind: "integer", name: "minutes", description: "Length in minutes (default 30)", required: false, min: 10, max: 180 }],
    run: startSession,
  },
  { name: "session next", aliases: ["next"], audience: "coach", help: "Move the session to its next phase", options: [aClient], run: nextPhase },
  {
    name: "session note",
    aliases: ["note"],
    audience: "coach",
    help: "A private note under the current phase; the client never sees it",
    options: [aClient, text("text", "The note", 1000)],
    run: sessionNote,
  },
  {
    name: "session goal",
    aliases: ["goal"],
    audience: "coach",
    help: "Add a weekly goal agreed in the session",
    options: [aClient, text("text", "The goal", 300)],
    run: sessionGoal,
  },
  {
    name: "session share",
    aliases: ["share"],
    audience: "coach",
    help: "Add a takeaway to the summary the client gets at the end",
    options: [aClient, text("text", "The takeaway, as the client will read it", 1000)],
    run: shareTakeaway,
  },
  {
    name: "session end",
    aliases: ["end"],
    audience: "coach",
    help: "Show the summary the client will get; nothing is sent yet",
    options: [aClient],
    run: previewSummary,
  },
  {
    name: "session send",
    aliases: ["send"],
    audience: "coach",
    help: "Send the client the summary you read and end the session",
    options: [aClient],
    run: sendSummary,
  },
  {
    name: "session schedule",
    aliases: ["schedule"],
    audience: "coach",
    help: "Book the next session; the client is reminded a day before",
    options: [user("The client"), text("when", "Your local time: YYYY-MM-DD HH:MM", 16)],
    run: schedule,
  },
  {
    name: "team link",
    audience: "coach",
    help: "Link a channel to a team (you become its coach)",
    options: [channel, text("name", "The team's name (default: the channel's name)", 80, false)],
    run: linkTeamChannel,
  },
  { name: "team checkin", audience: "coach", help: "Post this week's team check-in now", options: [channel], run: postCheckInNow },
  { name: "team remind", audience: "coach", help: "Remind by DM the members who haven't answered this week", options: [channel], run: remindTeamNow },
  { name: "flags", audience: "coach", help: "Your clients' open flags, red flags first, with how long each has been open", options: [], run: listFlags },
  { name: "flag ack", audience: "coach", help: "Acknowledge a flag: an urgent one is then not sent again", options: [flagNumber], run: acknowledge },
  {
    name: "flag resolve",
    audience: "coach",
    help: "Resolve a flag with a note of what was done; goals it held resume",
    options: [flagNumber, text("note", "What was done (stays with the coach)", 1000)],
    run: resolve,
  },
];

const byName = new Map<string, CommandSpec>(COMMANDS.flatMap((c) => [[c.name, c] as const, ...(c.aliases ?? []).map((a) => [a, c] as const)]));

/** The command with this name or alias ("session start", "next"), or undefined. */
export function findCommand(name: string): CommandSpec | undefined {
  return byName.get(name.toLowerCase());
}

/** A client command the registry runs itself (export, delete, checkins), not the client's machine. */
export function runsOutsideMachine(name: string): boolean {
  const spec = findCommand(name);
  return spec?.audience === "client" && spec.run !== "machine";
}

/** Discord groups and the typed parser's two-word names: "session", "team". */
export const GROUPS: Record<string, string> = {
  session: "Run a coaching session with the phase guide",
  team: "Corporate team check-ins in a channel",
  flag: "Acknowledge and resolve your clients' flags",
};

/** How the command is written, e.g. "session start @person [minutes]". */
export function usage(spec: CommandSpec, option: (o: OptionSpec) => string): string {
  return [spec.name, ...spec.options.map((o) => (o.required ? option(o) : `[${option(o)}]`))].join(" ");
}
