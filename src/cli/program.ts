// The `coach` command for operators and coaches, on commander: every command has --help;
// unknown commands and options print usage and exit 2; mistakes the operator can fix print
// one line and exit 2; anything unexpected exits 1 with the error.
import { Command, CommanderError, Option } from "commander";
import { ConfigError } from "../config.js";
import { StartupError } from "../core.js";
import { FlowFileError } from "../flows/loader.js";
import { RehearsalFailure } from "../rehearsal/run.js";
import { backup, restore } from "./backup.js";
import { clients } from "./clients.js";
import { dashboardLink } from "./dashboard.js";
import { exportClient } from "./export.js";
import { type CliIo, UsageError } from "./operator.js";
import { REHEARSE_HELP, rehearse } from "./rehearse.js";
import { report } from "./report.js";
import { tick } from "./tick.js";

// A bad option value is one line naming the option (no usage screen): the operator knows the
// command, only the value needs fixing.
function instant(value: string): Date {
  const at = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(at.getTime()))
    throw new UsageError(`--now must be an ISO-8601 instant such as 2026-11-30T09:00:00Z (got "${value}")`);
  return at;
}

function weeks(value: string): number {
  if (!/^\d{1,3}$/.test(value) || Number(value) < 1 || Number(value) > 104)
    throw new UsageError(`--weeks must be a whole number of weeks from 1 to 104 (got "${value}")`);
  return Number(value);
}

function buildProgram(io: CliIo, done: (code: number) => void): Command {
  const program = new Command("coach")
    .description("Operator and coach tools for the stagewise coach (reads the same configuration as the bot).")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out.write(s), writeErr: (s) => io.err.write(s) })
    .showHelpAfterError()
    .helpCommand(true);
  const run = (work: Promise<number>) => work.then(done);

  program
    .command("tick")
    .description("run one scheduler pass as if at that instant (default: now)")
    .option("--now <instant>", "ISO-8601 instant, e.g. 2026-11-30T09:00:00Z", instant)
    .action((opts: { now?: Date }) => run(tick(opts, io)));

  program
    .command("report")
    .description("save a client's weekly achievement chart as a PNG")
    .requiredOption("--client <id>", "the client's id (see `coach clients`)")
    .requiredOption("--out <file.png>", "where to write the chart")
    .addOption(new Option("--weeks <n>", "how many weeks back").argParser(weeks).default(12))
    .option("--now <instant>", "the chart's last week contains this instant (default: now)", instant)
    .action((opts: { client: string; out: string; weeks: number; now?: Date }) => run(report(opts, io)));

  program
    .command("export")
    .description("save a client's own copy of their data as JSON (what /export sends them)")
    .requiredOption("--client <id>", "the client's id (see `coach clients`)")
    .requiredOption("--out <file.json>", "where to write the copy")
    .action((opts: { client: string; out: string }) => run(exportClient(opts, io)));

  program
    .command("clients")
    .description("list every client: id, name, platform, tenant, coach, stage per area")
    .action(() => run(clients(io)));

  program
    .command("rehearse")
    .description("preview a client's journey over weeks on a virtual clock and a throwaway database")
    .argument("<journey.yaml>", "the journey file")
    .option("--flows <dir>", "flow files to rehearse instead of the installed ones")
    .addHelpText("after", REHEARSE_HELP)
    .action((file: string, opts: { flows?: string }) => run(rehearse(file, opts, io)));

  program
    .command("dashboard")
    .description("print a one-time sign-in link to the dashboard's program overview (the bot must be serving PUBLIC_URL)")
    .option("--operator", "the operator's overview of every client, counts only")
    .option("--tenant <id>", "limit the overview to one workspace or server (ids: `coach clients`)")
    .action((opts: { operator?: boolean; tenant?: string }) => run(dashboardLink(opts, io)));

  program
    .command("backup")
    .description("write every table to a JSON Lines file (on the embedded database, stop the bot first)")
    .argument("<file>", "where to write the backup; it holds everything clients told their coach, so store it encrypted")
    .action((file: string) => run(backup(file, io)));

  program
    .command("restore")
    .description("load a backup into an empty database (PGlite or PostgreSQL), all of it or nothing")
    .argument("<file>", "a file written by coach backup")
    .option("--replace", "delete every row already in the database first")
    .action((file: string, opts: { replace?: boolean }) => run(restore(file, opts, io)));

  return program;
}

/** Runs the command line (without the node and script arguments) and returns the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let code = 0;
  const program = buildProgram(io, (c) => (code = c));
  if (argv.length === 0) {
    program.outputHelp();
    return 0;
  }
  try {
    await program.parseAsync(argv, { from: "user" });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof UsageError || error instanceof ConfigError || error instanceof StartupError || error instanceof FlowFileError) {
      io.err.write(`${error.message}\n`);
      return 2;
    }
    if (error instanceof RehearsalFailure) {
      io.err.write(`Rehearsal failed: ${error.message}\n`);
      return 1;
    }
    io.err.write(`Fatal: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}
