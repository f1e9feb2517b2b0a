// The per-minute tick. node-cron fires it; every instance may tick at the same moment, since
// correctness comes from the database claims, not from who ticks.
import cron from "node-cron";
import type { Clock } from "../clock.js";
import type { Logger } from "../log.js";
import { runSchedulerPass, type SchedulerDeps } from "./pass.js";

export function startSchedulerTick(deps: SchedulerDeps & { clock: Clock; log: Logger }): { stop(): Promise<void> } {
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
  return {
    async stop() {
      await task.stop();
      await current;
    },
  };
}
