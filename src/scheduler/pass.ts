// One scheduler pass: take back jobs from dead instances, claim what is due, carry each job
// out through the engine (idempotent per job id), plan the next occurrence, then deliver.
// The cron tick and `coach tick` both call runSchedulerPass: one code path.
import type { Catalog } from "../domain/catalog.js";
import { describeLocal, jobDedupeKey, localDate, localWeek, nextAllowed, nextCheckinJob, nextDigestJob, nextWeekly } from "../domain/schedule.js";
import type { CoachingEngine, HandleResult } from "../engine/engine.js";
import type { Logger } from "../log.js";
import type { OutboxSender } from "../outbox/sender.js";
import type { PrismaClient } from "../store/database.js";
import { addJobs, type ClaimedJob, claimDueJobs, finishJob, postponeJob, releaseStaleJobs } from "../store/jobs.js";

export interface SchedulerSettings {
  /** A check-in left unanswered this long gets one reminder. */
  reminderDelayMs: number;
  /** A check-in this late (after downtime) is skipped and recorded rather than sent. */
  maxLatenessMs: number;
  /** Jobs claimed per round trip. */
  batchSize: number;
}

export const DEFAULT_SCHEDULER_SETTINGS: SchedulerSettings = {
  reminderDelayMs: 24 * 3_600_000,
  maxLatenessMs: 36 * 3_600_000,
  batchSize: 200,
};

export interface SchedulerDeps {
  prisma: PrismaClient;
  engine: CoachingEngine;
  sender: OutboxSender;
  catalog: Catalog;
  log: Logger;
  settings?: SchedulerSettings;
  /** Queues a coach's digest; injected because digests (coach tools) sit above the scheduler. */
  sendDigest: (coachId: string, now: Date, eventId: string) => Promise<void>;
  /** Posts a team's weekly check-in and sends its one reminder (src/teams, injected likewise). */
  teams: TeamWork;
  /**
   * Sends an urgent flag again (to the coach and the fallback people) when nobody acknowledged it
   * within the hour; says what happened ("sent", "acknowledged", ...). Injected: flags are coach tools.
   */
  escalateFlag?: (flagId: string, now: Date) => Promise<string>;
}

export interface TeamWork {
  /** "posted"/"already_posted" are done; "unreachable" stops the team; "no_channel"/"busy" mean later. */
  post(teamId: string, period: string): Promise<"posted" | "already_posted" | "unreachable" | "no_channel" | "busy">;
  remind(teamId: string, period: string): Promise<void>;
}

export interface PassReport {
  claimed: number;
  done: number;
  skipped: number;
  postponed: number;
  failed: number;
}

type Outcome = { status: "done" | "skipped" | "postponed"; detail?: string };

const STALE_AFTER_MS = 10 * 60_000;

export async function runSchedulerPass(deps: SchedulerDeps, now: Date): Promise<PassReport> {
  const settings = deps.settings ?? DEFAULT_SCHEDULER_SETTINGS;
  const report: PassReport = { claimed: 0, done: 0, skipped: 0, postponed: 0, failed: 0 };
  await releaseStaleJobs(deps.prisma, now, STALE_AFTER_MS);
  await planMissingDigests(deps.prisma, now);
  await planMissingTeamCheckIns(deps.prisma, now);
  for (;;) {
    const jobs = await claimDueJobs(deps.prisma, now, settings.batchSize);
    if (jobs.length === 0) break;
    report.claimed += jobs.length;
    for (const job of jobs) {
      try {
        const outcome = await runJob(deps, settings, job, now);
        if (outcome.status === "postponed") report.postponed++;
        else {
          await finishJob(deps.prisma, job.id, outcome.status, now, outcome.detail);
          report[outcome.status]++;
        }
      } catch (error) {
        // The job stays "running" and is retried after the stale timeout; its effects are
        // idempotent (one engine event id per job), so a retry cannot send twice.
        report.failed++;
        deps.log.error("scheduled job failed", { jobId: job.id, kind: job.kind, error });
      }
    }
  }
  await deps.sender.deliverDue();
  if (report.claimed > 0) deps.log.info("scheduler pass", { at: now.toISOString(), ...report });
  return report;
}

/**
 * Coaches registered since the last pass get their first digest planned. Coaches are few (a
 * clients' table scan would not be acceptable here; this is not one).
 */
async function planMissingDigests(prisma: PrismaClient, now: Date): Promise<void> {
  const coaches = await prisma.$queryRaw<{ id: string; timezone: string; digestCadence: string; digestTime: string; digestWeekday: number }[]>`
    SELECT c.id, c.timezone, c."digestCadence", c."digestTime", c."digestWeekday" FROM "Coach" c
    WHERE NOT EXISTS (
      SELECT 1 FROM "ScheduledJob" j WHERE j.kind = 'digest' AND j."coachId" = c.id AND j.status IN ('pending', 'running')
    )`;
  await addJobs(
    prisma,
    coaches.map((c) => nextDigestJob(c, now)),
  );
}

/**
 * Reachable teams without a planned check-in get one: Mondays at 09:00 in their coach's time
 * zone. Teams are few, like coaches; relinking an unreachable team plans it again.
 */
async function planMissingTeamCheckIns(prisma: PrismaClient, now: Date): Promise<void> {
  const teams = await prisma.$queryRaw<{ id: string; timezone: string | null }[]>`
    SELECT t.id, c.timezone FROM "Team" t LEFT JOIN "Coach" c ON c.id = t."coachId"
    WHERE t.reachable AND NOT EXISTS (
      SELECT 1 FROM "ScheduledJob" j WHERE j.kind = 'team_checkin' AND j."teamId" = t.id AND j.status IN ('pending', 'running')
    )`;
  await addJobs(
    prisma,
    teams.map((t) => nextTeamCheckInJob(t.id, t.timezone ?? "UTC", now)),
  );
}

function nextTeamCheckInJob(teamId: string, timezone: string, after: Date) {
  const dueAt = nextWeekly(after, { weekday: 1, time: "09:00", timezone });
  return { kind: "team_checkin" as const, teamId, period: localWeek(dueAt, timezone), dueAt };
}

async function runTeamCheckIn(deps: SchedulerDeps, settings: SchedulerSettings, job: ClaimedJob, now: Date): Promise<Outcome> {
  const team = await deps.prisma.team.findUnique({
    where: { id: job.teamId! },
    include: { holidays: true, coach: { select: { timezone: true } }, tenant: { include: { holidays: { where: { coachId: null, teamId: null } } } } },
  });
  if (!team) return { status: "skipped", detail: "team removed" };
  const timezone = team.coach?.timezone ?? "UTC";
  const holidays = new Set([...team.holidays, ...team.tenant.holidays].map((h) => h.date));
  const allowed = nextAllowed(now, { timezone, holidays, quiet: { start: null, end: null } });
  if (allowed.getTime() > now.getTime()) {
    await postponeJob(deps.prisma, job.id, allowed, `moved from ${localDate(now, timezone)} (holiday)`);
    return { status: "postponed" };
  }
  const result = await deps.teams.post(job.teamId!, job.period);
  if (result === "no_channel" || result === "busy") {
    await postponeJob(deps.prisma, job.id, new Date(now.getTime() + 10 * 60_000), result);
    return { status: "postponed" };
  }
  if (result === "unreachable") return { status: "skipped", detail: "team channel unreachable" };
  await addJobs(deps.prisma, [
    { kind: "team_reminder", teamId: job.teamId!, period: job.period, dueAt: new Date(now.getTime() + settings.reminderDelayMs) },
    nextTeamCheckInJob(job.teamId!, timezone, job.dueAt),
  ]);
  return { status: "done", detail: result };
}

async function runJob(deps: SchedulerDeps, settings: SchedulerSettings, job: ClaimedJob, now: Date): Promise<Outcome> {
  switch (job.kind) {
    case "checkin":
      return runCheckin(deps, settings, job, now);
    case "checkin_reminder":
    case "goal_review":
    case "program_review":
      return runClientEvent(deps, job, now);
    case "digest":
      return runDigest(deps, job, now);
    case "team_checkin":
      return runTeamCheckIn(deps, settings, job, now);
    case "session_reminder":
      return runSessionReminder(deps, job, now);
    case "team_reminder":
      await deps.teams.remind(job.teamId!, job.period);
      return { status: "done" };
    case "flag_escalation": {
      // Whatever the client's pause or quiet hours: an urgent flag is about their safety.
      if (!deps.escalateFlag) return { status: "skipped", detail: "flag escalation not configured" };
      const outcome = await deps.escalateFlag(job.period, now);
      return { status: outcome === "sent" ? "done" : "skipped", detail: outcome };
    }
    default:
      return { status: "skipped", detail: `no handler for ${job.kind}` };
  }
}

async function loadClient(deps: SchedulerDeps, clientId: string) {
  return deps.prisma.client.findUnique({
    where: { id: clientId },
    include: { tenant: { include: { holidays: true } }, coach: { include: { holidays: true } } },
  });
}

type LoadedClient = NonNullable<Awaited<ReturnType<typeof loadClient>>>;

/** Why nothing should be sent to this client now, if anything. */
function blocked(client: LoadedClient, now: Date): string | null {
  if (client.status === "closed") return "program closed";
  if (client.status === "paused" && (!client.pausedUntil || client.pausedUntil > now)) return "paused";
  if (!client.reachable) return `unreachable (${client.unreachableReason ?? "unknown"})`;
  return null;
}

function holidaysOf(client: LoadedClient): Set<string> {
  return new Set([...client.tenant.holidays.filter((h) => !h.coachId && !h.teamId), ...(client.coach?.holidays ?? [])].map((h) => h.date));
}

/** A holiday or quiet hours move the job to the next allowed time; the job is not lost. */
async function postponedIfNotAllowed(deps: SchedulerDeps, job: ClaimedJob, client: LoadedClient, now: Date): Promise<Outcome | null> {
  const allowed = nextAllowed(now, { timezone: client.timezone, holidays: holidaysOf(client), quiet: { start: client.quietStart, end: client.quietEnd } });
  if (allowed.getTime() <= now.getTime()) return null;
  await postponeJob(deps.prisma, job.id, allowed, `moved from ${localDate(now, client.timezone)} (holiday or quiet hours)`);
  return { status: "postponed" };
}

async function resumeIfPauseEnded(deps: SchedulerDeps, client: LoadedClient, job: ClaimedJob, now: Date): Promise<void> {
  if (client.status !== "paused" || !client.pausedUntil || client.pausedUntil > now) return;
  await deps.engine.dispatch(client.id, `job:${job.id}:resume`, (at) => ({ type: "COMMAND", at, name: "resume", args: [] }));
  client.status = "active";
}

async function runCheckin(deps: SchedulerDeps, settings: SchedulerSettings, job: ClaimedJob, now: Date): Promise<Outcome> {
  const client = await loadClient(deps, job.clientId!);
  if (!client) return { status: "skipped", detail: "client deleted" };
  await resumeIfPauseEnded(deps, client, job, now);
  if (client.status === "closed") return { status: "skipped", detail: "program closed" };
  // Whatever happens to this week's check-in, next week's is planned.
  await addJobs(deps.prisma, [nextCheckinJob(client, job.dueAt)]);
  const reason = blocked(client, now);
  if (reason) return { status: "skipped", detail: reason };
  if (now.getTime() - job.dueAt.getTime() > settings.maxLatenessMs) return { status: "skipped", detail: "too late after downtime" };
  const postponed = await postponedIfNotAllowed(deps, job, client, now);
  if (postponed) return postponed;

  const previousWeek = localWeek(new Date(job.dueAt.getTime() - 7 * 86_400_000), client.timezone);
  const lastAnswered = await deps.prisma.conversation.findFirst({
    where: { clientId: client.id, script: "checkin", status: "closed", closedAt: { gte: new Date(job.dueAt.getTime() - 7 * 86_400_000) } },
    select: { id: true },
  });
  // By its unique key: a filter on clientId would scan every client's jobs.
  const previous = await deps.prisma.scheduledJob.findUnique({
    where: { dedupeKey: jobDedupeKey({ kind: "checkin", clientId: client.id, period: previousWeek, dueAt: job.dueAt }) },
    select: { status: true },
  });
  if (previous?.status === "done" && !lastAnswered) {
    await deps.engine.dispatch(client.id, `job:${job.id}:missed`, (at) => ({ type: "CHECKIN_MISSED", at, week: previousWeek }));
  }
  const result = await deps.engine.dispatch(client.id, `job:${job.id}`, (at) => ({ type: "CHECKIN_DUE", at }));
  await addJobs(deps.prisma, [
    { kind: "checkin_reminder", clientId: client.id, period: job.period, dueAt: new Date(now.getTime() + settings.reminderDelayMs) },
  ]);
  return { status: "done", detail: whatBecameOf("checkin", result) };
}

/**
 * What the machine did with a due conversation, for the job's record (and so the coach's view):
 * every outcome is defined, none is "done" without being sent or queued.
 */
export function whatBecameOf(script: string, result: HandleResult): string | undefined {
  if (result.status === "duplicate" || !result.after) return undefined;
  if (result.after.queued.includes(script)) {
    return result.after.held
      ? "queued without a message: coaching is on hold for safety"
      : `queued behind the open ${result.after.conversation ?? "conversation"}`;
  }
  if (result.after.conversation === script) return result.messagesQueued > 0 ? "sent" : "already open";
  return result.messagesQueued > 0 ? undefined : "nothing to send";
}

async function runSessionReminder(deps: SchedulerDeps, job: ClaimedJob, now: Date): Promise<Outcome> {
  const client = await loadClient(deps, job.clientId!);
  if (!client) return { status: "skipped", detail: "client deleted" };
  const reason = blocked(client, now);
  if (reason) return { status: "skipped", detail: reason };
  const when = describeLocal(new Date(job.period), client.timezone);
  await deps.engine.dispatch(client.id, `job:${job.id}`, (at) => ({ type: "SESSION_REMINDER", at, when }));
  return { status: "done" };
}

async function runClientEvent(deps: SchedulerDeps, job: ClaimedJob, now: Date): Promise<Outcome> {
  const client = await loadClient(deps, job.clientId!);
  if (!client) return { status: "skipped", detail: "client deleted" };
  const reason = blocked(client, now);
  if (reason) return { status: "skipped", detail: reason };
  const postponed = await postponedIfNotAllowed(deps, job, client, now);
  if (postponed) return postponed;
  const type = job.kind === "checkin_reminder" ? "CHECKIN_REMINDER" : job.kind === "goal_review" ? "GOAL_REVIEW_DUE" : "PROGRAM_REVIEW_DUE";
  // The machine decides what a review does when another conversation is open (queued, or the
  // stale one set aside): no retries here, and nothing is dropped.
  const result = await deps.engine.dispatch(client.id, `job:${job.id}`, (at) => ({ type, at }));
  if (type === "CHECKIN_REMINDER") return { status: "done", detail: result.messagesQueued === 0 ? "already answered" : undefined };
  return { status: "done", detail: whatBecameOf(job.kind, result) };
}

async function runDigest(deps: SchedulerDeps, job: ClaimedJob, now: Date): Promise<Outcome> {
  const coach = await deps.prisma.coach.findUnique({ where: { id: job.coachId! } });
  if (!coach) return { status: "skipped", detail: "coach removed" };
  await addJobs(deps.prisma, [nextDigestJob(coach, job.dueAt)]);
  await deps.sendDigest(coach.id, now, `job:${job.id}`);
  return { status: "done" };
}
