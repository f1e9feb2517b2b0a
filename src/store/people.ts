// Read models for the interaction layer and the adapters: who a platform user is to the bot
// (coach, client, the coach of a client), which sessions run, which team a channel is. Adapters
// and command handlers read through these, never through Prisma directly.
import type { InboundTenant } from "../domain/tenant.js";
import type { PrismaClient } from "./database.js";

const inTenant = (tenant: InboundTenant) => ({ platform: tenant.platform, externalId: tenant.externalId });

export interface ClientRef {
  id: string;
  name: string | null;
  platformUserId: string;
}

/** The client with this platform user id in the tenant, with the id of their coach. */
export function clientByUser(prisma: PrismaClient, tenant: InboundTenant, platformUserId: string) {
  return prisma.client.findFirst({
    where: { platformUserId, tenant: inTenant(tenant) },
    select: { id: true, name: true, platformUserId: true, coachId: true },
  });
}

/** The coach's own client with this platform user id, or null: a coach acts on their own clients only. */
export function clientOfCoach(prisma: PrismaClient, coach: { id: string; tenantId: string }, platformUserId: string): Promise<ClientRef | null> {
  return prisma.client.findFirst({
    where: { tenantId: coach.tenantId, platformUserId, coachId: coach.id },
    select: { id: true, name: true, platformUserId: true },
  });
}

/** Someone's client record in a tenant with the name of their current coach (before an enrollment). */
export function clientWithCoach(prisma: PrismaClient, tenantId: string, platformUserId: string) {
  return prisma.client.findUnique({
    where: { tenantId_platformUserId: { tenantId, platformUserId } },
    select: { id: true, coach: { select: { id: true, name: true } } },
  });
}

/** Who a client is and whose client they are, for a decision about their data. */
export function clientAndCoach(prisma: PrismaClient, clientId: string) {
  return prisma.client.findUnique({ where: { id: clientId }, select: { id: true, platformUserId: true, coach: { select: { platformUserId: true } } } });
}

/** The coach's clients whose session is running, the most recently started first. */
export async function clientsInSession(prisma: PrismaClient, coachId: string): Promise<ClientRef[]> {
  const running = await prisma.coachingSession.findMany({
    where: { phase: { not: "ended" }, client: { coachId } },
    select: { client: { select: { id: true, name: true, platformUserId: true } } },
    orderBy: { startedAt: "desc" },
  });
  return [...new Map(running.map((s) => [s.client.id, s.client])).values()];
}

/** The tenant's coach with this platform user id, or null. */
export function coachByUser(prisma: PrismaClient, tenant: InboundTenant, platformUserId: string) {
  return prisma.coach.findFirst({ where: { platformUserId, tenant: inTenant(tenant) } });
}

/** Whether the tenant has coaches or a coach role at all, and this person's Coach row if any. */
export async function coachSetup(prisma: PrismaClient, tenant: InboundTenant, platformUserId: string) {
  const row = await prisma.tenant.findUnique({
    where: { platform_externalId: inTenant(tenant) },
    include: { coaches: { where: { platformUserId } }, _count: { select: { coaches: true } } },
  });
  return { exists: row !== null, coach: row?.coaches[0] ?? null, coachCount: row?._count.coaches ?? 0, coachRoleId: row?.coachRoleId ?? null };
}

/** The team linked to a channel of the tenant, or null. */
export function teamByChannel(prisma: PrismaClient, tenantId: string, channelId: string) {
  return prisma.team.findUnique({ where: { tenantId_channelId: { tenantId, channelId } } });
}

export function markTeamChannelUnreachable(prisma: PrismaClient, teamId: string) {
  return prisma.team.update({ where: { id: teamId }, data: { reachable: false } });
}

/** The console's tenant and its one coach (whoever runs it), created on first use. */
export async function ensureLocalCoach(prisma: PrismaClient, tenant: InboundTenant, coach: { platformUserId: string; name: string }) {
  const row = await prisma.tenant.upsert({ where: { platform_externalId: inTenant(tenant) }, create: tenant, update: {} });
  return prisma.coach.upsert({
    where: { tenantId_platformUserId: { tenantId: row.id, platformUserId: coach.platformUserId } },
    create: { tenantId: row.id, ...coach },
    update: {},
  });
}

/** Sets (or clears) the tenant's coach role, creating the tenant on first start. */
export async function setCoachRole(prisma: PrismaClient, tenant: InboundTenant, coachRoleId: string | null): Promise<void> {
  await prisma.tenant.upsert({ where: { platform_externalId: inTenant(tenant) }, create: { ...tenant, coachRoleId }, update: { coachRoleId } });
}

/** A team check-in with its team's name, or null. */
export function teamCheckIn(prisma: PrismaClient, checkInId: string) {
  return prisma.teamCheckIn.findUnique({ where: { id: checkInId }, include: { team: { select: { name: true } } } });
}
