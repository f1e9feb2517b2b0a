// Slack installations kept in the database (Bolt's installation store reads and writes these):
// every instance reads the same rows, so any instance can serve any workspace.
import type { InboundTenant } from "../domain/tenant.js";
import type { PrismaClient } from "./database.js";

export interface SlackInstallationRow {
  tenantId: string;
  enterpriseId: string | null;
  botToken: string;
  botUserId: string | undefined;
  installation: object;
}

export async function saveSlackInstallation(prisma: PrismaClient, teamId: string, row: SlackInstallationRow): Promise<void> {
  const data = { ...row, botUserId: row.botUserId ?? null };
  await prisma.slackInstallation.upsert({ where: { teamId }, create: { teamId, ...data }, update: { ...data, installedAt: new Date() } });
}

export async function slackInstallation(prisma: PrismaClient, teamId: string): Promise<unknown | null> {
  const row = await prisma.slackInstallation.findUnique({ where: { teamId }, select: { installation: true } });
  return row?.installation ?? null;
}

export async function deleteSlackInstallation(prisma: PrismaClient, teamId: string): Promise<number> {
  return (await prisma.slackInstallation.deleteMany({ where: { teamId } })).count;
}

/** The workspace an outbox message goes to and its bot token, or null when the app is not installed there. */
export async function slackTokenForMessage(prisma: PrismaClient, messageId: number): Promise<{ teamId: string | null; botToken: string | null }> {
  const row = await prisma.outboxMessage.findUnique({ where: { id: messageId }, select: { tenant: { select: { externalId: true } } } });
  const teamId = row?.tenant.externalId ?? null;
  const installation = teamId ? await prisma.slackInstallation.findUnique({ where: { teamId }, select: { botToken: true } }) : null;
  return { teamId, botToken: installation?.botToken ?? null };
}

/** The workspace's tenant (created on its first install) and how many coaches it has. */
export async function workspaceCoaches(prisma: PrismaClient, tenant: InboundTenant): Promise<{ tenantId: string; coaches: number }> {
  const row = await prisma.tenant.upsert({
    where: { platform_externalId: { platform: tenant.platform, externalId: tenant.externalId } },
    create: tenant,
    update: {},
    select: { id: true, _count: { select: { coaches: true } } },
  });
  return { tenantId: row.id, coaches: row._count.coaches };
}
