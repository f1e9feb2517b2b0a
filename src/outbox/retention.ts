// Message retention: the text of a delivered message (a DM, a coach alert, a digest) is kept for
// MESSAGE_RETENTION_DAYS, then its body is purged. The row stays, so its dedupe key still stops
// the same message from being queued again; only what it said is gone.
//
// Safe with many instances at once: each batch locks its rows with SKIP LOCKED, and a purged row
// no longer matches, so running it twice (or on two instances) purges each body once.
import type { PrismaClient } from "../store/database.js";

/** What a purged message's payload becomes: no prompts, no attachments, no text. */
export const PURGED_PAYLOAD = { prompts: [], purged: true } as const;

const BATCH = 1000;

/** Purges bodies of messages delivered (or given up on) more than `retentionDays` before `now`. Returns how many. */
export async function purgeDeliveredBodies(prisma: PrismaClient, now: Date, retentionDays: number): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
  const payload = JSON.stringify(PURGED_PAYLOAD);
  let total = 0;
  for (;;) {
    const purged = await prisma.$executeRaw`
      UPDATE "OutboxMessage" SET payload = ${payload}::jsonb, "lastError" = NULL
      WHERE id IN (
        SELECT id FROM "OutboxMessage"
        WHERE status IN ('sent', 'dead') AND COALESCE("sentAt", "createdAt") < ${cutoff}
          AND NOT (payload ? 'purged')
        ORDER BY id
        LIMIT ${BATCH}
        FOR UPDATE SKIP LOCKED
      )`;
    total += purged;
    if (purged < BATCH) return total;
  }
}
