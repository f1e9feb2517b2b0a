// A client's own data: everything we hold about them as one JSON document, and deleting it.
import type { PrismaClient } from "../store/database.js";
import { inboxEventsOf } from "../store/inbox.js";

export async function exportClientData(prisma: PrismaClient, clientId: string): Promise<Record<string, unknown>> {
  const client = await prisma.client.findUniqueOrThrow({
    where: { id: clientId },
    include: {
      domains: true,
      stageTransitions: { orderBy: { occurredAt: "asc" } },
      goals: { orderBy: { createdAt: "asc" } },
      conversations: { orderBy: { openedAt: "asc" }, include: { answers: { orderBy: { answeredAt: "asc" } } } },
      assessments: true,
      sessions: true,
      teamAnswers: true,
      tenant: { select: { platform: true, externalId: true } },
    },
  });
  // Flags and coach notes are the coach's working notes about the client; they are included
  // because they are data about the client, which the client is entitled to see.
  const flags = await prisma.flag.findMany({ where: { clientId }, orderBy: { raisedAt: "asc" } });
  // Messages sent to the client and about them (coach alerts), where their conversation state is,
  // what is planned for them, their teams, and which of their events were received.
  const messages = await prisma.outboxMessage.findMany({
    where: { clientId },
    orderBy: { id: "asc" },
    select: { recipient: true, kind: true, payload: true, status: true, createdAt: true, sentAt: true },
  });
  const state = await prisma.actorSnapshot.findUnique({ where: { clientId } });
  const scheduledJobs = await prisma.scheduledJob.findMany({ where: { clientId }, orderBy: { dueAt: "asc" }, select: { kind: true, period: true, dueAt: true, status: true, doneAt: true } });
  const teamMemberships = await prisma.teamMember.findMany({ where: { clientId }, select: { joinedAt: true, team: { select: { name: true } } } });
  const eventsReceived = await prisma.processedEvent.findMany({ where: { clientId }, orderBy: { processedAt: "asc" } });
  // What they sent that is still waiting to be processed (the inbox keeps it only until then).
  const inboxEvents = await inboxEventsOf(prisma, inboxPerson(client));
  return { exportedAt: new Date().toISOString(), client, flags, messages, state, scheduledJobs, teamMemberships, eventsReceived, inboxEvents };
}

/**
 * Where each table holding a clientId appears in the export (a test checks every such table of
 * the schema is listed, so a new one cannot be left out silently).
 */
export const EXPORTED_TABLES: Record<string, (exported: Record<string, unknown>) => unknown> = {
  ClientDomain: (e) => (e.client as { domains: unknown }).domains,
  StageTransition: (e) => (e.client as { stageTransitions: unknown }).stageTransitions,
  Goal: (e) => (e.client as { goals: unknown }).goals,
  Conversation: (e) => (e.client as { conversations: unknown }).conversations,
  Assessment: (e) => (e.client as { assessments: unknown }).assessments,
  CoachingSession: (e) => (e.client as { sessions: unknown }).sessions,
  TeamAnswer: (e) => (e.client as { teamAnswers: unknown }).teamAnswers,
  Flag: (e) => e.flags,
  OutboxMessage: (e) => e.messages,
  ActorSnapshot: (e) => (e.state ? [e.state] : []),
  ScheduledJob: (e) => e.scheduledJobs,
  TeamMember: (e) => e.teamMemberships,
  ProcessedEvent: (e) => e.eventsReceived,
};

/**
 * Tables naming the client by platform ids instead of a clientId (rows written before anyone
 * knew which client they belong to), and where they appear in the export.
 */
export const EXPORTED_BY_PERSON: Record<string, (exported: Record<string, unknown>) => unknown> = {
  InboxEvent: (e) => e.inboxEvents,
};

function inboxPerson(client: { platformUserId: string; tenant: { platform: string; externalId: string } }) {
  return { platform: client.tenant.platform, tenantKey: client.tenant.externalId, userId: client.platformUserId };
}

/** Deletes the client and everything recorded about them (answers, goals, flags, messages). */
export async function deleteClientData(prisma: PrismaClient, clientId: string): Promise<void> {
  const client = await prisma.client.findUniqueOrThrow({ where: { id: clientId }, select: { platformUserId: true, tenant: { select: { platform: true, externalId: true } } } });
  await prisma.$transaction(async (tx) => {
    await tx.inboxEvent.deleteMany({ where: inboxPerson(client) });
    await tx.outboxMessage.deleteMany({ where: { clientId } });
    await tx.processedEvent.deleteMany({ where: { clientId } });
    await tx.scheduledJob.deleteMany({ where: { clientId } });
    await tx.client.delete({ where: { id: clientId } });
  });
}
