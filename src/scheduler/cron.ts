// The per-minute tick. node-cron fires it; every instance may tick at the same moment, since
// correctness comes from the database claims, not from who ticks.
import cron from "node-cron";
import type { Clock } from "../clock.js";
import type { Logger } from "../log.js";
import { purgeDeliveredBodies } from "../outbox/retention.js";
import { runSchedulerPass, type SchedulerDeps } from "./pass.js";

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
  // Daily, at a quiet hour of the server's clock: the embedded database's housekeeping (it has no
  // autovacuum). It holds the database for a moment (a few hundred ms on a month of answers).
  let maintaining: Promise<unknown> = Promise.resolve();
  const maintainDatabase = deps.maintainDatabase;
  const maintenance = maintainDatabase
    ? cron.schedule(
        "41 3 * * *",
        async () => {
          const started = Date.now();
          maintaining = maintainDatabase()
            .then(() => deps.log.info("database maintenance done (vacuum and statistics)", { ms: Date.now() - started }))
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
