// `coach tick`: one scheduler pass as if at a chosen instant (catch-up, manual runs, tests).
import { fixedClock, systemClock } from "../clock.js";
import { consoleDeliverer } from "../platforms/console/chat.js";
import { runSchedulerPass } from "../scheduler/pass.js";
import { type CliIo, withCore } from "./operator.js";

export async function tick(opts: { now?: Date }, io: CliIo): Promise<number> {
  const now = opts.now ?? systemClock.now();
  return withCore(io, opts.now ? fixedClock(now) : systemClock, async (core) => {
    // Console messages are printed here; Slack and Discord ones wait for the running bot,
    // whose sender delivers them on its next minute.
    core.deliverers.console = consoleDeliverer(io.out);
    const report = await runSchedulerPass(core.scheduler, now);
    io.out.write(`scheduler pass at ${now.toISOString()}: ${JSON.stringify(report)}\n`);
    return report.failed > 0 ? 1 : 0;
  });
}
