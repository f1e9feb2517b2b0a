// Delivers queued messages through the adapter of the recipient's platform, oldest first,
// retrying failures with exponential backoff and jitter, and giving up (status "dead") after a
// bounded number of attempts so one broken recipient never blocks the rest.
import type { Clock } from "../clock.js";
import type { Catalog } from "../domain/catalog.js";
import { fillTemplate } from "../domain/script.js";
import type { Prompt } from "../domain/prompt.js";
import type { Platform } from "../engine/inbound.js";
import type { Logger } from "../log.js";
import type { PrismaClient } from "../store/database.js";

export interface OutgoingMessage {
  id: number;
  recipient: string;
  prompts: Prompt[];
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
}

export interface DeliveryReport {
  sent: number;
  retried: number;
  dead: number;
}

export class OutboxSender {
  constructor(private readonly deps: SenderDeps) {}

  async deliverDue(limit = 100): Promise<DeliveryReport> {
    const { prisma, clock, log } = this.deps;
    const due = await prisma.outboxMessage.findMany({
      where: { status: "pending", availableAt: { lte: clock.now() } },
      orderBy: { id: "asc" },
      take: limit,
      include: { tenant: { select: { platform: true } } },
    });
    const report: DeliveryReport = { sent: 0, retried: 0, dead: 0 };
    // Keeps each client's messages in order: after one fails, the rest wait for it.
    const blockedRecipients = new Set<string>();
    for (const row of due) {
      const recipientKey = `${row.tenantId}/${row.recipient}`;
      if (blockedRecipients.has(recipientKey)) continue;
      const deliverer = this.deps.deliverers[row.tenant.platform as Platform];
      try {
        if (!deliverer) throw new Error(`no adapter is running for platform "${row.tenant.platform}"`);
        const payload = row.payload as unknown as { prompts: Prompt[] };
        const { platformMessageId } = await deliverer.deliver({ id: row.id, recipient: row.recipient, prompts: payload.prompts });
        await prisma.outboxMessage.update({
          where: { id: row.id },
          data: { status: "sent", sentAt: clock.now(), platformMessageId: platformMessageId ?? null, attempts: row.attempts + 1 },
        });
        report.sent++;
      } catch (error) {
        blockedRecipients.add(recipientKey);
        const attempts = row.attempts + 1;
        const dead = error instanceof PermanentDeliveryError || attempts >= (this.deps.maxAttempts ?? 6);
        await prisma.outboxMessage.update({
          where: { id: row.id },
          data: {
            attempts,
            status: dead ? "dead" : "pending",
            lastError: (error as Error).message.slice(0, 500),
            availableAt: new Date(clock.now().getTime() + this.backoffMs(attempts)),
          },
        });
        log.warn(dead ? "message delivery gave up" : "message delivery failed, will retry", { outboxId: row.id, attempts, error });
        if (error instanceof PermanentDeliveryError) await this.markUnreachable(row, row.tenant.platform, error.reason);
        if (dead) report.dead++;
        else report.retried++;
      }
    }
    return report;
  }

  /**
   * The platform refuses to deliver to this client: stop sending them check-ins and tell their
   * coach, once. Messages to the coach are never about the coach's own reachability.
   */
  private async markUnreachable(row: { id: number; tenantId: string; clientId: string | null; recipient: string }, platform: string, reason: string) {
    const { prisma, clock, catalog } = this.deps;
    if (!row.clientId) return;
    const client = await prisma.client.findUnique({ where: { id: row.clientId }, include: { coach: true } });
    if (!client || client.platformUserId !== row.recipient || !client.reachable) return;
    await prisma.client.update({ where: { id: client.id }, data: { reachable: false, unreachableReason: reason } });
    if (!client.coach) return;
    const text = fillTemplate(catalog.messages.unreachableCoachNote, { name: client.name ?? client.platformUserId, platform, reason });
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
