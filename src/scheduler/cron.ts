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
  let current: Promise<unknown> = Promise.resolve();
  const task = cron.schedule(
    "* * * * *",
    async () => {
      current = runSchedulerPass(deps, deps.clock.now()).catch((error: unknown) => deps.log.error("scheduler pass failed", { error }));
      await current;
    },
    // A slow pass (thousands due at once) must not overlap the next minute's in this process.
    { noOverlap: true, name: "coach-scheduler" },
  );
  // Hourly: delivered message bodies older than MESSAGE_RETENTION_DAYS are purged (idempotent,
  // and safe when every instance runs it at once).
  let purging: Promise<unknown> = Promise.resolve();
  const retentionDays = deps.messageRetentionDays ?? 30;
  const purge = cron.schedule(
    "17 * * * *",
    async () => {
      purging = purgeDeliveredBodies(deps.prisma, deps.clock.now(), retentionDays)
        .then((count) => count > 0 && deps.log.info("message retention: delivered bodies purged", { count, retentionDays }))
        .catch((error: unknown) => deps.log.error("message retention purge failed", { error }));
      await purging;
    },
    { noOverlap: true, name: "coach-retention" },
  );
  // The embedded database's housekeeping (it has no autovacuum), once a day: checked hourly, so a
  // bot restarted every night, or asleep at any fixed hour, still gets it within an hour of
  // starting. PGlite runs in this thread, so it holds the whole process while it works: measured
  // 0.3 s on a month of 50 clients' answers, about 1.3 s with 100,000 clients.
  let maintaining: Promise<unknown> = Promise.resolve();
  let lastMaintainedAt = Number.NEGATIVE_INFINITY;
  const maintainDatabase = deps.maintainDatabase;
  const maintenance = maintainDatabase
    ? cron.schedule(
        "41 * * * *",
        async () => {
          const startedAt = deps.clock.now().getTime();
          if (startedAt - lastMaintainedAt < MAINTENANCE_EVERY_MS) return;
          lastMaintainedAt = startedAt;
          maintaining = maintainDatabase()
            .then(() => deps.log.info("database maintenance done (vacuum and statistics)", { ms: deps.clock.now().getTime() - startedAt }))
            .catch((error: unknown) => deps.log.error("database maintenance failed", { error }));
          await maintaining;
        },
        { noOverlap: true, name: "coach-database-maintenance" },
      )
    : undefined;
  return {
    async stop() {
      await task.stop();
      await purge.stop();
      await maintenance?.stop();
      await current;
      await purging;
      await maintaining;
    },
  };
}
