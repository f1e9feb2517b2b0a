// The per-minute tick. node-cron fires it; every instance may tick at the same moment, since
// correctness comes from the database claims, not from who ticks.
import cron from "node-cron";
import type { Clock } from "../clock.js";
import type { Logger } from "../log.js";
import { purgeDeliveredBodies } from "../outbox/retention.js";
import { runSchedulerPass, type SchedulerDeps } from "./pass.js";

/** A little under a day, so the hourly check never slips a day behind. */
const MAINTENANCE_EVERY_MS = 23 * 3_600_000;

export function startSchedulerTick(
  deps: SchedulerDeps & { clock: Clock; log: Logger; messageRetentionDays?: number; maintainDatabase?: () => Promise<void> },
): { stop(): Promise<void> } {
  const { log } = deps;
  // A slow pass (thousands due at once) must not overlap the next minute's in this process.
  const jobs = [repeated("* * * * *", "coach-scheduler", log, "scheduler pass failed", () => runSchedulerPass(deps, deps.clock.now()))];
  // Hourly: delivered message bodies older than MESSAGE_RETENTION_DAYS are purged (idempotent,
  // and safe when every instance runs it at once).
  const retentionDays = deps.messageRetentionDays ?? 30;
  jobs.push(
    repeated("17 * * * *", "coach-retention", log, "message retention purge failed", async () => {
      const count = await purgeDeliveredBodies(deps.prisma, deps.clock.now(), retentionDays);
      if (count > 0) log.info("message retention: delivered bodies purged", { count, retentionDays });
    }),
  );
  // The embedded database's housekeeping (it has no autovacuum), once a day: checked hourly, so a
  // bot restarted every night, or asleep at any fixed hour, still gets it within an hour of
  // starting. PGlite runs in this thread, so it holds the whole process while it works: measured
  // 0.3 s on a month of 50 clients' answers, about 1.3 s with 100,000 clients.
  const maintainDatabase = deps.maintainDatabase;
  if (maintainDatabase) {
    let lastMaintainedAt = Number.NEGATIVE_INFINITY;
    jobs.push(
      repeated("41 * * * *", "coach-database-maintenance", log, "database maintenance failed", async () => {
        const startedAt = deps.clock.now().getTime();
        if (startedAt - lastMaintainedAt < MAINTENANCE_EVERY_MS) return;
        lastMaintainedAt = startedAt;
        await maintainDatabase();
        log.info("database maintenance done (vacuum and statistics)", { ms: deps.clock.now().getTime() - startedAt });
      }),
    );
  }
  return {
    async stop() {
      await Promise.all(jobs.map((job) => job.stop()));
    },
  };
}

/** A cron job whose runs never overlap and never throw (a failure is logged); stop() waits for a run under way. */
function repeated(expression: string, name: string, log: Logger, failure: string, work: () => Promise<unknown>): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const task = cron.schedule(
    expression,
    async () => {
      running = work().catch((error: unknown) => log.error(failure, { error }));
      await running;
    },
    {
      noOverlap: true,
      name,
      // node-cron's own warnings (a minute skipped because the last run is still going, a missed
      // minute) go to the bot's log as structured lines, not as free text beside it.
      logger: {
        info: (message) => log.info(message, { cron: name }),
        warn: (message) => log.warn(message, { cron: name }),
        error: (message, error) => log.error(String(message), { cron: name, error }),
        debug: (message, error) => log.debug(String(message), { cron: name, error }),
      },
    },
  );
  return {
    async stop() {
      await task.stop();
      await running;
    },
  };
}
