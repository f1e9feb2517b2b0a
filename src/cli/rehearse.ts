// `coach rehearse`: preview what a client lives through over weeks, on a virtual clock.
import { loadConfig } from "../config.js";
import { loadCatalog } from "../flows/loader.js";
import { createLogger } from "../log.js";
import { readJourney } from "../rehearsal/journey.js";
import { runJourney } from "../rehearsal/run.js";
import type { CliIo } from "./operator.js";

export const REHEARSE_HELP = `
Runs one client and their coach through a journey on a throwaway in-memory database, with a
virtual clock, through the bot's own engine, scheduler and outbox. Never touches DATA_DIR or
DATABASE_URL, so it is safe while the bot runs. --flows rehearses edited flow files.

Journey file (YAML; unknown keys are errors):
  start: 2027-01-04T08:00:00Z        required: the first instant, with its offset
  timezone: Europe/London            the client's time zone (default UTC)
  coach_timezone: America/New_York   the coach's (default: the client's)
  checkin: { weekday: 1, time: "09:00" }
                                     weekly check-in slot, 1 = Monday (default: Monday 09:00)
  digest: weekly                     the coach's digest: daily | weekly | off (default weekly)
  steps:                             in order; each step has exactly one key:
    - client: Sam                    the client types this (quote answers such as "07")
    - coach: /coach session start 30 the client's coach types this; it concerns this client
    - wait: 7d                       time passes: m, h, d, w or combinations such as 1d12h

Time: at start the coach has enrolled the client, so the bot greets them; the first step
happens at start too. Each client or coach step takes one minute; a wait takes its duration.
Every scheduled job that falls due on the way (check-ins, reminders, goal reviews, digests,
retries) runs at its due instant, with quiet hours and holidays as in production.

Output, one line per message:
  <instant> <who>: <text>
  instant: UTC, YYYY-MM-DDTHH:MMZ
  who: client, coach (their steps), bot>client, bot>coach (replies, alerts, digests),
       bot>team (team channels; none in a one-client journey)
  further lines of a message are indented by two spaces (blank lines stay empty); an
  attachment is a further line "  [attachment: name]"; options read "    1) Exercise"
The output for the same journey and flows is the same on every run. Log lines go to stderr
(LOG_LEVEL, warn unless set).

Exit codes: 0 the journey ran; 2 malformed journey or flows folder ("file:line: reason");
1 the bot failed mid-journey (the error is printed).

Example:
  coach rehearse journeys/onboarding.yaml --flows ./my-flows
`;

export async function rehearse(file: string, opts: { flows?: string }, io: CliIo): Promise<number> {
  const journey = readJourney(file);
  // The operator's database settings play no part: a rehearsal has its own throwaway database.
  const config = loadConfig({ ...io.env, DATABASE_URL: undefined, DATA_DIR: undefined });
  // A broken flow file is the coach's to fix: report it as file:line before opening anything.
  const flowsDir = opts.flows ?? config.FLOWS_DIR;
  if (flowsDir) loadCatalog(flowsDir);
  // Quiet by default: stdout is the transcript; warnings and errors go to stderr.
  const log = createLogger(io.env.LOG_LEVEL ? config.LOG_LEVEL : "warn", (line) => io.err.write(`${line}\n`));
  await runJourney(journey, { config, ...(flowsDir ? { flowsDir } : {}), log, out: io.out });
  return 0;
}
