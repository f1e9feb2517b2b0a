// Who coaches whom: registering coaches, enrolling clients, and the coach's roster.
import { areaName, type Catalog, stageName } from "../domain/catalog.js";
import { fillTemplate } from "../domain/script.js";
import type { CoachingEngine } from "../engine/engine.js";
import type { InboundTenant } from "../engine/inbound.js";
import type { PrismaClient } from "../store/database.js";
import { coachFacingName, coachFacingStanding } from "./client-name.js";

export async function ensureTenant(prisma: PrismaClient, tenant: InboundTenant) {
  return prisma.tenant.upsert({
    where: { platform_externalId: { platform: tenant.platform, externalId: tenant.externalId } },
    create: tenant,
    update: {},
  });
}

/** Registers someone as a coach of the tenant (idempotent). */
export async function ensureCoach(prisma: PrismaClient, tenant: InboundTenant, platformUserId: string, name: string) {
  const { id: tenantId } = await ensureTenant(prisma, tenant);
  return prisma.coach.upsert({
    where: { tenantId_platformUserId: { tenantId, platformUserId } },
    create: { tenantId, platformUserId, name },
    update: {},
  });
}

export async function findCoach(prisma: PrismaClient, tenant: InboundTenant, platformUserId: string) {
  return prisma.coach.findFirst({ where: { platformUserId, tenant: { platform: tenant.platform, externalId: tenant.externalId } } });
}

/**
 * Enrolls a person as the coach's client and greets them (onboarding starts in their DMs).
 * Someone who already has a client record is never moved here: only their own coach (or a
 * coachless record's first coach) gets it back unchanged; moving to another coach needs the
 * client's consent or their coach's release (src/engine/transfers.ts).
 */
export async function enrollClient(
  deps: { prisma: PrismaClient; engine: CoachingEngine },
  coach: { id: string; tenantId: string },
  person: { platformUserId: string; name?: string },
  eventId: string,
): Promise<{ clientId: string; isNew: boolean }> {
  const existing = await deps.prisma.client.findUnique({
    where: { tenantId_platformUserId: { tenantId: coach.tenantId, platformUserId: person.platformUserId } },
  });
  if (existing && existing.coachId !== coach.id)
    throw new Error("enrollClient: this person has a client record of another coach (or none); ask with requestTransfer");
  const client = existing
    ? existing
    : await deps.prisma.client.create({
        data: { tenantId: coach.tenantId, coachId: coach.id, platformUserId: person.platformUserId, name: person.name ?? null },
      });
  if (!existing) await deps.engine.dispatch(client.id, eventId, (at) => ({ type: "START", at }));
  return { clientId: client.id, isNew: !existing };
}

/** " | 2 open flags, 1 urgent"; nothing without open flags. */
function flagCount(r: Catalog["session"]["roster"], flags: { severity: string }[]): string {
  if (flags.length === 0) return "";
  const urgent = flags.filter((f) => f.severity === "urgent").length;
  return (flags.length === 1 ? r.oneFlag : fillTemplate(r.flags, { count: flags.length })) + (urgent ? fillTemplate(r.urgent, { count: urgent }) : "");
}

/** The coach's clients, those with open red flags first, then those needing attention. */
export async function rosterText(prisma: PrismaClient, catalog: Catalog, coachId: string): Promise<string> {
  const clients = await prisma.client.findMany({
    where: { coachId },
    include: { domains: true, flags: { where: { resolvedAt: null } }, actorSnapshot: { select: { snapshot: true } } },
    orderBy: { name: "asc" },
  });
  const r = catalog.session.roster;
  if (clients.length === 0) return r.empty;
  const rank = (c: (typeof clients)[number]) => (c.flags.some((f) => f.severity === "urgent") ? 0 : c.flags.length > 0 ? 1 : 2);
  const lines = [...clients]
    .sort((a, b) => rank(a) - rank(b))
    .map((c) =>
      fillTemplate(r.line, {
        name: coachFacingName(catalog, c),
        status: coachFacingStanding(catalog, c),
        stages: c.domains.map((d) => `${areaName(catalog, d.domain)}: ${stageName(catalog, d.stage)}`).join(", ") || r.notStaged,
        flags: flagCount(r, c.flags),
      }),
    );
  return [fillTemplate(r.header, { count: clients.length }), ...lines].join("\n");
}
