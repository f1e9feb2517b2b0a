// One scheduler pass: take back jobs from dead instances, claim what is due, carry each job
// out through the engine (idempotent per job id), plan the next occurrence, then deliver.
// The cron tick and `coach tick` both call runSchedulerPass: one code path.
import type { Catalog } from "../domain/catalog.js";
import {
  describeLocal,
  jobDedupeKey,
  localDate,
  localWeek,
  nextAllowed,
  nextCheckinJob,
  nextDigestJob,
  nextWeekly,
  type PlannedJob,
} from "../domain/schedule.js";
import type { CoachingEngine, HandleResult } from "../engine/engine.js";
import type { Logger } from "../log.js";
import type { OutboxSender } from "../outbox/sender.js";
import type { PrismaClient } from "../store/database.js";
import {
  addJobs,
  answeredCheckins,
  type ClaimedJob,
  claimDueJobs,
  jobStatuses,
  loadScheduledClients,
  releaseStaleJobs,
  type ScheduledClient,
  type SettledJob,
  settleJobs,
} from "../store/jobs.js";

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

/** What became of a job: finished, or put back to wait until `until` (a holiday, quiet hours, a busy channel). */
type Outcome = { status: "done" | "skipped"; detail?: string } | { status: "postponed"; until: Date; detail: string };

const STALE_AFTER_MS = 10 * 60_000;
const WEEK_MS = 7 * 86_400_000;
/** A check-in the client started themselves this close before the slot answers the slot's week. */
const ANSWERED_EARLY_MS = WEEK_MS / 2;

/** Kinds that carry one client event each: decided together per batch, dispatched together. */
const CLIENT_EVENT_KINDS = new Set(["checkin", "checkin_reminder", "goal_review", "program_review"]);

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
    const settled = await runBatch(deps, settings, jobs, now, report);
    // One statement for the whole batch; a failed job is left "running" and retried after the
    // stale timeout: its effects are idempotent (one engine event id per job), so it cannot send twice.
    await settleJobs(deps.prisma, settled, now);
    for (const { outcome } of settled) report[outcome.status]++;
  }
  await deps.sender.deliverDue();
  if (report.claimed > 0) deps.log.info("scheduler pass", { at: now.toISOString(), ...report });
  return report;
}

/**
 * Runs a claimed batch in its claimed order. Consecutive client-event jobs (nearly all of them)
 * go together; the rare kinds (digests, teams, session reminders, flag escalations) run one by
 * one where they stand, so each client's events keep the order they had one job at a time.
 */
async function runBatch(deps: SchedulerDeps, settings: SchedulerSettings, jobs: ClaimedJob[], now: Date, report: PassReport): Promise<SettledJob[]> {
  const settled: SettledJob[] = [];
  let group: ClaimedJob[] = [];
  const flush = async () => {
    if (group.length === 0) return;
    try {
      settled.push(...(await runClientEventJobs(deps, settings, group, now, report)));
    } catch (error) {
      // A read or the insert failed: the group's jobs stay "running" and are retried, as above.
      report.failed += group.length;
      deps.log.error("scheduled jobs failed", { jobIds: group.map((j) => j.id), error });
    }
    group = [];
  };
  for (const job of jobs) {
    if (CLIENT_EVENT_KINDS.has(job.kind)) {
      group.push(job);
      continue;
    }
    await flush();
    try {
      settled.push({ id: job.id, outcome: await runJob(deps, settings, job, now) });
    } catch (error) {
      report.failed++;
      deps.log.error("scheduled job failed", { jobId: job.id, kind: job.kind, error });
    }
  }
  await flush();
  return settled;
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
  if (allowed.getTime() > now.getTime()) return { status: "postponed", until: allowed, detail: `moved from ${localDate(now, timezone)} (holiday)` };
  const result = await deps.teams.post(job.teamId!, job.period);
  if (result === "no_channel" || result === "busy") return { status: "postponed", until: new Date(now.getTime() + 10 * 60_000), detail: result };
  if (result === "unreachable") return { status: "skipped", detail: "team channel unreachable" };
  await addJobs(deps.prisma, [
    { kind: "team_reminder", teamId: job.teamId!, period: job.period, dueAt: new Date(now.getTime() + settings.reminderDelayMs) },
    nextTeamCheckInJob(job.teamId!, timezone, job.dueAt),
  ]);
  return { status: "done", detail: result };
}

/** The rare kinds, one job at a time. */
async function runJob(deps: SchedulerDeps, settings: SchedulerSettings, job: ClaimedJob, now: Date): Promise<Outcome> {
  switch (job.kind) {
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

/** Why nothing should be sent to this client now, if anything. */
function blocked(client: ScheduledClient, now: Date): string | null {
  if (client.status === "closed") return "program closed";
  if (client.status === "paused" && (!client.pausedUntil || client.pausedUntil > now)) return "paused";
  if (!client.reachable) return `unreachable (${client.unreachableReason ?? "unknown"})`;
  return null;
}

/** A holiday or quiet hours move the job to the next allowed time; the job is not lost. */
function postponedIfNotAllowed(client: ScheduledClient, now: Date): Outcome | null {
  const allowed = nextAllowed(now, { timezone: client.timezone, holidays: client.holidays, quiet: { start: client.quietStart, end: client.quietEnd } });
  if (allowed.getTime() <= now.getTime()) return null;
  return { status: "postponed", until: allowed, detail: `moved from ${localDate(now, client.timezone)} (holiday or quiet hours)` };
}

function pauseHasEnded(client: ScheduledClient, now: Date): boolean {
  return client.status === "paused" && !!client.pausedUntil && client.pausedUntil <= now;
}

type DispatchItem = Parameters<CoachingEngine["dispatchMany"]>[0][number];

/** A job of the batch on its way: its events to dispatch, and how to read their results. */
interface Pending {
  job: ClaimedJob;
  outcome?: Outcome;
  /** Next week's check-in: planned whatever happens to this one. */
  next?: PlannedJob;
  events: DispatchItem[];
  results: HandleResult[];
}

/** A round this small is not worth splitting in two: it would cost a statement more than it saves. */
const MIN_HALF = 20;

const REVIEW_EVENTS = { checkin_reminder: "CHECKIN_REMINDER", goal_review: "GOAL_REVIEW_DUE", program_review: "PROGRAM_REVIEW_DUE" } as const;

/**
 * Check-ins, reminders and reviews of a batch, decided together: the clients (with their
 * holidays), last week's answers and last week's jobs are read for the whole batch, each job is
 * decided in JavaScript exactly as it was one at a time, the client events go to the engine in
 * one call per round, and the next occurrences and reminders are added in one statement.
 */
async function runClientEventJobs(deps: SchedulerDeps, settings: SchedulerSettings, jobs: ClaimedJob[], now: Date, report: PassReport): Promise<SettledJob[]> {
  const clients = await loadScheduledClients(
    deps.prisma,
    jobs.map((j) => j.clientId!),
  );
  const pending: Pending[] = jobs.map((job) => ({ job, events: [], results: [] }));
  const checkins: { entry: Pending; client: ScheduledClient; previousKey: string; previousWeek: string }[] = [];
  for (const entry of pending) {
    const { job } = entry;
    const client = clients.get(job.clientId!);
    if (!client) {
      entry.outcome = { status: "skipped", detail: "client deleted" };
      continue;
    }
    if (job.kind === "checkin") {
      if (pauseHasEnded(client, now)) {
        entry.events.push({ clientId: client.id, eventId: `job:${job.id}:resume`, build: (at) => ({ type: "COMMAND", at, name: "resume", args: [] }) });
        // Later jobs of this client in the batch see what they would have seen after the resume.
        client.status = "active";
      }
      if (client.status === "closed") {
        entry.outcome = { status: "skipped", detail: "program closed" };
        continue;
      }
      entry.next = nextCheckinJob(client, job.dueAt);
      const reason = blocked(client, now);
      if (reason) entry.outcome = { status: "skipped", detail: reason };
      else if (now.getTime() - job.dueAt.getTime() > settings.maxLatenessMs) entry.outcome = { status: "skipped", detail: "too late after downtime" };
      else entry.outcome = postponedIfNotAllowed(client, now) ?? undefined;
      if (entry.outcome) continue;
      const previousWeek = localWeek(new Date(job.dueAt.getTime() - WEEK_MS), client.timezone);
      const previousKey = jobDedupeKey({ kind: "checkin", clientId: client.id, period: previousWeek, dueAt: job.dueAt });
      checkins.push({ entry, client, previousKey, previousWeek });
      continue;
    }
    const reason = blocked(client, now);
    entry.outcome = reason ? { status: "skipped", detail: reason } : (postponedIfNotAllowed(client, now) ?? undefined);
    if (entry.outcome) continue;
    const type = REVIEW_EVENTS[job.kind as keyof typeof REVIEW_EVENTS];
    // The machine decides what a review does when another conversation is open (queued, or the
    // stale one set aside): no retries here, and nothing is dropped.
    entry.events.push({ clientId: client.id, eventId: `job:${job.id}`, build: (at) => ({ type, at }) });
  }

  if (checkins.length > 0) {
    const [answered, previous] = await Promise.all([
      answeredCheckins(
        deps.prisma,
        checkins.map(({ entry }) => ({
          job: entry.job.id,
          clientId: entry.job.clientId!,
          since: new Date(entry.job.dueAt.getTime() - WEEK_MS),
          early: new Date(entry.job.dueAt.getTime() - ANSWERED_EARLY_MS),
        })),
      ),
      jobStatuses(
        deps.prisma,
        checkins.map((c) => c.previousKey),
      ),
    ]);
    // Last week's job may be in this very batch (after downtime): one at a time, it was finished first.
    for (const { entry } of checkins) previous.set(`checkin:${entry.job.clientId}:${entry.job.period}`, "done");
    for (const { entry, client, previousKey, previousWeek } of checkins) {
      const { job } = entry;
      const earlyAt = answered.early.get(job.id);
      if (earlyAt) {
        // The client checked in on their own (a Sunday evening /checkin before the Monday slot):
        // that answers this week; asking it all again the next morning would not.
        entry.outcome = { status: "skipped", detail: `answered already: the client checked in on their own (${describeLocal(earlyAt, client.timezone)})` };
        continue;
      }
      if (previous.get(previousKey) === "done" && !answered.answered.has(job.id)) {
        entry.events.push({ clientId: client.id, eventId: `job:${job.id}:missed`, build: (at) => ({ type: "CHECKIN_MISSED", at, week: previousWeek }) });
      }
      entry.events.push({ clientId: client.id, eventId: `job:${job.id}`, build: (at) => ({ type: "CHECKIN_DUE", at }) });
    }
  }

  const failed = await dispatchInRounds(deps, pending);
  const planned: PlannedJob[] = [];
  const settled: SettledJob[] = [];
  for (const entry of pending) {
    const { job } = entry;
    if (entry.next) planned.push(entry.next);
    if (failed.has(entry)) continue;
    if (!entry.outcome) {
      const result = entry.results.at(-1)!;
      if (job.kind === "checkin") {
        planned.push({ kind: "checkin_reminder", clientId: job.clientId!, period: job.period, dueAt: new Date(now.getTime() + settings.reminderDelayMs) });
        entry.outcome = { status: "done", detail: whatBecameOf("checkin", result) };
      } else if (job.kind === "checkin_reminder") entry.outcome = { status: "done", detail: result.messagesQueued === 0 ? "already answered" : undefined };
      else entry.outcome = { status: "done", detail: whatBecameOf(job.kind, result) };
    }
    settled.push({ id: job.id, outcome: entry.outcome });
  }
  await addJobs(deps.prisma, planned);
  report.failed += failed.size;
  return settled;
}

/**
 * Sends the batch's client events to the engine: each round holds at most one event per client,
 * so a client's events (resume, missed week, check-in, review) apply in their order, and a
 * client whose event failed gets none of the later ones. A failed job is left unfinished (retried
 * after the stale timeout, as one at a time); a client deleted meanwhile skips the job.
 */
async function dispatchInRounds(deps: SchedulerDeps, pending: Pending[]): Promise<Set<Pending>> {
  const rounds: { entry: Pending; item: DispatchItem }[][] = [];
  const eventsSoFar = new Map<string, number>();
  for (const entry of pending) {
    for (const item of entry.events) {
      const round = eventsSoFar.get(item.clientId) ?? 0;
      eventsSoFar.set(item.clientId, round + 1);
      (rounds[round] ??= []).push({ entry, item });
    }
  }
  const stopped = new Map<string, "failed" | "missing">();
  for (const round of rounds) {
    const live = round.filter(({ item }) => !stopped.has(item.clientId));
    if (live.length === 0) continue;
    // A round holds one event per client, so its halves touch different clients: the first
    // half's write runs in the database while the machine decides the second half's events.
    const half = live.length >= MIN_HALF * 2 ? Math.ceil(live.length / 2) : live.length;
    const parts = half < live.length ? [live.slice(0, half), live.slice(half)] : [live];
    const outcomes = await Promise.allSettled(parts.map((part) => deps.engine.dispatchMany(part.map((r) => r.item))));
    outcomes.forEach((outcome, p) => {
      const part = parts[p]!;
      if (outcome.status === "rejected") {
        deps.log.error("scheduled jobs failed", { jobIds: [...new Set(part.map((r) => r.entry.job.id))], error: outcome.reason });
        for (const { item } of part) stopped.set(item.clientId, "failed");
        return;
      }
      for (const [i, { entry, item }] of part.entries()) {
        const result = outcome.value[i]!;
        if (result.status === "failed") {
          deps.log.error("scheduled job failed", { jobId: entry.job.id, kind: entry.job.kind, error: result.error });
          stopped.set(item.clientId, "failed");
        } else if (result.status === "missing") stopped.set(item.clientId, "missing");
        else entry.results.push(result);
      }
    });
  }
  const failed = new Set<Pending>();
  for (const entry of pending) {
    if (entry.results.length === entry.events.length) continue;
    const stop = stopped.get(entry.job.clientId!);
    if (stop === "failed") failed.add(entry);
    else if (stop === "missing") entry.outcome = { status: "skipped", detail: "client deleted" };
  }
  return failed;
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
  const client = (await loadScheduledClients(deps.prisma, [job.clientId!])).get(job.clientId!);
  if (!client) return { status: "skipped", detail: "client deleted" };
  const reason = blocked(client, now);
  if (reason) return { status: "skipped", detail: reason };
  const when = describeLocal(new Date(job.period), client.timezone);
  await deps.engine.dispatch(client.id, `job:${job.id}`, (at) => ({ type: "SESSION_REMINDER", at, when }));
  return { status: "done" };
}

async function runDigest(deps: SchedulerDeps, job: ClaimedJob, now: Date): Promise<Outcome> {
  const coach = await deps.prisma.coach.findUnique({ where: { id: job.coachId! } });
  if (!coach) return { status: "skipped", detail: "coach removed" };
  await addJobs(deps.prisma, [nextDigestJob(coach, job.dueAt)]);
  await deps.sendDigest(coach.id, now, `job:${job.id}`);
  return { status: "done" };
}
