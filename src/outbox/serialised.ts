/**
 * Wraps `task` so calls never overlap: a call made while a run is in progress waits for one more
 * run after it (shared by every caller meanwhile), so rows committed during the current run are
 * still picked up. Running the outbox sender twice at once could send a message twice. This is
 * the one guard: adapters and the scheduler call OutboxSender.deliverDue freely.
 */
export function serialised<T>(task: () => Promise<T>): () => Promise<T> {
  let current: Promise<T> | null = null;
  let next: Promise<T> | null = null;
  const start = (): Promise<T> => {
    const run: Promise<T> = task().finally(() => {
      if (current === run) current = null;
    });
    current = run;
    return run;
  };
  return () => {
    if (!current) return start();
    next ??= current
      .catch(() => undefined)
      .then(() => {
        next = null;
        return start();
      });
    return next;
  };
}
