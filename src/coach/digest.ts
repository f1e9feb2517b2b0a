// The coach's digest: red flags first (with when they were raised), then clients who need
// attention with a suggested approach, stage changes, who answered and who did not, average
// achievement with its trend, and upcoming sessions; plus a chart of the last 12 weeks.

import { isoWeek } from "../domain/calendar.js";
import type { Catalog, DigestTexts } from "../domain/catalog.js";
import { findDomain, flagDetail, flagKindName } from "../domain/catalog.js";
import { flagAge } from "../domain/flags.js";
import { describeLocal, formatLocalDateTime, lastLocalDay, localDate } from "../domain/schedule.js";
import { fillTemplate } from "../domain/script.js";
import { aggregateStoredAnswers } from "../domain/team-aggregate.js";
import type { PersistedClientSnapshot } from "../machines/snapshot.js";
import type { Prisma, PrismaClient } from "../store/database.js";
import { type AchievementSeries, lastWeeks, renderAchievementChart, type StageMark } from "./chart.js";
import { coachFacingName, onSafetyHold } from "./client-name.js";
import { type TrendDirection, trendOf, weeklyAchievement } from "./progress.js";

export interface DigestData {
  coachName: string;
  from: Date;
  to: Date;
  clientCount: number;
  /** Open urgent flags, oldest first, each with its number and how long it has been open. */
  redFlags: { client: string; kind: string; detail: string; raisedAt: Date; number: number; age: string }[];
  attention: { client: string; detail: string; approach: string; number: number; age: string }[];
  /** Ids of the clients this digest names (deleting a client finds the digests that name them). */
  clientIds: string[];
  stageChanges: { client: string; domain: string; from: string | null; to: string; reason: string }[];
  /** Asked this week (a check-in went out) and answered it. */
  answered: string[];
  /** Asked this week and not answered yet. */
  silent: string[];
  /** In the program, and no check-in has gone out to them this week yet. */
  notDue: string[];
  /**
   * Paused by the client (through a last day, YYYY-MM-DD on their calendar, or until they
   * resume), or on hold after a safety concern.
   */
  paused: { client: string; lastDay: string | null; safety: boolean }[];
  /** Enrolled and not through onboarding yet. */
  notStarted: { client: string; since: Date }[];
  achievement: { client: string; average: number; trend: TrendDirection }[];
  /** Booked sessions still ahead, soonest first. */
  upcomingSessions: { client: string; at: Date }[];
  /** The coach's zone, to show session times in. */
  timezone: string;
  /** Corporate teams: participation and the aggregate only, never individual answers. */
  teams: { team: string; members: number; answered: number; averageAchievement: number | null }[];
  chart: { weeks: string[]; series: AchievementSeries[]; marks: StageMark[] };
  /** Nothing happened in the window: no flag raised, no stage change, no check-in sent or answered, no red flag open. */
  quiet: boolean;
}

const DAY = 86_400_000;
const WEEK = 7 * DAY;

type CheckinState = "onboarding" | "held" | "paused" | "answered" | "unanswered" | "not_due";

/**
 * Where a client stands with this week's check-in at `to`. Asked means a check-in went out: it
 * is open in their conversation now, or one was answered or set aside in the week before. One
 * queued behind another conversation, held for safety or paused has not gone out, so it is no
 * unanswered check-in; neither is the first one before it is due.
 */
function checkinState(
  c: {
    status: string;
    pausedUntil: Date | null;
    conversations: { openedAt: Date; status: string; closedAt: Date | null }[];
    actorSnapshot: { snapshot: unknown } | null;
  },
  to: Date,
): CheckinState {
  if (c.status === "onboarding") return "onboarding";
  if (onSafetyHold(c.actorSnapshot)) return "held";
  // The machine's state as last stored (src/machines/snapshot.ts): its open conversation.
  const machine = c.actorSnapshot?.snapshot as Partial<PersistedClientSnapshot> | null | undefined;
  // As the scheduler reads it: a pause whose date has passed ends at the next check-in.
  if (c.status === "paused" && (!c.pausedUntil || c.pausedUntil > to)) return "paused";
  if (machine?.context?.conversation?.script === "checkin") return "unanswered";
  const latest = c.conversations[0];
  if (!latest || to.getTime() - latest.openedAt.getTime() > WEEK) return "not_due";
  return latest.status === "closed" && latest.closedAt !== null && latest.closedAt < to ? "answered" : "unanswered";
}

export async function gatherDigest(prisma: PrismaClient, catalog: Catalog, coachId: string, from: Date, to: Date): Promise<DigestData> {
  const coach = await prisma.coach.findUniqueOrThrow({ where: { id: coachId } });
  const clients = await prisma.client.findMany({
    where: { coachId, status: { not: "closed" } },
    orderBy: { name: "asc" },
    include: {
      flags: { where: { resolvedAt: null }, orderBy: { raisedAt: "asc" } },
      stageTransitions: { where: { occurredAt: { gte: from, lt: to } }, orderBy: { occurredAt: "asc" } },
      // The latest check-in with answers before the digest (an open one with none is only in the machine's state).
      conversations: {
        where: { script: "checkin", openedAt: { lt: to } },
        orderBy: { openedAt: "desc" },
        take: 1,
        select: { openedAt: true, status: true, closedAt: true },
      },
      actorSnapshot: { select: { snapshot: true } },
    },
  });
  const nameOf = (c: (typeof clients)[number]) => coachFacingName(catalog, c);
  const results = await weeklyAchievement(
    prisma,
    clients.map((c) => c.id),
    new Date(to.getTime() - 12 * 7 * DAY),
  );
  const weeks = lastWeeks(to, 12, isoWeek);

  const redFlags = clients
    .flatMap((c) =>
      c.flags
        .filter((f) => f.severity === "urgent")
        .map((f) => ({
          client: nameOf(c),
          kind: flagKindName(catalog, f.kind),
          detail: f.detail,
          raisedAt: f.raisedAt,
          number: f.number,
          age: flagAge(f.raisedAt, to),
        })),
    )
    .sort((a, b) => a.raisedAt.getTime() - b.raisedAt.getTime());
  const attention = clients
    .flatMap((c) =>
      c.flags
        .filter((f) => f.severity === "attention")
        .map((f) => ({
          client: nameOf(c),
          detail: flagDetail(catalog, f),
          approach: f.suggestedApproach ?? "",
          number: f.number,
          age: flagAge(f.raisedAt, to),
          raisedAt: f.raisedAt,
        })),
    )
    .sort((a, b) => a.raisedAt.getTime() - b.raisedAt.getTime());
  // A lapse keeps the stage (from = to); it shows under attention through its flags, not here.
  const stageChanges = clients.flatMap((c) =>
    c.stageTransitions
      .filter((t) => t.fromStage !== t.toStage)
      .map((t) => ({ client: nameOf(c), domain: findDomain(catalog, t.domain)?.label ?? t.domain, from: t.fromStage, to: t.toStage, reason: t.reason })),
  );
  const achievement = clients.flatMap((c) => {
    const recent = (results.get(c.id) ?? []).slice(-4);
    if (recent.length === 0) return [];
    const average = Math.round(recent.reduce((sum, r) => sum + r.percent, 0) / recent.length);
    return [{ client: nameOf(c), average, trend: trendOf(recent) }];
  });
  const chartClients = clients.filter((c) => results.has(c.id));
  const booked = await prisma.scheduledJob.findMany({
    where: { kind: "session_reminder", status: { in: ["pending", "running"] }, clientId: { in: clients.map((c) => c.id) } },
  });
  const upcomingSessions = booked
    .map((j) => ({ client: nameOf(clients.find((c) => c.id === j.clientId)!), at: new Date(j.period) }))
    .filter((s) => s.at > to)
    .sort((a, b) => a.at.getTime() - b.at.getTime());
  const teams = await prisma.team.findMany({
    where: { coachId },
    orderBy: { name: "asc" },
    include: {
      _count: { select: { members: true } },
      checkIns: { where: { postedAt: { lt: to } }, orderBy: { postedAt: "desc" }, take: 1, include: { answers: { include: { client: true } } } },
    },
  });
  const inWindow = (at: Date | string | null | undefined) => !!at && new Date(at) >= from && new Date(at) < to;
  const quiet =
    redFlags.length === 0 &&
    stageChanges.length === 0 &&
    clients.every(
      (c) =>
        !c.flags.some((f) => inWindow(f.raisedAt)) &&
        !c.conversations.some((v) => inWindow(v.openedAt) || inWindow(v.closedAt)) &&
        !inWindow((c.actorSnapshot?.snapshot as Partial<PersistedClientSnapshot> | null)?.context?.conversation?.openedAt),
    );
  return {
    quiet,
    coachName: coach.name,
    from,
    to,
    clientCount: clients.length,
    clientIds: clients.map((c) => c.id),
    redFlags,
    attention,
    stageChanges,
    answered: clients.filter((c) => checkinState(c, to) === "answered").map(nameOf),
    silent: clients.filter((c) => checkinState(c, to) === "unanswered").map(nameOf),
    notDue: clients.filter((c) => checkinState(c, to) === "not_due").map(nameOf),
    paused: clients.flatMap((c): DigestData["paused"] => {
      const state = checkinState(c, to);
      if (state === "held") return [{ client: nameOf(c), lastDay: null, safety: true }];
      // The pause ends as the client's next day starts: the day shown is the last one it covers, as they typed it.
      const lastDay = c.pausedUntil ? lastLocalDay(c.pausedUntil, c.timezone) : null;
      return state === "paused" ? [{ client: nameOf(c), lastDay, safety: false }] : [];
    }),
    notStarted: clients.filter((c) => checkinState(c, to) === "onboarding").map((c) => ({ client: nameOf(c), since: c.enrolledAt })),
    achievement,
    upcomingSessions,
    timezone: coach.timezone,
    teams: teams.map((t) => {
      const aggregate = aggregateStoredAnswers(t.checkIns[0]?.answers ?? []);
      return { team: t.name, members: t._count.members, answered: aggregate.answered, averageAchievement: aggregate.averages?.achievement ?? null };
    }),
    chart: {
      weeks,
      series: chartClients.map((c) => {
        const byWeek = new Map((results.get(c.id) ?? []).map((r) => [r.week, r.percent]));
        return { label: nameOf(c), points: weeks.map((w) => byWeek.get(w) ?? null) };
      }),
      marks: clients.flatMap((c) =>
        c.stageTransitions.filter((t) => t.fromStage !== t.toStage).map((t) => ({ week: isoWeek(t.occurredAt), label: `${nameOf(c)}: ${t.toStage}` })),
      ),
    },
  };
}

function list(names: string[]): string {
  return names.length ? names.join(", ") : "-";
}

export function renderDigest(t: DigestTexts, d: DigestData): string {
  if (d.clientCount === 0) return fillTemplate(t.empty, { coach: d.coachName });
  // Days and times as the coach lives them, in their own zone (their sessions read the same way).
  const day = (date: Date) => localDate(date, d.timezone);
  const lines = [fillTemplate(t.header, { coach: d.coachName, from: day(d.from), to: day(d.to) }), ""];
  if (d.redFlags.length) {
    lines.push(t.redFlags);
    for (const f of d.redFlags) {
      const line = fillTemplate(t.redFlagLine, {
        client: f.client,
        kind: f.kind,
        raised: fillTemplate(t.zonedTime, { time: formatLocalDateTime(f.raisedAt, d.timezone), zone: d.timezone }),
        detail: f.detail,
      });
      lines.push(`${line} ${fillTemplate(t.flagAge, { number: f.number, age: f.age })}`);
    }
  } else lines.push(t.noRedFlags);
  if (d.attention.length) lines.push("", t.attention, ...d.attention.map((a) => `${fillTemplate(t.attentionLine, a)} ${fillTemplate(t.flagAge, a)}`));
  if (d.stageChanges.length) {
    lines.push("", t.stageChanges, ...d.stageChanges.map((s) => fillTemplate(t.stageChangeLine, { ...s, from: s.from ?? "new" })));
  }
  lines.push(
    "",
    fillTemplate(t.answered, { count: d.answered.length, names: list(d.answered) }),
    fillTemplate(t.silent, { count: d.silent.length, names: list(d.silent) }),
  );
  if (d.paused.length) {
    const names = d.paused.map((p) =>
      p.safety
        ? fillTemplate(t.pausedForSafety, { client: p.client })
        : p.lastDay
          ? fillTemplate(t.pausedUntil, { client: p.client, until: p.lastDay })
          : p.client,
    );
    lines.push(fillTemplate(t.paused, { count: names.length, names: list(names) }));
  }
  if (d.notDue.length) lines.push(fillTemplate(t.notDue, { count: d.notDue.length, names: list(d.notDue) }));
  if (d.notStarted.length) {
    const names = d.notStarted.map((n) => fillTemplate(t.notStartedLine, { client: n.client, since: day(n.since) }));
    lines.push(fillTemplate(t.notStarted, { count: names.length, names: list(names) }));
  }
  lines.push("", t.achievement);
  const trendWord = { up: t.trendUp, down: t.trendDown, flat: t.trendFlat };
  if (d.achievement.length === 0) lines.push(t.noAchievement);
  for (const a of d.achievement) lines.push(fillTemplate(t.achievementLine, { client: a.client, average: a.average, trend: trendWord[a.trend] }));
  if (d.teams.length) {
    lines.push("", t.teams);
    for (const team of d.teams) {
      const average = team.averageAchievement === null ? "" : fillTemplate(t.teamAverage, { average: team.averageAchievement });
      lines.push(fillTemplate(t.teamLine, { team: team.team, answered: team.answered, members: team.members, average }));
    }
  }
  const sessions = d.upcomingSessions.map((s) => `${s.client} ${describeLocal(s.at, d.timezone)}`);
  lines.push("", sessions.length ? fillTemplate(t.sessions, { list: sessions.join("; ") }) : t.noSessions);
  return lines.join("\n");
}

export interface DigestAttachment {
  filename: string;
  contentType: string;
  dataBase64: string;
}

/** The digest of `from`..`to` as an outbox payload: text, chart, and whom it names. */
export async function buildDigestPayload(prisma: PrismaClient, catalog: Catalog, coachId: string, from: Date, to: Date): Promise<Prisma.InputJsonValue> {
  return digestPayload(catalog, await gatherDigest(prisma, catalog, coachId, from, to));
}

function digestPayload(catalog: Catalog, data: DigestData): Prisma.InputJsonValue {
  const { from, to } = data;
  const text = renderDigest(catalog.digest, data);
  const attachments: DigestAttachment[] = data.chart.series.length
    ? [
        {
          filename: "weekly-achievement.png",
          contentType: "image/png",
          dataBase64: renderAchievementChart(catalog.digest.chartTitle, data.chart.weeks, data.chart.series, data.chart.marks).toString("base64"),
        },
      ]
    : [];
  // Which clients it names and the window it covers: deleting a client regenerates the digests
  // still waiting to go out without them (src/coach/privacy.ts).
  return {
    prompts: [{ id: "digest", text, input: { kind: "none" } }],
    attachments,
    mentions: data.clientIds,
    window: { from: from.toISOString(), to: to.toISOString() },
  } as unknown as Prisma.InputJsonValue;
}

/**
 * Builds the digest since the coach's last one and queues it to the coach with its chart.
 * `eventId` is the dedupe key: a repeated call for the same scheduled digest queues nothing.
 * `scheduled`: a daily digest in which nothing happened is not sent (the next one covers the
 * days since the last one sent); a weekly one always is, and so is one the coach asks for.
 */
export async function queueCoachDigest(
  prisma: PrismaClient,
  catalog: Catalog,
  coachId: string,
  now: Date,
  eventId: string,
  opts: { scheduled?: boolean } = {},
): Promise<void> {
  const coach = await prisma.coach.findUniqueOrThrow({ where: { id: coachId } });
  const from = coach.lastDigestAt ?? new Date(now.getTime() - (coach.digestCadence === "daily" ? 1 : 7) * DAY);
  const data = await gatherDigest(prisma, catalog, coachId, from, now);
  if (opts.scheduled && coach.digestCadence === "daily" && data.quiet && data.clientCount > 0) return;
  const payload = digestPayload(catalog, data);
  await prisma.$transaction([
    prisma.outboxMessage.createMany({
      data: [
        {
          tenantId: coach.tenantId,
          clientId: null,
          recipient: coach.platformUserId,
          kind: "digest",
          dedupeKey: `digest:${eventId}`,
          payload,
          availableAt: now,
        },
      ],
      skipDuplicates: true,
    }),
    prisma.coach.update({ where: { id: coachId }, data: { lastDigestAt: now } }),
  ]);
}
