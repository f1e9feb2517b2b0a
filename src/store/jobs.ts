// Scheduled jobs: adding them idempotently, and claiming due ones so that several instances
// share the work and no job runs twice at once.
import { jobDedupeKey, type PlannedJob } from "../domain/schedule.js";
import type { Prisma, PrismaClient } from "./database.js";

type Db = PrismaClient | Prisma.TransactionClient;

export interface ClaimedJob {
  id: string;
  kind: string;
  clientId: string | null;
  coachId: string | null;
  teamId: string | null;
  period: string;
  dueAt: Date;
}

/** Inserts jobs; one that already exists for its (kind, subject, period) is left as it is. */
export async function addJobs(db: Db, jobs: PlannedJob[]): Promise<number> {
  if (jobs.length === 0) return 0;
  const { count } = await db.scheduledJob.createMany({
    data: jobs.map((j) => ({
      kind: j.kind,
      clientId: j.clientId ?? null,
      coachId: j.coachId ?? null,
      teamId: j.teamId ?? null,
      period: j.period,
      dueAt: j.dueAt,
      dedupeKey: jobDedupeKey(j),
    })),
    skipDuplicates: true,
  });
  return count;
}

/**
 * Claims up to `limit` due jobs. SKIP LOCKED lets concurrent instances each take different rows
 * instead of waiting; the status change makes the claim visible after commit. Jobs due at the
 * same instant (a client's check-in and program review) run in a stable order, by kind: an
 * UPDATE's RETURNING follows no ORDER BY, and a rehearsal must replay identically.
 */
export async function claimDueJobs(prisma: PrismaClient, now: Date, limit: number): Promise<ClaimedJob[]> {
  return prisma.$queryRaw<ClaimedJob[]>`
    WITH claimed AS (
      UPDATE "ScheduledJob" SET status = 'running', "lockedAt" = ${now}
      WHERE id IN (
        SELECT id FROM "ScheduledJob"
        WHERE status = 'pending' AND "dueAt" <= ${now}
        ORDER BY "dueAt", kind, "dedupeKey"
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED
      )
      RETURNING id, kind, "clientId", "coachId", "teamId", period, "dueAt", "dedupeKey"
    )
    SELECT id, kind, "clientId", "coachId", "teamId", period, "dueAt" FROM claimed ORDER BY "dueAt", kind, "dedupeKey"`;
}

/** Jobs left "running" by an instance that died are taken back after `staleAfterMs`. */
export async function releaseStaleJobs(prisma: PrismaClient, now: Date, staleAfterMs: number): Promise<number> {
  return prisma.$executeRaw`
    UPDATE "ScheduledJob" SET status = 'pending', "lockedAt" = NULL
    WHERE status = 'running' AND "lockedAt" < ${new Date(now.getTime() - staleAfterMs)}`;
}

export async function finishJob(prisma: PrismaClient, id: string, status: "done" | "skipped", now: Date, detail?: string): Promise<void> {
  await prisma.scheduledJob.update({ where: { id }, data: { status, doneAt: now, lockedAt: null, detail: detail ?? null } });
}

/** Puts a claimed job back to wait until `dueAt` (a holiday or quiet hours moved it). */
export async function postponeJob(prisma: PrismaClient, id: string, dueAt: Date, detail: string): Promise<void> {
  await prisma.scheduledJob.update({ where: { id }, data: { status: "pending", lockedAt: null, dueAt, detail } });
}

/**
 * Replaces a subject's pending job of one kind by the next occurrence of a new schedule. An
 * occurrence whose period already had its job (this week's check-in, done) moves to the one
 * after, so a schedule change never sends the same period twice.
 */
export async function replacePendingJob(
  db: Db,
  kind: "checkin" | "digest",
  subject: { clientId: string } | { coachId: string },
  next: (after: Date) => PlannedJob,
  now: Date,
): Promise<PlannedJob> {
  await db.scheduledJob.deleteMany({ where: { kind, status: "pending", ...subject } });
  const planned = next(now);
  if ((await addJobs(db, [planned])) === 1) return planned;
  const following = next(planned.dueAt);
  await addJobs(db, [following]);
  return following;
}
