// Run once at start-up (never per tick): gives every active client a pending weekly check-in if
// they lack one (clients enrolled before scheduling existed, or a job row lost to a manual
// database edit). The per-minute tick only reads due rows.
import { nextCheckinJob } from "../domain/schedule.js";
import type { PrismaClient } from "../store/database.js";
import { addJobs } from "../store/jobs.js";

export async function reconcileSchedules(prisma: PrismaClient, now: Date): Promise<number> {
  const clients = await prisma.client.findMany({
    where: { status: { in: ["active", "paused"] }, NOT: { id: { in: await scheduled(prisma, "checkin", "clientId") } } },
    select: { id: true, timezone: true, checkinWeekday: true, checkinTime: true },
  });
  return addJobs(prisma, clients.map((c) => nextCheckinJob(c, now)));
}

async function scheduled(prisma: PrismaClient, kind: string, subject: "clientId"): Promise<string[]> {
  const rows = await prisma.scheduledJob.findMany({ where: { kind, status: { in: ["pending", "running"] } }, select: { [subject]: true } });
  return rows.map((r) => (r as Record<string, string | null>)[subject]).filter((id): id is string => id !== null);
}
