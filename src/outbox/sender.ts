// Delivers queued messages through the adapter of the recipient's platform. Rows are claimed
// with FOR UPDATE SKIP LOCKED, so any number of instances share the work without sending a row
// twice; only the oldest unsent message of each recipient is claimable, so a claimed batch holds
// at most one message per person and each person's messages arrive in order. The messages of a
// batch go out concurrently (a platform answering in 100 ms allows 10 sequential sends a
// second, far below its limits); the platform's limits are kept by its SDK (discord.js) or by
// the pacing each deliverer declares (pacing.ts). Outcomes are recorded as they come, a chunk
// at a time (outcome-writer.ts), not once at the end of the batch. Failures retry with
// exponential backoff and jitter; a permanent failure, or too many attempts, ends the row as
// "dead" (and tells the coach).
//
// Remaining duplicate window: if a process dies after the platform accepted a message but
// before its outcome is recorded, the row is taken back after STALE_SENDING_MS and sent again.
// Discord deduplicates by nonce for a few minutes; Slack has no such key, so a Slack message can
// repeat in that case. Recording per chunk bounds that to the sends in flight plus fewer than
// `recordEvery` answered ones, instead of a whole batch. Nothing is ever lost.

import pLimit from "p-limit";
import type { Clock } from "../clock.js";
import type { Catalog } from "../domain/catalog.js";
import type { Prompt } from "../domain/prompt.js";
import { fillTemplate } from "../domain/script.js";
import type { Platform } from "../engine/inbound.js";
import type { Logger } from "../log.js";
import { type PrismaClient, sqlOf } from "../store/database.js";
import { OutcomeWriter } from "./outcome-writer.js";
import { type DeliveryLimits, Pacer } from "./pacing.js";
import { serialised } from "./serialised.js";

export interface Attachment {
  filename: string;
  contentType: string;
  dataBase64: string;
}

export interface OutgoingMessage {
  id: number;
  recipient: string;
  prompts: Prompt[];
  attachments?: Attachment[];
  /**
   * An earlier attempt delivered the text (this is its platformMessageId) but not everything
   * after it: only the rest goes out now, so the person never gets the text twice.
   */
  textDeliveredAs?: string;
}

/**
 * Thrown by a deliverer when retrying cannot help (user left, DMs closed, token revoked):
 * the message goes straight to "dead" instead of being retried.
 */
export class PermanentDeliveryError extends Error {
  constructor(
    message: string,
    readonly reason: string,
  ) {
    super(message);
    this.name = "PermanentDeliveryError";
  }
}

/**
 * Thrown by a deliverer that delivered the text but then failed (an attachment's upload): the
 * message is retried as `failure` says, remembering that the text is out (`textDeliveredAs`).
 */
export class PartlyDeliveredError extends Error {
  constructor(
    readonly platformMessageId: string,
    readonly failure: unknown,
  ) {
    super(`the text went out as ${platformMessageId}, the rest did not: ${(failure as Error)?.message ?? String(failure)}`);
    this.name = "PartlyDeliveredError";
  }
}

/** Thrown by a deliverer when the platform said "slow down": retried after that delay, not counted as a failure. */
export class RateLimitedError extends Error {
  constructor(readonly retryAfterMs: number) {
    super(`rate limited; retry after ${retryAfterMs} ms`);
    this.name = "RateLimitedError";
  }
}

export interface Deliverer {
  /** Returns the platform's id of the sent message when it has one. */
  deliver(message: OutgoingMessage): Promise<{ platformMessageId?: string }>;
  /** Limits the sender keeps for this platform by pacing (none where the SDK paces itself). */
  limits?: DeliveryLimits;
}

export interface SenderDeps {
  prisma: PrismaClient;
  catalog: Catalog;
  clock: Clock;
  log: Logger;
  deliverers: Partial<Record<Platform, Deliverer>>;
  maxAttempts?: number;
  baseDelayMs?: number;
  batchSize?: number;
  /** Messages in flight at once within a batch (default 16). */
  concurrency?: number;
  /**
   * Outcomes recorded per status write (default: `concurrency`). Smaller narrows the window in
   * which a crash resends answered messages; larger writes less often.
   */
  recordEvery?: number;
  /**
   * When set, a run that left messages waiting for a retry due within this many ms starts the
   * next run then, on a real (unref'd) timer; otherwise the next call (scheduler tick, adapter
   * event) picks them up. The bot sets it; tests on a fixed clock leave it unset.
   */
  wakeForRetriesWithinMs?: number;
}

export interface DeliveryReport {
  sent: number;
  retried: number;
  dead: number;
}

interface ClaimedMessage {
  id: number;
  tenantId: string;
  clientId: string | null;
  recipient: string;
  payload: { prompts: Prompt[]; attachments?: Attachment[] };
  attempts: number;
  platform: string;
  /** Set when an earlier attempt delivered the text only (PartlyDeliveredError). */
  platformMessageId: string | null;
}

/** What became of one claimed message; recorded for the whole batch at once. */
interface Outcome {
  row: ClaimedMessage;
  status: "sent" | "pending" | "dead";
  attempts: number;
  availableAt?: Date;
  sentAt?: Date;
  platformMessageId?: string;
  lastError?: string;
  /** Why a dead message's recipient cannot be reached (tells the coach). */
  unreachableReason?: string;
}

const STALE_SENDING_MS = 5 * 60_000;

const RELEASE_STALE = `
  UPDATE "OutboxMessage" SET status = 'pending', "lockedAt" = NULL WHERE status = 'sending' AND "lockedAt" < $1::timestamp(3)`;

/**
 * The candidates come from the (status, availableAt) index, kept apart (MATERIALIZED) so that the
 * planner cannot walk the primary key in id order instead: it chose that walk once sent messages
 * piled up, and read every message ever sent on each claim (37 ms at 200,000 sent, measured).
 * The lock rechecks the row itself, so a message another instance claimed meanwhile is skipped.
 */
const CLAIM = `
  WITH due AS MATERIALIZED (
    SELECT o.id, o."tenantId", o.recipient FROM "OutboxMessage" o
    WHERE o.status = 'pending' AND o."availableAt" <= $1::timestamp(3)
  ),
  claimed AS (
    UPDATE "OutboxMessage" SET status = 'sending', "lockedAt" = $1::timestamp(3)
    WHERE id IN (
      SELECT o.id FROM due d JOIN "OutboxMessage" o ON o.id = d.id
      WHERE o.status = 'pending' AND o."availableAt" <= $1::timestamp(3)
        AND NOT EXISTS (
          SELECT 1 FROM "OutboxMessage" e
          WHERE e."tenantId" = d."tenantId" AND e.recipient = d.recipient
            AND e.status IN ('pending', 'sending') AND e.id < d.id
        )
      ORDER BY d.id
      LIMIT $2::int
      FOR UPDATE OF o SKIP LOCKED
    )
    RETURNING id, "tenantId", "clientId", recipient, payload, attempts, "platformMessageId"
  )
  SELECT c.*, t.platform FROM claimed c JOIN "Tenant" t ON t.id = c."tenantId" ORDER BY c.id`;

const RECORD = `
  UPDATE "OutboxMessage" AS o SET
    status = v.status, attempts = v.attempts, "lockedAt" = NULL,
    "availableAt" = COALESCE(v."availableAt", o."availableAt"),
    "sentAt" = COALESCE(v."sentAt", o."sentAt"),
    "platformMessageId" = COALESCE(v."platformMessageId", o."platformMessageId"),
    "lastError" = COALESCE(v."lastError", o."lastError")
  FROM jsonb_to_recordset($1::jsonb) AS v(
    id int, status text, attempts int, "availableAt" timestamp(3), "sentAt" timestamp(3), "platformMessageId" text, "lastError" text)
  WHERE o.id = v.id`;

export class OutboxSender {
  private readonly pacer = new Pacer();
  private wakeTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly deps: SenderDeps) {}

  /**
   * Sends everything due. Runs never overlap: calls made while a run is in progress share one
   * more run after it, so adapters and the scheduler can call this freely.
   */
  readonly deliverDue: () => Promise<DeliveryReport> = serialised(() => this.deliverAll());

  /** Stops the retry wake-up timer (the bot calls this before closing the database). */
  close(): void {
    this.closed = true;
    clearTimeout(this.wakeTimer);
  }

  private async deliverAll(): Promise<DeliveryReport> {
    const report: DeliveryReport = { sent: 0, retried: 0, dead: 0 };
    await this.releaseStale();
    let earliestRetry = Number.POSITIVE_INFINITY;
    for (;;) {
      const batch = await this.claim();
      if (batch.length === 0) break;
      this.pacer.prune(this.deps.clock.now().getTime());
      const outcomes = await this.deliverBatch(batch);
      for (const outcome of outcomes) {
        if (outcome.status === "sent") report.sent++;
        else if (outcome.status === "pending") {
          report.retried++;
          earliestRetry = Math.min(earliestRetry, outcome.availableAt!.getTime());
        } else {
          report.dead++;
          await this.markUnreachable(outcome.row, outcome.unreachableReason!);
        }
      }
    }
    this.wakeAt(earliestRetry);
    return report;
  }

  /**
   * Sends a batch concurrently and records each outcome soon after it is known. The claim gives
   * at most one message per recipient, so order per recipient cannot suffer; should a batch ever
   * hold two, they still go one after the other.
   */
  private async deliverBatch(batch: ClaimedMessage[]): Promise<Outcome[]> {
    const concurrency = this.deps.concurrency ?? 16;
    const limit = pLimit(concurrency);
    const writer = new OutcomeWriter<Outcome>((outcomes) => this.record(outcomes), this.deps.recordEvery ?? concurrency);
    const previousOf = new Map<string, Promise<Outcome>>();
    const outcomes = await Promise.all(
      batch.map((row) => {
        const key = `${row.tenantId}\u0000${row.recipient}`;
        const previous = previousOf.get(key);
        const send = () => this.deliverOne(row).then((outcome) => writer.add(outcome));
        const next = previous ? previous.then(() => limit(send)) : limit(send);
        previousOf.set(key, next);
        return next;
      }),
    );
    await writer.flush();
    return outcomes;
  }

  // The statements of every delivery run are fixed texts on the driver (see sqlOf): a run follows
  // every answer and every scheduler batch, and Prisma's raw API compiled each one anew.
  private async releaseStale(): Promise<void> {
    const cutoff = new Date(this.deps.clock.now().getTime() - STALE_SENDING_MS);
    await sqlOf(this.deps.prisma).query(RELEASE_STALE, [cutoff.toISOString()]);
  }

  /** The oldest unsent message of each recipient that is due, claimed so no one else sends it. */
  private async claim(): Promise<ClaimedMessage[]> {
    return sqlOf(this.deps.prisma).query<ClaimedMessage>(CLAIM, [this.deps.clock.now().toISOString(), this.deps.batchSize ?? 100]);
  }

  /** Sends one message, or decides not to yet; never throws. */
  private async deliverOne(row: ClaimedMessage): Promise<Outcome> {
    const { clock, log } = this.deps;
    const deliverer = this.deps.deliverers[row.platform as Platform];
    const later = (ms: number): Outcome => ({ row, status: "pending", attempts: row.attempts, availableAt: new Date(clock.now().getTime() + ms) });
    // Another instance (or a later start) with this platform's adapter will send it.
    if (!deliverer) return later(60_000);
    const hasAttachments = Boolean(row.payload.attachments?.length);
    const wait = this.pacer.take(deliverer.limits, row.tenantId, row.recipient, hasAttachments, clock.now().getTime());
    if (wait > 0) return later(wait);
    try {
      const { platformMessageId } = await deliverer.deliver({
        id: row.id,
        recipient: row.recipient,
        prompts: row.payload.prompts,
        ...(hasAttachments ? { attachments: row.payload.attachments } : {}),
        ...(row.platformMessageId ? { textDeliveredAs: row.platformMessageId } : {}),
      });
      this.pacer.sent(deliverer.limits, row.tenantId, row.recipient, clock.now().getTime());
      return { row, status: "sent", attempts: row.attempts + 1, sentAt: clock.now(), ...(platformMessageId ? { platformMessageId } : {}) };
    } catch (thrown) {
      // Recorded with the outcome (pending or dead alike), so a retry sends only what is missing.
      const textOut = thrown instanceof PartlyDeliveredError ? { platformMessageId: thrown.platformMessageId } : {};
      const error = thrown instanceof PartlyDeliveredError ? thrown.failure : thrown;
      if (error instanceof RateLimitedError) {
        // A delay, not a failed attempt; the limit that answered waits (the channel or the
        // whole workspace, see Pacer.rateLimited) so one 429 does not become many.
        this.pacer.rateLimited(deliverer.limits, row.tenantId, row.recipient, error.retryAfterMs, clock.now().getTime());
        return { ...later(error.retryAfterMs), ...textOut };
      }
      const attempts = row.attempts + 1;
      const dead = error instanceof PermanentDeliveryError || attempts >= (this.deps.maxAttempts ?? 6);
      log.warn(dead ? "message delivery gave up" : "message delivery failed, will retry", { outboxId: row.id, attempts, error });
      return {
        row,
        status: dead ? "dead" : "pending",
        attempts,
        availableAt: new Date(clock.now().getTime() + this.backoffMs(attempts)),
        // Cut by characters: half an emoji is not valid JSON text and would fail the whole write.
        lastError: Array.from((error as Error).message)
          .slice(0, 500)
          .join(""),
        ...textOut,
        ...(dead ? { unreachableReason: error instanceof PermanentDeliveryError ? error.reason : `gave up after ${attempts} attempts` } : {}),
      };
    }
  }

  /** Outcomes in one UPDATE; fields an outcome leaves out keep their value. */
  private async record(outcomes: Outcome[]): Promise<void> {
    const rows = outcomes.map((o) => ({
      id: o.row.id,
      status: o.status,
      attempts: o.attempts,
      availableAt: o.availableAt?.toISOString() ?? null,
      sentAt: o.sentAt?.toISOString() ?? null,
      platformMessageId: o.platformMessageId ?? null,
      lastError: o.lastError ?? null,
    }));
    await sqlOf(this.deps.prisma).query(RECORD, [JSON.stringify(rows)]);
  }

  /** Starts the next run when the earliest retry is due, if that is soon (see wakeForRetriesWithinMs). */
  private wakeAt(atMs: number): void {
    const within = this.deps.wakeForRetriesWithinMs;
    if (within === undefined || this.closed || !Number.isFinite(atMs)) return;
    const delay = Math.max(0, atMs - this.deps.clock.now().getTime());
    if (delay > within) return;
    clearTimeout(this.wakeTimer);
    this.wakeTimer = setTimeout(() => {
      if (this.closed) return;
      this.deliverDue().catch((error: unknown) => this.deps.log.warn("outbox retry run failed", { error }));
    }, delay + 5);
    this.wakeTimer.unref();
  }

  /**
   * The platform refuses to deliver to this client: stop sending them check-ins and tell their
   * coach, once. Messages to the coach are never about the coach's own reachability.
   */
  private async markUnreachable(row: ClaimedMessage, reason: string) {
    const { prisma, clock, catalog } = this.deps;
    if (!row.clientId) return;
    const client = await prisma.client.findUnique({ where: { id: row.clientId }, include: { coach: true } });
    if (!client || client.platformUserId !== row.recipient || !client.reachable) return;
    await prisma.client.update({ where: { id: client.id }, data: { reachable: false, unreachableReason: reason } });
    if (!client.coach) return;
    const text = fillTemplate(catalog.messages.unreachableCoachNote, { name: client.name ?? client.platformUserId, platform: row.platform, reason });
    await prisma.outboxMessage.create({
      data: {
        tenantId: row.tenantId,
        clientId: client.id,
        recipient: client.coach.platformUserId,
        kind: "coach_note",
        dedupeKey: `unreachable:${row.id}`,
        payload: { prompts: [{ id: "unreachable", text, input: { kind: "none" } }] },
        availableAt: clock.now(),
      },
    });
  }

  private backoffMs(attempts: number): number {
    const base = (this.deps.baseDelayMs ?? 2_000) * 2 ** (attempts - 1);
    return Math.round(base / 2 + Math.random() * base);
  }
}
