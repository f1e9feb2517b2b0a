// Slack installations kept in the database (Bolt's installation store reads and writes these):
// every instance reads the same rows, so any instance can serve any workspace.
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
