/**
 * Records delivery outcomes while a batch is still going out: one write per `every` outcomes,
 * never two writes at once, and each write takes every outcome that arrived meanwhile. So a
 * crash can resend only the messages answered since the last write (fewer than `every`, plus
 * those in the write under way), while statements stay about one per `every` messages instead of
 * one per message. No timer: a chunk is written when it is full, the rest when the batch ends.
 */
export class OutcomeWriter<T> {
  private waiting: T[] = [];
  /** The last write started; the next one chains after it, so writes never overlap. */
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly write: (outcomes: T[]) => Promise<void>,
    private readonly every: number,
  ) {}

  /** Queues an outcome; starts a write once a chunk is full. Returns the outcome. */
  add(outcome: T): T {
    this.waiting.push(outcome);
    // A failed write surfaces from the batch's final flush(); unrecorded rows stay 'sending'
    // and are taken back after the stale timeout, so nothing is lost.
    if (this.waiting.length >= this.every) this.flush().catch(() => undefined);
    return outcome;
  }

  /** Writes whatever is waiting (after any write under way); rejects if any write failed. */
  flush(): Promise<void> {
    this.writing = this.writing.then(() => {
      const outcomes = this.waiting.splice(0);
      return outcomes.length > 0 ? this.write(outcomes) : undefined;
    });
    return this.writing;
  }
}
