// Scheduled jobs: adding them idempotently, and claiming due ones so that several instances
// share the work and no job runs twice at once. The statements of a scheduler pass are fixed
// texts with jsonb parameters on the driver (see sqlOf, and effects-sql.ts for why): Prisma's
// raw API compiled each anew, measured about a tenth of a pass's CPU. Timestamps go in as UTC
// ISO text and come back as epoch milliseconds.
import { randomUUID } from "node:crypto";
import { jobDedupeKey, type PlannedJob } from "../domain/schedule.js";
import { epochMs, type Prisma, type PrismaClient, sqlOf } from "./database.js";

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

/**
 * Inserts jobs; one that already exists for its (kind, subject, period) is left as it is. One
 * statement with the rows as a jsonb parameter: Prisma's createMany compiled every row of a
 * batch's reminders and next check-ins (about 0.4 ms of CPU a row), and this is the scheduler's
 * hot path. The id and createdAt are filled in as Prisma would (a uuid, the wall clock).
 */
export async function addJobs(db: Db, jobs: PlannedJob[]): Promise<number> {
  if (jobs.length === 0) return 0;
  // ord: the first of a dedupe key stays, as with createMany's skipDuplicates.
  const rows = jobs.map((j, ord) => ({
    ord,
    id: randomUUID(),
    kind: j.kind,
    clientId: j.clientId ?? null,
    coachId: j.coachId ?? null,
    teamId: j.teamId ?? null,
    period: j.period,
    // Timestamps travel as UTC text: a timestamp column ignores the zone, and these columns hold UTC.
    dueAt: j.dueAt.toISOString(),
    dedupeKey: jobDedupeKey(j),
  }));
  const [{ added }] = (await sqlOf(db).query<{ added: number }>(ADD_JOBS, [new Date().toISOString(), JSON.stringify(rows)])) as [{ added: number }];
  return added;
}

const ADD_JOBS = `
  WITH added AS (
    INSERT INTO "ScheduledJob" (id, kind, "clientId", "coachId", "teamId", period, "dueAt", "dedupeKey", "createdAt")
    SELECT x.id, x.kind, x."clientId", x."coachId", x."teamId", x.period, x."dueAt", x."dedupeKey", $1::timestamp(3)
    FROM jsonb_to_recordset($2::jsonb) AS x(
      ord int, id text, kind text, "clientId" text, "coachId" text, "teamId" text, period text, "dueAt" timestamp(3), "dedupeKey" text)
    ORDER BY x.ord
    ON CONFLICT DO NOTHING
    RETURNING 1
  )
  SELECT count(*)::int AS added FROM added`;

/**
 * Claims up to `limit` due jobs. SKIP LOCKED lets concurrent instances each take different rows
 * instead of waiting; the status change makes the claim visible after commit. Jobs due at the
 * same instant (a client's check-in and program review) run in a stable order, by kind: an
 * UPDATE's RETURNING follows no ORDER BY, and a rehearsal must replay identically.
 */
export async function claimDueJobs(prisma: PrismaClient, now: Date, limit: number): Promise<ClaimedJob[]> {
  const rows = await sqlOf(prisma).query<Omit<ClaimedJob, "dueAt"> & { dueAt: number }>(CLAIM_DUE_JOBS, [now.toISOString(), limit]);
  return rows.map((row) => ({ ...row, dueAt: new Date(row.dueAt) }));
}

const CLAIM_DUE_JOBS = `
  WITH claimed AS (
    UPDATE "ScheduledJob" SET status = 'running', "lockedAt" = $1::timestamp(3)
    WHERE id IN (
      SELECT id FROM "ScheduledJob"
      WHERE status = 'pending' AND "dueAt" <= $1::timestamp(3)
      ORDER BY "dueAt", kind, "dedupeKey"
      LIMIT $2::int
      FOR UPDATE SKIP LOCKED
    )
    RETURNING id, kind, "clientId", "coachId", "teamId", period, "dueAt", "dedupeKey"
  )
  SELECT id, kind, "clientId", "coachId", "teamId", period, ${epochMs(`"dueAt"`)} AS "dueAt" FROM claimed ORDER BY claimed."dueAt", kind, "dedupeKey"`;

/** Jobs left "running" by an instance that died are taken back after `staleAfterMs`. */
export async function releaseStaleJobs(prisma: PrismaClient, now: Date, staleAfterMs: number): Promise<number> {
  return prisma.$executeRaw`
    UPDATE "ScheduledJob" SET status = 'pending', "lockedAt" = NULL
    WHERE status = 'running' AND "lockedAt" < ${new Date(now.getTime() - staleAfterMs)}`;
}

/** What became of a claimed job: finished ("done", "skipped"), or put back to wait until `until`. */
export interface SettledJob {
  id: string;
  outcome: { status: "done" | "skipped"; detail?: string } | { status: "postponed"; until: Date; detail: string };
}

/** Finishes and postpones a batch's jobs in one statement. */
export async function settleJobs(prisma: PrismaClient, jobs: readonly SettledJob[], now: Date): Promise<void> {
  if (jobs.length === 0) return;
  const rows = jobs.map(({ id, outcome }) => ({
    id,
    status: outcome.status === "postponed" ? "pending" : outcome.status,
    detail: outcome.detail ?? null,
    // Timestamps travel as UTC text: a timestamp column ignores the zone, and these columns hold UTC.
    until: outcome.status === "postponed" ? outcome.until.toISOString() : null,
  }));
  await sqlOf(prisma).query(SETTLE_JOBS, [now.toISOString(), JSON.stringify(rows)]);
}

const SETTLE_JOBS = `
  UPDATE "ScheduledJob" j
  SET status = s.status, detail = s.detail, "lockedAt" = NULL,
      "dueAt" = COALESCE(s.until, j."dueAt"),
      "doneAt" = CASE WHEN s.status = 'pending' THEN j."doneAt" ELSE $1::timestamp(3) END
  FROM jsonb_to_recordset($2::jsonb) AS s(id text, status text, detail text, until timestamp(3))
  WHERE j.id = s.id`;

/** A client as the scheduler needs them: status, reachability, slot, quiet hours and holidays. */
export interface ScheduledClient {
  id: string;
  tenantId: string;
  coachId: string | null;
  status: string;
  pausedUntil: Date | null;
  reachable: boolean;
  unreachableReason: string | null;
  timezone: string;
  quietStart: string | null;
  quietEnd: string | null;
  checkinWeekday: number;
  checkinTime: string;
  /** Local dates ("2026-12-24") off for the whole workspace or for the client's coach. */
  holidays: Set<string>;
}

/** The clients of a batch by id, with their workspace's and coach's holidays: two statements. */
export async function loadScheduledClients(prisma: PrismaClient, ids: readonly string[]): Promise<Map<string, ScheduledClient>> {
  const sql = sqlOf(prisma);
  const rows = await sql.query<Omit<ScheduledClient, "holidays" | "pausedUntil"> & { pausedUntil: number | null }>(SCHEDULED_CLIENTS, [
    JSON.stringify([...new Set(ids)]),
  ]);
  const clients = new Map(
    rows.map((row) => [row.id, { ...row, pausedUntil: row.pausedUntil === null ? null : new Date(row.pausedUntil), holidays: new Set<string>() }]),
  );
  if (rows.length === 0) return clients;
  const tenants = [...new Set(rows.map((c) => c.tenantId))];
  const coaches = [...new Set(rows.flatMap((c) => (c.coachId ? [c.coachId] : [])))];
  const holidays = await sql.query<{ tenantId: string; coachId: string | null; date: string }>(HOLIDAYS_OF, [JSON.stringify(tenants), JSON.stringify(coaches)]);
  for (const client of clients.values()) {
    for (const h of holidays) {
      if (h.coachId === null ? h.tenantId === client.tenantId : h.coachId === client.coachId) client.holidays.add(h.date);
    }
  }
  return clients;
}

const SCHEDULED_CLIENTS = `
  SELECT c.id, c."tenantId", c."coachId", c.status, ${epochMs(`c."pausedUntil"`)} AS "pausedUntil", c.reachable, c."unreachableReason",
         c.timezone, c."quietStart", c."quietEnd", c."checkinWeekday", c."checkinTime"
  FROM "Client" c WHERE c.id IN (SELECT jsonb_array_elements_text($1::jsonb))`;

const HOLIDAYS_OF = `
  SELECT h."tenantId", h."coachId", h.date FROM "Holiday" h
  WHERE (h."coachId" IS NULL AND h."teamId" IS NULL AND h."tenantId" IN (SELECT jsonb_array_elements_text($1::jsonb)))
     OR h."coachId" IN (SELECT jsonb_array_elements_text($2::jsonb))`;

/**
 * Of these check-in jobs, the ones whose client closed (answered) a check-in since `since`; and of
 * those, the ones whose client opened that check-in on or after `early` (checked in on their own,
 * ahead of the slot), with the latest such instant: that week is answered already.
 */
export async function answeredCheckins(
  prisma: PrismaClient,
  jobs: readonly { job: string; clientId: string; since: Date; early: Date }[],
): Promise<{ answered: Set<string>; early: Map<string, Date> }> {
  const rows = await sqlOf(prisma).query<{ job: string; earlyAt: number | null }>(ANSWERED_CHECKINS, [JSON.stringify(jobs)]);
  return {
    answered: new Set(rows.map((r) => r.job)),
    early: new Map(rows.flatMap((r) => (r.earlyAt === null ? [] : [[r.job, new Date(r.earlyAt)] as const]))),
  };
}

const ANSWERED_CHECKINS = `
  SELECT q.job, ${epochMs(`max(v."openedAt") FILTER (WHERE v."openedAt" >= q.early)`)} AS "earlyAt"
  FROM jsonb_to_recordset($1::jsonb) AS q(job text, "clientId" text, since timestamp(3), early timestamp(3))
  JOIN "Conversation" v ON v."clientId" = q."clientId" AND v.script = 'checkin' AND v.status = 'closed' AND v."closedAt" >= q.since
  GROUP BY q.job`;

/** The status of each existing job among these dedupe keys (by its unique key: no scan). */
export async function jobStatuses(prisma: PrismaClient, dedupeKeys: readonly string[]): Promise<Map<string, string>> {
  const rows = await sqlOf(prisma).query<{ dedupeKey: string; status: string }>(JOB_STATUSES, [JSON.stringify(dedupeKeys)]);
  return new Map(rows.map((r) => [r.dedupeKey, r.status]));
}

const JOB_STATUSES = `
  SELECT "dedupeKey", status FROM "ScheduledJob"
  WHERE "dedupeKey" IN (SELECT jsonb_array_elements_text($1::jsonb))`;

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
