// The inbox table: inbound platform events stored before they are acknowledged (one insert),
// claimed for processing with a lease, and deleted once processed. SQL through Prisma's raw API:
// the insert sits on the acknowledgement's path, and the claim needs FOR UPDATE SKIP LOCKED.
import { Prisma } from "../generated/prisma/client.js";
import { driverOf, type PrismaClient } from "./database.js";

/** What an adapter stores: who sent it, where, under which platform id, and what to replay. */
export interface InboxEntry {
  platform: string;
  /** The platform's workspace or server id (the tenant's externalId). */
  tenantKey: string;
  /** The platform's own id of this event: a redelivery finds the row already there. */
  eventId: string;
  /** The person who sent it (platform user id); empty for events that name nobody. */
  userId: string;
  /** How to process it: "inbound" (a neutral event) or an adapter's own format ("slack"). */
  kind: string;
  payload: unknown;
}

export interface InboxRow extends InboxEntry {
  id: number;
  /** Attempts so far, this one included. */
  attempts: number;
}

const STORE_EVENTS = `
  INSERT INTO "InboxEvent" (platform, "tenantKey", "eventId", "userId", kind, payload, attempts, "availableAt")
  SELECT x.platform, x."tenantKey", x."eventId", x."userId", x.kind, x.payload, 1, $1::timestamp(3)
  FROM jsonb_to_recordset($2::jsonb)
    AS x(platform text, "tenantKey" text, "eventId" text, "userId" text, kind text, payload jsonb)
  ON CONFLICT (platform, "tenantKey", "eventId") DO NOTHING
  RETURNING id, platform, "tenantKey", "eventId"`;

/**
 * Stores the events with one statement (many requests arriving together share one round trip),
 * each already leased to the caller until `leaseUntil` (it processes them right away; if it
 * dies, anyone may take them once the lease ends). For each entry, in order: its row, or null
 * when the event is already in the inbox (a platform's redelivery): nothing more to do.
 */
export async function storeInboxEvents(prisma: PrismaClient, entries: readonly InboxEntry[], leaseUntil: Date): Promise<(InboxRow | null)[]> {
  // On the driver: it is on every acknowledgement's path (see driverOf).
  const rows = await driverOf(prisma).query<{ id: number; platform: string; tenantKey: string; eventId: string }>(STORE_EVENTS, [
    leaseUntil.toISOString(),
    JSON.stringify(entries),
  ]);
  const ids = new Map(rows.map((row) => [keyOf(row), Number(row.id)]));
  return entries.map((entry) => {
    const key = keyOf(entry);
    const id = ids.get(key);
    // The same event twice in one batch: the first one is stored, the second is the redelivery.
    ids.delete(key);
    return id === undefined ? null : { ...entry, id, attempts: 1 };
  });
}

function keyOf(event: { platform: string; tenantKey: string; eventId: string }): string {
  return JSON.stringify([event.platform, event.tenantKey, event.eventId]);
}

/**
 * Leases events whose lease ran out (their processor died) or whose retry is due, oldest first,
 * at most one per person (the oldest of theirs still here), so each person's events are
 * processed in order. SKIP LOCKED lets any number of instances claim side by side.
 */
export async function claimInboxEvents(prisma: PrismaClient, kinds: readonly string[], now: Date, leaseUntil: Date, limit: number): Promise<InboxRow[]> {
  const rows = await prisma.$queryRaw<InboxRow[]>`
    WITH claimed AS (
      UPDATE "InboxEvent" SET "availableAt" = ${leaseUntil}, attempts = attempts + 1
      WHERE id IN (
        SELECT i.id FROM "InboxEvent" i
        WHERE i."availableAt" <= ${now} AND i.kind IN (${Prisma.join(kinds.length > 0 ? kinds : ["inbound"])})
          AND NOT EXISTS (
            SELECT 1 FROM "InboxEvent" e
            WHERE e.platform = i.platform AND e."tenantKey" = i."tenantKey" AND e."userId" = i."userId" AND e.id < i.id
          )
        ORDER BY i.id
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED
      )
      RETURNING id, platform, "tenantKey", "eventId", "userId", kind, payload, attempts
    )
    SELECT * FROM claimed ORDER BY id`;
  return rows.map((row) => ({ ...row, id: Number(row.id), attempts: Number(row.attempts) }));
}

/** Processed: the row, and the text it held, are gone. */
export async function removeInboxEvent(prisma: PrismaClient, id: number): Promise<void> {
  await prisma.$executeRaw`DELETE FROM "InboxEvent" WHERE id = ${id}`;
}

/** Failed for now: tried again from `retryAt` by whichever instance claims it. */
export async function postponeInboxEvent(prisma: PrismaClient, id: number, retryAt: Date, error: string): Promise<void> {
  await prisma.$executeRaw`UPDATE "InboxEvent" SET "availableAt" = ${retryAt}, "lastError" = ${error.slice(0, 500)} WHERE id = ${id}`;
}

/** A person's events still waiting in the inbox (their export), by tenant and platform user id. */
export function inboxEventsOf(prisma: PrismaClient, person: { platform: string; tenantKey: string; userId: string }) {
  return prisma.inboxEvent.findMany({
    where: person,
    orderBy: { id: "asc" },
    select: { platform: true, eventId: true, kind: true, payload: true, attempts: true, receivedAt: true, lastError: true },
  });
}
