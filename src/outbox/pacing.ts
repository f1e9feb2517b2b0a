// Per-process pacing of sends by the injected clock, for limits a platform states per key
// (Slack: about one message per second per channel; its files.* methods per workspace and
// minute). A message that would break a limit is not sent: the sender re-queues it for the
// moment its slot opens, so no request is spent on a sure 429 and no delivery slot is held
// while waiting. Platforms whose SDK already paces (discord.js's REST: 50 requests/s and
// per-route buckets from the X-RateLimit-* headers) declare no limits here.
//
// Hand-written on purpose: rate-limit libraries (bottleneck, p-queue's interval, limiter) read
// the wall clock and wait with timers, while the outbox must run on the injected clock and
// keep its waits in the database (availableAt), where they survive a restart.

/** What a deliverer declares about its platform's limits; every field optional. */
export interface DeliveryLimits {
  /** One message per this many ms to one recipient of one workspace, on average (Slack: 1000). */
  perRecipientMs?: number;
  /**
   * How many messages to one recipient may go at once before the pace applies (default 1).
   * Slack allows short bursts per channel; a person answering quickly gets each reply at once.
   */
  perRecipientBurst?: number;
  /** At most this many messages carrying attachments per workspace and minute (a method tier). */
  attachmentsPerMinute?: number;
}

export class Pacer {
  /** Key -> when its slots are all free again (epoch ms); entries in the past are dropped by prune(). */
  private readonly nextFree = new Map<string, number>();
  /** Workspace -> until when it answered 429 (epoch ms): nothing more goes there before that. */
  private readonly pausedUntil = new Map<string, number>();

  /**
   * Takes the slots a message needs and returns 0, or returns how long to wait (ms) and takes none.
   */
  take(limits: DeliveryLimits | undefined, tenantId: string, recipient: string, hasAttachments: boolean, nowMs: number): number {
    const paused = this.pausedUntil.get(tenantId) ?? 0;
    if (paused > nowMs) return paused - nowMs;
    // [key, interval, burst]: a generic cell rate rule, so `burst` sends may start at once and
    // the rest follow one per interval.
    const rules: [string, number, number][] = [];
    if (limits?.perRecipientMs) rules.push([`r\u0000${tenantId}\u0000${recipient}`, limits.perRecipientMs, limits.perRecipientBurst ?? 1]);
    if (hasAttachments && limits?.attachmentsPerMinute) rules.push([`a\u0000${tenantId}`, 60_000 / limits.attachmentsPerMinute, 1]);
    const waits = rules.map(([key, interval, burst]) => Math.max(nowMs, this.nextFree.get(key) ?? 0) - nowMs - (burst - 1) * interval);
    const wait = Math.max(0, ...waits);
    if (wait > 0) return Math.ceil(wait);
    for (const [key, interval] of rules) this.nextFree.set(key, Math.max(nowMs, this.nextFree.get(key) ?? 0) + interval);
    return 0;
  }

  /** The platform said "slow down" for this workspace: hold every send there until then. */
  pause(tenantId: string, untilMs: number): void {
    this.pausedUntil.set(tenantId, Math.max(this.pausedUntil.get(tenantId) ?? 0, untilMs));
  }

  /** Forgets slots that are free again, so the maps stay as small as the recent traffic. */
  prune(nowMs: number): void {
    for (const [key, at] of this.nextFree) if (at <= nowMs) this.nextFree.delete(key);
    for (const [key, at] of this.pausedUntil) if (at <= nowMs) this.pausedUntil.delete(key);
  }
}
