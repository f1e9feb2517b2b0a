// Read models of the coach dashboard. Every query is scoped to one coach in one tenant: a row of
// another coach or tenant is simply not found (the page answers 404). The program overview reads
// counts only, never a client's row.
import type { PrismaClient } from "./database.js";

export interface CoachScope {
  tenantId: string;
  coachId: string;
}

/** Whose clients the program overview counts: one coach's, one tenant's, or every tenant's (null). */
export type ProgramScope = { tenantId: string; coachId?: string } | { tenantId: null };

function ownClients(scope: CoachScope) {
  return { coachId: scope.coachId, tenantId: scope.tenantId };
}

const CHECKIN_DONE = { script: "checkin", status: "closed" } as const;

/** The coach's clients with stages, open flags and the check-ins since `since` (answers included). */
export async function readRoster(prisma: PrismaClient, scope: CoachScope, since: Date) {
  const clients = await prisma.client.findMany({
    where: ownClients(scope),
    orderBy: { name: "asc" },
    include: {
      domains: true,
      // Its safety region says whether the client is on hold (src/coach/client-name.ts).
      actorSnapshot: { select: { snapshot: true } },
      flags: { where: { resolvedAt: null }, orderBy: { raisedAt: "asc" } },
      conversations: {
        where: { ...CHECKIN_DONE, closedAt: { gte: since } },
        orderBy: { closedAt: "asc" },
        select: { period: true, closedAt: true, answers: { select: { questionKey: true, value: true } } },
      },
    },
  });
  const last = await prisma.conversation.groupBy({
    by: ["clientId"],
    where: { ...CHECKIN_DONE, clientId: { in: clients.map((c) => c.id) } },
    _max: { closedAt: true },
  });
  const lastByClient = new Map(last.map((l) => [l.clientId, l._max.closedAt]));
  return clients.map((c) => ({ ...c, lastCheckInAt: lastByClient.get(c.id) ?? null }));
}
export type RosterRow = Awaited<ReturnType<typeof readRoster>>[number];

/**
 * Everything the client page shows, or null when the client is not this coach's. A session's notes
 * are only for the coach who ran it: one who took the client over sees the session and its summary.
 */
export async function readClientRecord(prisma: PrismaClient, scope: CoachScope, clientId: string) {
  const client = await prisma.client.findFirst({
    where: { id: clientId, ...ownClients(scope) },
    include: {
      domains: true,
      actorSnapshot: { select: { snapshot: true } },
      stageTransitions: { orderBy: { occurredAt: "asc" } },
      goals: { orderBy: { createdAt: "asc" } },
      conversations: {
        where: CHECKIN_DONE,
        orderBy: { closedAt: "desc" },
        include: { answers: { orderBy: { answeredAt: "asc" } } },
      },
      sessions: { orderBy: { startedAt: "desc" } },
      flags: { orderBy: { raisedAt: "desc" } },
    },
  });
  if (!client) return null;
  const sessions = client.sessions.map(({ notes, ...session }) =>
    session.coachId === scope.coachId ? { ...session, notes, ranByAnotherCoach: false } : { ...session, notes: null, ranByAnotherCoach: true },
  );
  return { ...client, sessions };
}
export type ClientRecord = NonNullable<Awaited<ReturnType<typeof readClientRecord>>>;

export async function readTeams(prisma: PrismaClient, scope: CoachScope) {
  return prisma.team.findMany({ where: ownClients(scope), orderBy: { name: "asc" }, include: { _count: { select: { members: true } } } });
}

/** A team with its last `weeks` check-ins and their answers, or null when not this coach's. */
export async function readTeamRecord(prisma: PrismaClient, scope: CoachScope, teamId: string, weeks: number) {
  return prisma.team.findFirst({
    where: { id: teamId, ...ownClients(scope) },
    include: {
      _count: { select: { members: true } },
      checkIns: {
        orderBy: { period: "desc" },
        take: weeks,
        include: { answers: { orderBy: { answeredAt: "asc" }, include: { client: { select: { platformUserId: true, name: true } } } } },
      },
    },
  });
}
export type TeamRecord = NonNullable<Awaited<ReturnType<typeof readTeamRecord>>>;

function programClients(scope: ProgramScope) {
  const open = { status: { not: "closed" } };
  if (scope.tenantId === null) return open;
  return { ...open, tenantId: scope.tenantId, ...(scope.coachId ? { coachId: scope.coachId } : {}) };
}

/** Counts for the program overview: clients per area and stage, and check-ins per week. */
export async function readProgramCounts(prisma: PrismaClient, scope: ProgramScope, since: Date) {
  const where = programClients(scope);
  const stages = await prisma.clientDomain.groupBy({ by: ["domain", "stage"], where: { client: where }, _count: { _all: true } });
  // One row per client and week: who took part in a week, counted below, never named.
  const checkIns = await prisma.conversation.findMany({
    where: { ...CHECKIN_DONE, closedAt: { gte: since }, client: where },
    distinct: ["clientId", "period"],
    select: { clientId: true, period: true },
  });
  const enrolled = await prisma.client.findMany({ where, select: { enrolledAt: true } });
  return {
    stages: stages.map((s) => ({ domain: s.domain, stage: s.stage, clients: s._count._all })),
    participants: checkIns.map((c) => c.period),
    enrolledAt: enrolled.map((c) => c.enrolledAt),
  };
}
