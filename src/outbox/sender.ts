// Delivers queued messages through the adapter of the recipient's platform. Rows are claimed
// with FOR UPDATE SKIP LOCKED, so any number of instances share the work without sending a row
// twice; only the oldest unsent message of each recipient is claimable, so each person's
// messages arrive in order. Failures retry with exponential backoff and jitter; a permanent
// failure, or too many attempts, ends the row as "dead" (and tells the coach).
//
// Remaining duplicate window: if a process dies after the platform accepted a message but
// before the row is marked sent, the row is taken back after STALE_SENDING_MS and sent again.
// Discord deduplicates by nonce for a few minutes; Slack has no such key, so a Slack message can
// repeat in that case. Nothing is ever lost.
import type { Clock } from "../clock.js";
import type { Catalog } from "../domain/catalog.js";
import type { Prompt } from "../domain/prompt.js";
import { fillTemplate } from "../domain/script.js";
import type { Platform } from "../engine/inbound.js";
import type { Logger } from "../log.js";
import type { PrismaClient } from "../store/database.js";
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
}

const STALE_SENDING_MS = 5 * 60_000;

export class OutboxSender {
  constructor(private readonly deps: SenderDeps) {}

  /**
   * Sends everything due. Runs never overlap: calls made while a run is in progress share one
   * more run after it, so adapters and the scheduler can call this freely.
   */
  readonly deliverDue: () => Promise<DeliveryReport> = serialised(() => this.deliverAll());

  private async deliverAll(): Promise<DeliveryReport> {
    const report: DeliveryReport = { sent: 0, retried: 0, dead: 0 };
    await this.releaseStale();
    for (;;) {
      const batch = await this.claim();
      if (batch.length === 0) return report;
      for (const row of batch) await this.deliverOne(row, report);
    }
  }

  private async releaseStale(): Promise<void> {
    const cutoff = new Date(this.deps.clock.now().getTime() - STALE_SENDING_MS);
    await this.deps.prisma.$executeRaw`
      UPDATE "OutboxMessage" SET status = 'pending', "lockedAt" = NULL WHERE status = 'sending' AND "lockedAt" < ${cutoff}`;
  }

  /** The oldest unsent message of each recipient that is due, claimed so no one else sends it. */
  private async claim(): Promise<ClaimedMessage[]> {
    const now = this.deps.clock.now();
    const limit = this.deps.batchSize ?? 100;
    return this.deps.prisma.$queryRaw<ClaimedMessage[]>`
      WITH claimed AS (
        UPDATE "OutboxMessage" SET status = 'sending', "lockedAt" = ${now}
        WHERE id IN (
          SELECT o.id FROM "OutboxMessage" o
          WHERE o.status = 'pending' AND o."availableAt" <= ${now}
            AND NOT EXISTS (
              SELECT 1 FROM "OutboxMessage" e
              WHERE e."tenantId" = o."tenantId" AND e.recipient = o.recipient
                AND e.status IN ('pending', 'sending') AND e.id < o.id
            )
          ORDER BY o.id
          LIMIT ${limit}
          FOR UPDATE SKIP LOCKED
        )
        RETURNING id, "tenantId", "clientId", recipient, payload, attempts
      )
      SELECT c.*, t.platform FROM claimed c JOIN "Tenant" t ON t.id = c."tenantId" ORDER BY c.id`;
  }

  private async deliverOne(row: ClaimedMessage, report: DeliveryReport): Promise<void> {
    const { prisma, clock, log } = this.deps;
    const deliverer = this.deps.deliverers[row.platform as Platform];
    if (!deliverer) {
      // Another instance (or a later start) with this platform's adapter will send it.
      await prisma.outboxMessage.update({ where: { id: row.id }, data: { status: "pending", lockedAt: null, availableAt: new Date(clock.now().getTime() + 60_000) } });
      return;
    }
    try {
      const { platformMessageId } = await deliverer.deliver({
        id: row.id,
        recipient: row.recipient,
        prompts: row.payload.prompts,
        ...(row.payload.attachments?.length ? { attachments: row.payload.attachments } : {}),
      });
      await prisma.outboxMessage.update({
        where: { id: row.id },
        data: { status: "sent", sentAt: clock.now(), lockedAt: null, platformMessageId: platformMessageId ?? null, attempts: row.attempts + 1 },
      });
      report.sent++;
    } catch (error) {
      if (error instanceof RateLimitedError) {
        await prisma.outboxMessage.update({ where: { id: row.id }, data: { status: "pending", lockedAt: null, availableAt: new Date(clock.now().getTime() + error.retryAfterMs) } });
        report.retried++;
        return;
      }
      const attempts = row.attempts + 1;
      const dead = error instanceof PermanentDeliveryError || attempts >= (this.deps.maxAttempts ?? 6);
      await prisma.outboxMessage.update({
        where: { id: row.id },
        data: {
          attempts,
          status: dead ? "dead" : "pending",
          lockedAt: null,
          lastError: (error as Error).message.slice(0, 500),
          availableAt: new Date(clock.now().getTime() + this.backoffMs(attempts)),
        },
      });
      log.warn(dead ? "message delivery gave up" : "message delivery failed, will retry", { outboxId: row.id, attempts, error });
      if (dead) {
        report.dead++;
        await this.markUnreachable(row, error instanceof PermanentDeliveryError ? error.reason : `gave up after ${attempts} attempts`);
      } else report.retried++;
    }
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
