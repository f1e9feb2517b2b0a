// The parts every entry point wires the same way (the bot in main.ts, the `coach` CLI):
// flows, database, engine, outbox sender, coach desk and the scheduler's dependencies.
import type { Clock } from "./clock.js";
import { CoachDesk } from "./coach/desk.js";
import { queueCoachDigest } from "./coach/digest.js";
import { escalateUnacknowledgedFlag } from "./coach/flags.js";
import { type Config, publicUrl } from "./config.js";
import { createDashboard, type Dashboard } from "./dashboard/index.js";
import type { Catalog } from "./domain/catalog.js";
import { CoachingEngine } from "./engine/engine.js";
import { enrolmentSettings } from "./engine/enrolment.js";
import { Inbox } from "./engine/inbox.js";
import { loadCatalogCached } from "./flows/catalog-cache.js";
import { FlowFileError } from "./flows/loader.js";
import { adapterStore, type InteractionDeps } from "./interactions/index.js";
import type { Logger } from "./log.js";
import { createClientMachine } from "./machines/client.machine.js";
import { OutboxSender, type SenderDeps } from "./outbox/sender.js";
import { DEFAULT_SCHEDULER_SETTINGS, type SchedulerDeps } from "./scheduler/pass.js";
import { type Database, DatabaseBusyError, openDatabase } from "./store/database.js";
import { releaseWorkOfDeadOwner } from "./store/left-behind.js";
import { postTeamCheckIn, remindTeam, type TeamDeps } from "./teams/index.js";

/** A start-up problem the operator can fix; printed as one line, exit code 2. */
export class StartupError extends Error {}

export interface Core {
  catalog: Catalog;
  db: Database;
  engine: CoachingEngine;
  /** Inbound events are stored here before they are acknowledged, and processed from here. */
  inbox: Inbox;
  sender: OutboxSender;
  /** Adapters add their deliverer once started; the sender looks it up on every send. */
  deliverers: SenderDeps["deliverers"];
  desk: CoachDesk;
  scheduler: SchedulerDeps;
  /** Adapters that can post in team channels add theirs here once started. */
  teamChannels: TeamDeps["channels"];
  teams: TeamDeps;
  /** What the command registry's handlers use, shared by every adapter and the CLI. */
  interactions: InteractionDeps;
  /** The coach dashboard's pages; the bot mounts them on its HTTP server. */
  dashboard: Dashboard;
}

export async function openCore(config: Config, log: Logger, clock: Clock): Promise<Core> {
  // The database opens (connection, migrations check: mostly waiting) while the flows are
  // parsed and validated (CPU), instead of one after the other.
  const opening = openDatabase(config.DATABASE_URL ? { kind: "postgres", url: config.DATABASE_URL } : { kind: "pglite", dataDir: config.DATA_DIR }).catch(
    (error: unknown) => {
      if (error instanceof DatabaseBusyError) throw new StartupError(error.message);
      throw new StartupError(`Database error: ${(error as Error).message}`);
    },
  );
  // Awaited below; until then a refusal (a folder held by another process) must not count as an
  // unhandled rejection, which would end the process with code 1 before the clear line is shown.
  opening.catch(() => undefined);
  let catalog: Catalog;
  try {
    // Lets the database's first round trip leave before the flows take the CPU.
    await new Promise((resolve) => setImmediate(resolve));
    catalog = config.FLOWS_DIR ? loadCatalogCached(config.FLOWS_DIR) : loadCatalogCached();
  } catch (error) {
    // The database must not be left open (PGlite's folder lock, PostgreSQL's pool) behind the error.
    await opening.then((db) => db.close()).catch(() => undefined);
    if (error instanceof FlowFileError) throw new StartupError(`Flow file error: ${error.message}`);
    throw error;
  }
  const db: Database = await opening;
  if (db.soleOwner) {
    const released = await releaseWorkOfDeadOwner(db.prisma, clock.now()).catch(async (error: unknown) => {
      await db.close().catch(() => undefined);
      throw new StartupError(`Database error: ${(error as Error).message}`);
    });
    if (released.messages + released.events + released.jobs > 0) log.info("taking back work a stopped bot left unfinished", { ...released });
  }
  const engine = new CoachingEngine({
    prisma: db.prisma,
    machine: createClientMachine(catalog, { locale: config.LOCALE }),
    catalog,
    clock,
    log,
    enrolment: enrolmentSettings(config.OPEN_ENROLMENT, config.LOCALE),
  });
  const deliverers: SenderDeps["deliverers"] = {};
  // A message held for a rate limit or a short retry goes out when due, not at the next tick.
  const sender = new OutboxSender({ prisma: db.prisma, catalog, clock, log, deliverers, wakeForRetriesWithinMs: 30_000 });
  const inbox = new Inbox({
    prisma: db.prisma,
    statementsOnThisThread: db.kind === "pglite",
    engine,
    clock,
    log,
    deliver: () => sender.deliverDue(),
    leaseMs: config.INBOX_LEASE_SECONDS * 1000,
  });
  const teamChannels: TeamDeps["channels"] = {};
  const teams: TeamDeps = { prisma: db.prisma, catalog, clock, log, channels: teamChannels, deliverOutbox: () => sender.deliverDue() };
  const scheduler: SchedulerDeps = {
    prisma: db.prisma,
    engine,
    sender,
    catalog,
    log,
    settings: {
      ...DEFAULT_SCHEDULER_SETTINGS,
      reminderDelayMs: config.REMINDER_DELAY_HOURS * 3_600_000,
      maxLatenessMs: config.MAX_CHECKIN_LATENESS_HOURS * 3_600_000,
    },
    sendDigest: (coachId, now, eventId) => queueCoachDigest(db.prisma, catalog, coachId, now, eventId, { scheduled: true }),
    escalateFlag: (flagId, now) => escalateUnacknowledgedFlag({ prisma: db.prisma, catalog, log, fallbackUserIds: config.FLAG_FALLBACK_USER_IDS }, flagId, now),
    teams: {
      post: async (teamId, period) => (await postTeamCheckIn(teams, teamId, period)).status,
      remind: async (teamId, period) => void (await remindTeam(teams, teamId, period)),
    },
  };
  const desk = new CoachDesk({ prisma: db.prisma, engine, catalog, clock });
  const dashboard = createDashboard({ prisma: db.prisma, catalog, clock, log, publicUrl: publicUrl(config) });
  const interactions: InteractionDeps = {
    prisma: db.prisma,
    engine,
    catalog,
    clock,
    log,
    desk,
    teams,
    dashboardLink: (coach) => dashboard.issueSignInLink(coach),
    deliver: async () => void (await sender.deliverDue()),
    store: adapterStore(db.prisma, catalog),
  };
  return { catalog, db, engine, inbox, sender, deliverers, desk, scheduler, teamChannels, teams, interactions, dashboard };
}
