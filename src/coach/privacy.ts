// A client's own data: everything we hold about them as one JSON document, and deleting it.
import type { Catalog } from "../domain/catalog.js";
import type { PrismaClient } from "../store/database.js";
import { inboxEventsOf } from "../store/inbox.js";
import { buildDigestPayload } from "./digest.js";

/**
 * Who the export is for. A session's notes are private to the coach who ran it: the client's own
 * copy has none (what the coach shared, the session summaries, is in their messages and sessions),
 * and a coach's copy has only the notes of the sessions they ran themselves. The client's copy also
 * leaves out the coach's other working text: why they re-staged an area, and the messages sent to
 * the coach about the client (the session guide, "Noted under ...", alerts; the flags are in it).
 */
export type ExportReader = "client" | { coachId: string };

/** What the client's own copy says instead of the coach's reason for re-staging an area. */
export const COACH_STAGE_REASON = "changed by your coach";

function readsNotesOf(reader: ExportReader, session: { coachId: string | null } | undefined): boolean {
  return reader !== "client" && session?.coachId === reader.coachId;
}

export async function exportClientData(prisma: PrismaClient, clientId: string, reader: ExportReader): Promise<Record<string, unknown>> {
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
  // Flags, with how the coach settled them, are data about the client and included.
  const flags = await prisma.flag.findMany({ where: { clientId }, orderBy: { raisedAt: "asc" } });
  // Messages sent to the client and about them (coach alerts), where their conversation state is,
  // what is planned for them, their teams, and which of their events were received.
  const messages = await prisma.outboxMessage.findMany({
    where: { clientId },
    orderBy: { id: "asc" },
    select: { recipient: true, kind: true, payload: true, status: true, createdAt: true, sentAt: true },
  });
  const state = await prisma.actorSnapshot.findUnique({ where: { clientId } });
  const scheduledJobs = await prisma.scheduledJob.findMany({
    where: { clientId },
    orderBy: { dueAt: "asc" },
    select: { kind: true, period: true, dueAt: true, status: true, doneAt: true },
  });
  const teamMemberships = await prisma.teamMember.findMany({ where: { clientId }, select: { joinedAt: true, team: { select: { name: true } } } });
  const eventsReceived = await prisma.processedEvent.findMany({ where: { clientId }, orderBy: { processedAt: "asc" } });
  // What they sent that is still waiting to be processed (the inbox keeps it only until then).
  const inboxEvents = (await inboxEventsOf(prisma, inboxPerson(client))).map((event) => ({ ...event, payload: withoutCredentials(event.payload) }));
  const sessions = client.sessions.map(({ notes, ...session }) => (readsNotesOf(reader, session) ? { ...session, notes } : session));
  const exportedState = state && { ...state, snapshot: withRunningSessionNotesFor(reader, state.snapshot, client.sessions) };
  const stageTransitions =
    reader === "client" ? client.stageTransitions.map((t) => (t.changedBy === "coach" ? { ...t, reason: COACH_STAGE_REASON } : t)) : client.stageTransitions;
  return {
    exportedAt: new Date().toISOString(),
    client: { ...client, sessions, stageTransitions },
    flags,
    messages: reader === "client" ? messages.filter((m) => m.recipient === client.platformUserId) : messages,
    state: exportedState,
    scheduledJobs,
    teamMemberships,
    eventsReceived,
    inboxEvents,
  };
}

/** The machine's snapshot holds the running session, its notes included: kept only for their coach. */
function withRunningSessionNotesFor(reader: ExportReader, snapshot: unknown, sessions: { key: string; coachId: string | null }[]): unknown {
  const context = (snapshot as { context?: { session?: { key?: string; notes?: unknown } | null } }).context;
  if (!context?.session) return snapshot;
  const { notes, ...running } = context.session;
  const session = readsNotesOf(
    reader,
    sessions.find((s) => s.key === running.key),
  )
    ? { ...running, notes }
    : running;
  return { ...(snapshot as object), context: { ...context, session } };
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

/**
 * What a pending event carries only to be answered: Discord's interaction token and Slack's
 * response URLs (each lets its holder answer as the bot for a while). Not the person's data.
 */
const CREDENTIALS = new Set(["token", "response_url", "response_urls"]);

function withoutCredentials(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutCredentials);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).flatMap(([key, inner]) => (CREDENTIALS.has(key) ? [] : [[key, withoutCredentials(inner)]])));
}

function inboxPerson(client: { platformUserId: string; tenant: { platform: string; externalId: string } }) {
  return { platform: client.tenant.platform, tenantKey: client.tenant.externalId, userId: client.platformUserId };
}

/** What a delivered message that named a deleted client keeps: nothing it said. */
export const SCRUBBED_PAYLOAD = { prompts: [], scrubbed: "named a client whose data was deleted" } as const;

interface NamingRow {
  id: number;
  kind: string;
  status: string;
  recipient: string;
  dedupeKey: string;
  availableAt: Date;
  payload: { window?: { from?: string; to?: string } } | null;
}

/** LIKE patterns finding `token` inside a payload's JSON text (escaped as JSON writes it). */
function containsPattern(token: string): string {
  return `%${JSON.stringify(token)
    .slice(1, -1)
    .replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Deletes the client and everything recorded about them (answers, goals, flags, messages), and
 * every trace elsewhere: messages not tied to them that name or quote them (a coach's digest, a
 * note queued before they were a client). Such a message still waiting is deleted (a digest is
 * regenerated without them when `catalog` is given); one already delivered keeps no text.
 */
export async function deleteClientData(prisma: PrismaClient, clientId: string, options: { catalog?: Catalog } = {}): Promise<void> {
  const client = await prisma.client.findUnique({
    where: { id: clientId },
    include: { flags: { select: { detail: true } }, tenant: { select: { platform: true, externalId: true } } },
  });
  if (!client) return;
  // What would show that a message is about them: their name, their platform id, and what they
  // wrote that flags quote (crisis text). Generic flag wording would match other clients' lines.
  const quotes = client.flags.flatMap((f) => /^"([\s\S]+)"$/.exec(f.detail)?.[1] ?? []);
  const tokens = [client.name?.trim() ?? "", client.platformUserId, ...quotes].filter((t) => t.length >= 2);
  const patterns = tokens.map(containsPattern);
  const waitingDigests = await prisma.$transaction(async (tx) => {
    await tx.inboxEvent.deleteMany({ where: inboxPerson(client) });
    await tx.outboxMessage.deleteMany({ where: { clientId } });
    await tx.processedEvent.deleteMany({ where: { clientId } });
    await tx.scheduledJob.deleteMany({ where: { clientId } });
    await tx.client.delete({ where: { id: clientId } });
    const naming = await tx.$queryRaw<NamingRow[]>`
      SELECT id, kind, status, recipient, "dedupeKey", "availableAt", payload FROM "OutboxMessage"
      WHERE "tenantId" = ${client.tenantId} AND "clientId" IS NULL
        AND (payload -> 'mentions' ? ${clientId} OR payload::text ILIKE ANY (${patterns}::text[]))`;
    const delivered = naming.filter((m) => m.status === "sent" || m.status === "sending").map((m) => m.id);
    const waiting = naming.filter((m) => !delivered.includes(m.id));
    if (delivered.length) await tx.outboxMessage.updateMany({ where: { id: { in: delivered } }, data: { payload: SCRUBBED_PAYLOAD, lastError: null } });
    if (waiting.length) await tx.outboxMessage.deleteMany({ where: { id: { in: waiting.map((m) => m.id) } } });
    return waiting.filter((m) => m.kind === "digest" && m.status === "pending");
  });
  if (!options.catalog) return;
  // The coach still gets the digests that were waiting, without the deleted client in them. If
  // the process stops just here, those digests are missing, never wrong; /coach digest makes one.
  for (const digest of waitingDigests) {
    const coach = await prisma.coach.findFirst({ where: { tenantId: client.tenantId, platformUserId: digest.recipient } });
    if (!coach) continue;
    const to = new Date(digest.payload?.window?.to ?? digest.availableAt);
    const from = new Date(digest.payload?.window?.from ?? to.getTime() - 7 * 86_400_000);
    const payload = await buildDigestPayload(prisma, options.catalog, coach.id, from, to);
    await prisma.outboxMessage.createMany({
      data: [
        {
          tenantId: client.tenantId,
          clientId: null,
          recipient: digest.recipient,
          kind: "digest",
          dedupeKey: digest.dedupeKey,
          payload,
          availableAt: digest.availableAt,
        },
      ],
      skipDuplicates: true,
    });
  }
}
