// The inbox: the mirror of the outbox for what people send. An adapter stores each inbound event
// with one small insert BEFORE it acknowledges it to the platform (Slack and Discord never
// redeliver an acknowledged event), then processes it from here. The row is leased to whoever
// processes it and deleted once processed, so it holds a person's text only as long as needed.
// A process killed in between leaves the row behind; when its lease ends, any instance's sweep
// (every few seconds, and at start) takes it over: FOR UPDATE SKIP LOCKED, as the outbox does.
// A dropped connection or a busy pool postpones the row with backoff instead of losing it. The
// engine's processed-event ids keep the once-per-event guarantee when two instances (or a sweep
// and a slow first attempt) both get to the same row.
import { AsyncLocalStorage } from "node:async_hooks";
import type { Clock } from "../clock.js";
import type { Logger } from "../log.js";
import type { PrismaClient } from "../store/database.js";
import { isTransientDatabaseError } from "../store/database-errors.js";
import { claimInboxEvents, type InboxEntry, type InboxRow, postponeInboxEvent, removeInboxEvent, storeInboxEvents } from "../store/inbox.js";
import { Arrivals, type Lane } from "./arrivals.js";
import type { CoachingEngine } from "./engine.js";
import type { Inbound } from "./inbound.js";

export type { InboxEntry, InboxRow };

export interface InboxDeps {
  prisma: PrismaClient;
  engine: CoachingEngine;
  clock: Clock;
  log: Logger;
  /** Runs the outbox sender after events were applied, so replies go out at once. */
  deliver: () => Promise<unknown>;
  /** How long a processor holds a row before anyone else may take it (default 30 s). */
  leaseMs?: number;
  /** Events processed at the same time by this instance (default 4): the rest of the pool stays free for the acknowledgements' inserts. */
  concurrency?: number;
  /**
   * Neutral events processed at the same time (default 128). They cost the pool little: the
   * engine serves all those in progress with one read and one write statement, held only while
   * each runs, so the acknowledgements' inserts still find a connection.
   */
  neutralConcurrency?: number;
  /** Attempts before an event that keeps failing for want of a database is given up, logged (default 30). */
  maxAttempts?: number;
  /**
   * The embedded database runs every statement on this thread, within the turn that issues it,
   * so there processing also waits while acknowledgements wait for their store. PostgreSQL runs
   * statements elsewhere: waiting for the store there only delayed processing (measured at 300
   * arrivals/s: processing was held back most of the time, p99 about 0.4 s).
   */
  statementsOnThisThread: boolean;
}

/** Processes one row of an adapter's own kind; throwing a transient database error postpones it. */
export type InboxHandler = (row: InboxRow) => Promise<void>;

export type InboxOutcome = "processed" | "postponed" | "failed";

/** Kind of the rows holding a neutral Inbound (Discord, the console), applied by the engine directly. */
export const NEUTRAL_KIND = "inbound";

/** A neutral event as stored: the Inbound without its event id (a column) and without functions. */
export type StoredInbound = Omit<Inbound, "eventId" | "user"> & { user: Omit<Inbound["user"], "profile"> };

/** One processing attempt: a passing failure an adapter noted, and whether the engine's write already deleted the row. */
const attempt = new AsyncLocalStorage<{ failure?: unknown; removed?: boolean }>();

/**
 * For adapters whose own error handling catches every failure (to apologise and carry on): when
 * the event is being processed from the inbox and the failure is a passing database problem, it
 * is noted so the inbox tries again later, and true tells the adapter not to apologise.
 */
export function retriedByInbox(error: unknown): boolean {
  const current = attempt.getStore();
  if (!current || !isTransientDatabaseError(error)) return false;
  current.failure ??= error;
  return true;
}

const RECEIVE_ATTEMPTS = 3;
/** Most events stored by one statement. */
const STORE_BATCH = 500;
/** Arrivals of a burst are stored together, at most 8 turns apart: fewer statements on the acknowledgements' path. */
const STORING: Lane = { everyTurns: 8, release: "all" };
/** An adapter's own rows (a Slack request replayed through Bolt) wait for a lull; in a long burst one starts every 64 turns. */
const PROCESSING: Lane = { everyTurns: 64, release: "oldest" };
/** Neutral events are served together by the engine's statements, so those waiting start together. */
const PROCESSING_NEUTRAL: Lane = { everyTurns: 64, release: "all" };

export class Inbox {
  private readonly handlers = new Map<string, InboxHandler>([[NEUTRAL_KIND, (row) => this.applyNeutral(row)]]);
  /** Rows this instance holds (queued or running), so its own sweep does not take them twice. */
  private readonly held = new Set<number>();
  /** Per person, the tail of their queue: one person's events run one after another, in order. */
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly waiting: (() => void)[] = [];
  /** Events waiting for the next store, with whoever waits to acknowledge them. */
  private readonly arriving: { entry: InboxEntry; resolve: (row: InboxRow | null) => void; reject: (error: unknown) => void }[] = [];
  private readonly arrivals = new Arrivals();
  private storing = false;
  private running = 0;
  private runningNeutral = 0;
  private timer: NodeJS.Timeout | undefined;
  /** The sweep in progress: calls meanwhile share it. */
  private sweeping: Promise<number> | undefined;
  private readonly leaseMs: number;
  private readonly concurrency: number;
  private readonly neutralConcurrency: number;
  private readonly maxAttempts: number;

  constructor(private readonly deps: InboxDeps) {
    this.leaseMs = deps.leaseMs ?? 30_000;
    this.concurrency = deps.concurrency ?? 4;
    this.neutralConcurrency = deps.neutralConcurrency ?? 128;
    this.maxAttempts = deps.maxAttempts ?? 30;
  }

  /** An adapter's own kind of row (Slack keeps the request body and replays it through Bolt). */
  handle(kind: string, handler: InboxHandler): void {
    this.handlers.set(kind, handler);
  }

  /**
   * Stores the event; the caller acknowledges it afterwards and then calls `process` with the row.
   * Null: already stored (a redelivery), nothing to do. Throws when the database cannot take it,
   * so the adapter does not acknowledge and the platform sends it again.
   */
  receive(entry: InboxEntry): Promise<InboxRow | null> {
    this.arrivals.note();
    return new Promise((resolve, reject) => {
      this.arriving.push({ entry, resolve, reject });
      this.storeSoon();
    });
  }

  /**
   * Group commit: events arriving while a store is under way, or in the turns of the event loop
   * before a lull (see arrivals.ts), are stored together, so a burst of a thousand requests costs
   * a few statements instead of a thousand. The embedded database finishes a store within the
   * turn it starts in, so there only the lull gathers a burst's arrivals.
   */
  private storeSoon(): void {
    if (this.storing || this.arriving.length === 0) return;
    this.storing = true;
    void this.arrivals.lull(STORING).then(() => {
      const batch = this.arriving.splice(0, STORE_BATCH);
      void this.storeWithRetries(batch.map((a) => a.entry))
        .then(
          (rows) =>
            batch.forEach((a, i) => {
              const row = rows[i] ?? null;
              if (row) this.held.add(row.id);
              a.resolve(row);
            }),
          (error: unknown) => {
            for (const a of batch) a.reject(error);
          },
        )
        .finally(() => {
          this.storing = false;
          this.storeSoon();
          // Processing waits while acknowledgements are pending (see `limited`).
          this.wakeProcessing();
        });
    });
  }

  private async storeWithRetries(entries: InboxEntry[]): Promise<(InboxRow | null)[]> {
    for (let tries = 1; ; tries++) {
      try {
        return await storeInboxEvents(this.deps.prisma, entries, this.leaseEnd());
      } catch (error) {
        if (!isTransientDatabaseError(error) || tries >= RECEIVE_ATTEMPTS) throw error;
        await sleep(50 * tries);
      }
    }
  }

  /** A neutral event (Discord, the console): stored, then processed by the caller with `process`. */
  receiveInbound(inbound: Inbound): Promise<InboxRow | null> {
    const { eventId, user, ...rest } = inbound;
    const payload: StoredInbound = { ...rest, user: { platformUserId: user.platformUserId, ...(user.displayName ? { displayName: user.displayName } : {}) } };
    return this.receive({
      platform: inbound.tenant.platform,
      tenantKey: inbound.tenant.externalId,
      eventId,
      userId: user.platformUserId,
      kind: NEUTRAL_KIND,
      payload,
    });
  }

  /** Processes a row this instance stored or claimed, after the person's earlier events. */
  process(row: InboxRow): Promise<InboxOutcome> {
    this.held.add(row.id);
    const person = row.userId ? `${row.platform}:${row.tenantKey}:${row.userId}` : `event:${row.id}`;
    const previous = this.queues.get(person) ?? Promise.resolve();
    const run = previous.then(() => (row.kind === NEUTRAL_KIND ? this.limitedNeutral(() => this.attemptOnce(row)) : this.limited(() => this.attemptOnce(row))));
    const tail = run.catch(() => undefined);
    this.queues.set(person, tail);
    void tail.finally(() => {
      this.held.delete(row.id);
      if (this.queues.get(person) === tail) this.queues.delete(person);
    });
    return run;
  }

  /**
   * Takes over rows whose processor died or whose retry is due, and processes them. Runs never
   * overlap (a call meanwhile shares the run in progress); `start` calls it at start and on a timer.
   */
  sweep(): Promise<number> {
    this.sweeping ??= this.takeOver().finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  private async takeOver(): Promise<number> {
    let taken = 0;
    const kinds = [...this.handlers.keys()];
    for (;;) {
      const now = this.deps.clock.now();
      const rows = (await claimInboxEvents(this.deps.prisma, kinds, now, this.leaseEnd(), this.concurrency * 4)).filter((row) => !this.held.has(row.id));
      if (rows.length === 0) return taken;
      taken += rows.length;
      this.deps.log.info("inbox: taking over events not yet processed", { events: rows.length });
      await Promise.all(rows.map((row) => this.process(row)));
    }
  }

  /** Sweeps now and then every `everyMs` (the bot; tests call `sweep` themselves). */
  start(everyMs = 2_000): void {
    const sweep = () => void this.sweep().catch((error: unknown) => this.deps.log.warn("inbox: sweep failed; trying again shortly", { error }));
    sweep();
    this.timer = setInterval(sweep, everyMs);
    this.timer.unref();
  }

  /** Stops sweeping and waits for the events in progress. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.idle();
  }

  /** Resolves once no event is queued or running here. */
  async idle(): Promise<void> {
    while (this.queues.size > 0) await Promise.allSettled([...this.queues.values()]);
  }

  private async attemptOnce(row: InboxRow): Promise<InboxOutcome> {
    const { log, prisma, clock } = this.deps;
    const handler = this.handlers.get(row.kind);
    const fields = { platform: row.platform, eventId: row.eventId, attempt: row.attempts };
    try {
      if (!handler) throw new Error(`no handler for inbox events of kind ${row.kind}`);
      const state: { failure?: unknown; removed?: boolean } = {};
      await attempt.run(state, () => handler(row));
      if (state.failure) throw state.failure;
      if (state.removed) return "processed";
    } catch (error) {
      if (isTransientDatabaseError(error) && row.attempts < this.maxAttempts) {
        const retryAt = new Date(clock.now().getTime() + backoffMs(row.attempts));
        log.warn("inbox: database unavailable; the event stays in the inbox and is tried again", { ...fields, retryAt, error });
        // If even this fails, the lease runs out and the sweep takes the row again.
        await postponeInboxEvent(prisma, row.id, retryAt, (error as Error).message ?? String(error)).catch(() => undefined);
        return "postponed";
      }
      log.error("inbox: an event could not be processed and was dropped", { ...fields, error });
      await this.remove(row);
      return "failed";
    }
    await this.remove(row);
    return "processed";
  }

  /** A row left here after processing is taken again after its lease and found a duplicate by the engine. */
  private async remove(row: InboxRow): Promise<void> {
    await removeInboxEvent(this.deps.prisma, row.id).catch((error: unknown) =>
      this.deps.log.warn("inbox: a processed event could not be removed; it will be found a duplicate later", { eventId: row.eventId, error }),
    );
  }

  private async applyNeutral(row: InboxRow): Promise<void> {
    const stored = row.payload as StoredInbound;
    // The engine deletes the row in the statement that applies the event: one round trip fewer.
    const result = await this.deps.engine.handle({ ...stored, eventId: row.eventId } as Inbound, { inboxEventId: row.id });
    const current = attempt.getStore();
    if (current && result.inboxEventRemoved) current.removed = true;
    this.deps.log.debug("inbox: event applied", { eventId: row.eventId, status: result.status, queued: result.messagesQueued });
    // Replies go out at once; a delivery failure leaves them in the outbox, not the event here.
    await this.deps.deliver().catch((error: unknown) => this.deps.log.error("inbox: delivering replies failed; they stay in the outbox", { error }));
  }

  /**
   * At most `concurrency` events at once, and only one while acknowledgements are waiting for
   * their store; each starts in a lull of arrivals: the platforms' deadlines come first, the
   * stored events are safe meanwhile.
   */
  private async limited<T>(work: () => Promise<T>): Promise<T> {
    await this.admit(
      PROCESSING,
      () => this.running < (this.storing || this.arriving.length > 0 ? 1 : this.concurrency),
      () => this.running++,
    );
    try {
      return await work();
    } finally {
      this.running--;
      this.wakeProcessing();
    }
  }

  /** Neutral events: many at once (the engine batches their statements), each starting in a lull of arrivals. */
  private async limitedNeutral<T>(work: () => Promise<T>): Promise<T> {
    await this.admit(
      PROCESSING_NEUTRAL,
      () => this.runningNeutral < this.neutralConcurrency,
      () => this.runningNeutral++,
    );
    try {
      return await work();
    } finally {
      this.runningNeutral--;
      this.wakeProcessing();
    }
  }

  /** Waits for a free place (`free`) in a lull of arrivals (on the embedded database, with every acknowledgement stored), and takes it. */
  private async admit(lane: Lane, free: () => boolean, take: () => void): Promise<void> {
    for (;;) {
      while (!free()) await new Promise<void>((resolve) => this.waiting.push(resolve));
      await this.arrivals.lull(lane, this.acknowledgementsFirst);
      if (free()) return take();
    }
  }

  /** One function for every waiter, so a turn of arrivals.ts asks it once, however many wait. */
  private readonly acknowledgementsFirst = (): boolean => this.deps.statementsOnThisThread && (this.storing || this.arriving.length > 0);

  private wakeProcessing(): void {
    for (const wake of this.waiting.splice(0)) wake();
  }

  private leaseEnd(): Date {
    return new Date(this.deps.clock.now().getTime() + this.leaseMs);
  }
}

function backoffMs(attempts: number): number {
  const base = Math.min(60_000, 500 * 2 ** (attempts - 1));
  return Math.round(base / 2 + Math.random() * base);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
