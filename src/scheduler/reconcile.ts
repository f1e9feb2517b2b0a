// Run once at start-up (never per tick): gives every active client a pending weekly check-in if
// they lack one (clients enrolled before scheduling existed, or a job row lost to a manual
// database edit). The per-minute tick only reads due rows.
//
// The database finds who lacks a job in one anti-join: a list of every scheduled client sent back
// as bind parameters failed above ~34,000 clients (P2029). NOT IN over a subquery (NULLs
// excluded) is hashed once whatever the planner's row estimates; NOT EXISTS, or paging with
// LIMIT, became a nested loop right after a bulk load (stale statistics) and took minutes at 100,000.
import { type ClientSchedule, nextCheckinJob } from "../domain/schedule.js";
import type { PrismaClient } from "../store/database.js";
import { addJobs } from "../store/jobs.js";

const INSERT_BATCH = 5000;

export async function reconcileSchedules(prisma: PrismaClient, now: Date): Promise<number> {
  const clients = await prisma.$queryRaw<ClientSchedule[]>`
    SELECT c.id, c.timezone, c."checkinWeekday", c."checkinTime" FROM "Client" c
    WHERE c.status IN ('active', 'paused')
      AND c.id NOT IN (
        SELECT j."clientId" FROM "ScheduledJob" j
        WHERE j."clientId" IS NOT NULL AND j.kind = 'checkin' AND j.status IN ('pending', 'running'))`;
  const planned = clients.map((client) => nextCheckinJob(client, now));
  let added = 0;
  for (let start = 0; start < planned.length; start += INSERT_BATCH) added += await addJobs(prisma, planned.slice(start, start + INSERT_BATCH));
  return added;
}
