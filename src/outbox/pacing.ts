// Per-process pacing of sends by the injected clock, for limits a platform states per key
// (Slack: about one message per second per channel, with short bursts; its files.* methods per
// workspace and minute). A message that would break a limit is not sent: the sender re-queues it
// for the moment its slot opens, so no request is spent on a sure 429 and no delivery slot is
// held while waiting. Platforms whose SDK already paces (discord.js's REST: 50 requests/s and
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

/**
 * The platform counts a request when it arrives, somewhere between our send and its answer.
 * Slots are booked at the send (so concurrent sends cannot overbook) and re-anchored at the
 * answer (see sent()), so our schedule never runs ahead of the platform's; this much of a burst
 * is also kept unused for the platform's own rounding. It costs this many ms once per busy
 * recipient, not per message: the pace itself stays exactly the platform's.
 */
export const ARRIVAL_SPREAD_MS = 250;

/** [key, interval, burst] of a generic cell rate rule: `burst` sends may start at once, the rest follow one per interval. */
type Rule = [key: string, intervalMs: number, burst: number];

export class Pacer {
  /** Key -> its theoretical arrival time (epoch ms): when its slots are all free again; past entries are dropped by prune(). */
  private readonly nextFree = new Map<string, number>();
  /** Workspace -> until when it answered 429 on a workspace-wide limit (epoch ms): nothing more goes there before that. */
  private readonly pausedUntil = new Map<string, number>();

  /**
   * Takes the slots a message needs and returns 0, or returns how long to wait (ms) and takes none.
   */
  take(limits: DeliveryLimits | undefined, tenantId: string, recipient: string, hasAttachments: boolean, nowMs: number): number {
    const paused = this.pausedUntil.get(tenantId) ?? 0;
    if (paused > nowMs) return paused - nowMs;
    const rules = rulesFor(limits, tenantId, recipient, hasAttachments);
    const waits = rules.map(([key, interval, burst]) => Math.max(nowMs, this.nextFree.get(key) ?? 0) - nowMs - tolerance(interval, burst));
    const wait = Math.max(0, ...waits);
    if (wait > 0) return Math.ceil(wait);
    for (const [key, interval] of rules) this.nextFree.set(key, Math.max(nowMs, this.nextFree.get(key) ?? 0) + interval);
    return 0;
  }

  /**
   * The platform answered a send to `recipient`: it counted that send no later than now. Booking
   * the slot at the send alone would anchor our schedule up to a round trip before the
   * platform's (a slow first request, then fast ones, reads as a burst that never was, and
   * draws 429s once the recipient reaches its limit). Sends to one recipient never overlap (a
   * claimed batch holds one message per recipient), so this answer is the last send counted.
   */
  sent(limits: DeliveryLimits | undefined, tenantId: string, recipient: string, nowMs: number): void {
    const [rule] = rulesFor(limits, tenantId, recipient, false);
    if (!rule) return;
    const [key, interval] = rule;
    this.nextFree.set(key, Math.max(this.nextFree.get(key) ?? 0, nowMs + interval));
  }

  /**
   * The platform said "slow down" (429) for a message to `recipient`. When we had nearly used
   * that recipient's burst, it is the per-recipient limit (Slack: per channel): that recipient
   * alone is full until Retry-After, and is paced from there, while every other channel keeps
   * going. Otherwise the platform counted something we do not pace (Slack's undisclosed
   * workspace-wide limit, or another instance's sends): hold the whole workspace until then.
   */
  rateLimited(limits: DeliveryLimits | undefined, tenantId: string, recipient: string, retryAfterMs: number, nowMs: number): void {
    const until = nowMs + retryAfterMs;
    const [rule] = rulesFor(limits, tenantId, recipient, false);
    if (rule) {
      const [key, interval, burst] = rule;
      const room = tolerance(interval, burst) - ((this.nextFree.get(key) ?? 0) - nowMs);
      if (room < Math.max(interval, tolerance(interval, burst) / 2)) {
        this.nextFree.set(key, Math.max(this.nextFree.get(key) ?? 0, until + tolerance(interval, burst)));
        return;
      }
    }
    this.pausedUntil.set(tenantId, Math.max(this.pausedUntil.get(tenantId) ?? 0, until));
  }

  /** Forgets slots that are free again, so the maps stay as small as the recent traffic. */
  prune(nowMs: number): void {
    for (const [key, at] of this.nextFree) if (at <= nowMs) this.nextFree.delete(key);
    for (const [key, at] of this.pausedUntil) if (at <= nowMs) this.pausedUntil.delete(key);
  }
}

/** The per-recipient rule first (rateLimited reads it), then the workspace's attachment tier. */
function rulesFor(limits: DeliveryLimits | undefined, tenantId: string, recipient: string, hasAttachments: boolean): Rule[] {
  const rules: Rule[] = [];
  if (limits?.perRecipientMs) rules.push([`r\u0000${tenantId}\u0000${recipient}`, limits.perRecipientMs, limits.perRecipientBurst ?? 1]);
  if (hasAttachments && limits?.attachmentsPerMinute) rules.push([`a\u0000${tenantId}`, 60_000 / limits.attachmentsPerMinute, 1]);
  return rules;
}

/** How far ahead of now a key's slots may be booked before the next send must wait. */
function tolerance(intervalMs: number, burst: number): number {
  return Math.max(0, (burst - 1) * intervalMs - ARRIVAL_SPREAD_MS);
}
