// The per-minute tick. node-cron fires it; every instance may tick at the same moment, since
// correctness comes from the database claims, not from who ticks.
import cron from "node-cron";
import type { Clock } from "../clock.js";
import type { Logger } from "../log.js";
import { purgeDeliveredBodies } from "../outbox/retention.js";
import { runSchedulerPass, type SchedulerDeps } from "./pass.js";

export function startSchedulerTick(deps: SchedulerDeps & { clock: Clock; log: Logger; messageRetentionDays?: number }): { stop(): Promise<void> } {
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
  return {
    async stop() {
      await task.stop();
      await purge.stop();
      await current;
      await purging;
    },
  };
}
