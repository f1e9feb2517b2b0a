// Work that runs after Slack has been answered (Slack wants a reply within 3 seconds; the
// engine and delivery may take longer). It is tracked so shutdown can wait for it, and so tests
// can wait for "everything triggered by that request is done" without sleeping.
import { retriedByInbox } from "../../engine/inbox.js";
import type { Logger } from "../../log.js";

export class BackgroundWork {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly log: Logger) {}

  /**
   * Runs `task`, logging (never rethrowing) its failure: one bad request must not crash the bot.
   * A passing database failure while the request is replayed from the inbox is noted for it, and
   * the inbox replays the request later.
   */
  track(label: string, task: () => Promise<void>): Promise<void> {
    const run = task().catch((error: unknown) => {
      if (retriedByInbox(error)) this.log.warn(`slack: ${label} postponed: the database is unavailable; it stays in the inbox`, { error });
      else this.log.error(`slack: ${label} failed`, { error });
    });
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
    return run;
  }

  /** Resolves once nothing is running, including work started by work that was running. */
  async idle(): Promise<void> {
    do {
      // Let listeners that were just handed a request register their work first.
      await new Promise<void>((resolve) => setImmediate(resolve));
      await Promise.allSettled([...this.running]);
    } while (this.running.size > 0);
  }
}
