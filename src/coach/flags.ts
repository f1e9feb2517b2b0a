// Flags over their life: the coach's open flags, acknowledging and resolving them (with a note),
// and sending an urgent flag again when nobody acknowledged it within the hour. A coach handles
// only their own clients' flags; the lookups here take the coach's id for that reason.
import { type Catalog, flagDetail, flagKindName } from "../domain/catalog.js";
import { flagAge } from "../domain/flags.js";
import { fillTemplate } from "../domain/script.js";
import type { Logger } from "../log.js";
import type { PrismaClient } from "../store/database.js";
import { coachFacingName, NAMING_FIELDS } from "./client-name.js";

export interface OpenFlag {
  id: string;
  number: number;
  client: string;
  clientUserId: string;
  /** In the catalog's words, as the digest names it; `detail` too for a coaching challenge. */
  kind: string;
  severity: string;
  detail: string;
  suggestedApproach: string | null;
  raisedAt: Date;
  age: string;
  acknowledged: boolean;
  pausesArea: string | null;
}

const SEVERITY_ORDER: Record<string, number> = { urgent: 0, attention: 1, info: 2 };

/** Red flags first, then by age (oldest first): the order a coach should act in. */
export function byUrgency<T extends { severity: string; raisedAt: Date }>(flags: T[]): T[] {
  return [...flags].sort((a, b) => (SEVERITY_ORDER[a.severity] ?? 3) - (SEVERITY_ORDER[b.severity] ?? 3) || a.raisedAt.getTime() - b.raisedAt.getTime());
}

/** The coach's clients' unresolved flags, red flags first. */
export async function openFlags(prisma: PrismaClient, catalog: Catalog, coachId: string, now: Date): Promise<OpenFlag[]> {
  const rows = await prisma.flag.findMany({
    where: { resolvedAt: null, client: { coachId } },
    include: { client: { select: { ...NAMING_FIELDS, platformUserId: true } } },
  });
  return byUrgency(rows).map((f) => ({
    id: f.id,
    number: f.number,
    client: coachFacingName(catalog, f.client),
    clientUserId: f.client.platformUserId,
    kind: flagKindName(catalog, f.kind),
    severity: f.severity,
    detail: flagDetail(catalog, f),
    suggestedApproach: f.suggestedApproach,
    raisedAt: f.raisedAt,
    age: flagAge(f.raisedAt, now),
    acknowledged: f.acknowledgedAt !== null,
    pausesArea: f.pausesArea,
  }));
}

/**
 * Flag `number` when it is about one of this coach's clients, with the name the coach knows the
 * client by; null otherwise (never another coach's).
 */
export async function coachFlag(prisma: PrismaClient, catalog: Catalog, coachId: string, number: number) {
  const flag = await prisma.flag.findUnique({
    where: { number },
    include: { client: { select: { id: true, coachId: true, ...NAMING_FIELDS } } },
  });
  return flag && flag.client.coachId === coachId ? { ...flag, clientName: coachFacingName(catalog, flag.client) } : null;
}

/** Marks the flag seen; false when it already was. Stops its escalation. */
export async function acknowledgeFlag(prisma: PrismaClient, flagId: string, by: string, now: Date): Promise<boolean> {
  const { count } = await prisma.flag.updateMany({ where: { id: flagId, acknowledgedAt: null }, data: { acknowledgedAt: now, acknowledgedBy: by } });
  return count === 1;
}

/**
 * Resolves the flag with the coach's note (acknowledging it too). Returns whether this call
 * resolved it, and the area whose goals may resume: the flag holds one and no other open flag
 * of the client holds the same area.
 */
export async function resolveFlag(
  prisma: PrismaClient,
  flagId: string,
  by: string,
  note: string,
  now: Date,
): Promise<{ resolved: boolean; releasedArea: string | null }> {
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.flag.updateMany({ where: { id: flagId, resolvedAt: null }, data: { resolvedAt: now, resolvedBy: by, resolutionNote: note } });
    await tx.flag.updateMany({ where: { id: flagId, acknowledgedAt: null }, data: { acknowledgedAt: now, acknowledgedBy: by } });
    const flag = await tx.flag.findUniqueOrThrow({ where: { id: flagId }, select: { clientId: true, pausesArea: true } });
    if (!flag.pausesArea) return { resolved: count === 1, releasedArea: null };
    const stillHeld = await tx.flag.count({ where: { clientId: flag.clientId, pausesArea: flag.pausesArea, resolvedAt: null } });
    return { resolved: count === 1, releasedArea: stillHeld === 0 ? flag.pausesArea : null };
  });
}

export interface EscalationDeps {
  prisma: PrismaClient;
  catalog: Catalog;
  log: Logger;
  /** Platform user ids (in the client's workspace or server) who get urgent flags nobody acknowledged. */
  fallbackUserIds: readonly string[];
}

export type EscalationOutcome = "sent" | "acknowledged" | "resolved" | "flag gone";

/**
 * The hour has passed: an urgent flag still unacknowledged goes again to the coach and to each
 * fallback person. Each message's dedupe key names the flag and the recipient, so however many
 * instances run the job, and however often, each person is told once.
 */
export async function escalateUnacknowledgedFlag(deps: EscalationDeps, flagId: string, now: Date): Promise<EscalationOutcome> {
  const { prisma, catalog, log } = deps;
  const flag = await prisma.flag.findUnique({
    where: { id: flagId },
    include: { client: { include: { coach: true, actorSnapshot: { select: { snapshot: true } } } } },
  });
  if (!flag) return "flag gone";
  if (flag.resolvedAt) return "resolved";
  if (flag.acknowledgedAt) return "acknowledged";
  const { client } = flag;
  const r = catalog.safety.responses;
  const vars = {
    name: coachFacingName(catalog, client),
    kind: flagKindName(catalog, flag.kind),
    number: flag.number,
    age: flagAge(flag.raisedAt, now),
    ack: `/coach flag ack ${flag.number}`,
    coach: client.coach?.name ?? "(no coach)",
  };
  const messages = [
    ...(client.coach ? [{ recipient: client.coach.platformUserId, text: fillTemplate(r.coachAlertAgain, vars) }] : []),
    ...deps.fallbackUserIds.filter((id) => id !== client.coach?.platformUserId).map((recipient) => ({ recipient, text: fillTemplate(r.fallbackAlert, vars) })),
  ];
  if (deps.fallbackUserIds.length === 0)
    log.warn("urgent flag unacknowledged after an hour and FLAG_FALLBACK_USER_IDS is empty: only the coach is told again", { flagId });
  await prisma.outboxMessage.createMany({
    data: messages.map((m) => ({
      tenantId: client.tenantId,
      // Tied to the client, so deleting their data deletes these too.
      clientId: client.id,
      recipient: m.recipient,
      kind: "coach_alert",
      dedupeKey: `flag-escalation:${flag.id}:${m.recipient}`,
      payload: { prompts: [{ id: "coach-alert-again", text: m.text, input: { kind: "none" } }] },
      availableAt: now,
    })),
    skipDuplicates: true,
  });
  log.warn("urgent flag unacknowledged after an hour: sent again", { flagId, number: flag.number, recipients: messages.length });
  return "sent";
}
