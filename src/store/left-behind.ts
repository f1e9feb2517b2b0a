// Work a dead process left claimed. Claims (an outbox row being sent, an inbox row being
// processed, a due job being run) normally wait out a timeout before anyone else takes them, because on PostgreSQL
// another live instance may still hold them. On the embedded database the folder lock proves
// the previous owner is gone, so waiting only leaves the person unanswered: a client whose last
// reply was mid-send when the bot was killed would hear nothing for minutes, every later reply
// queued behind it.
import type { PrismaClient } from "./database.js";

export interface ReleasedWork {
  messages: number;
  events: number;
  jobs: number;
}

/** Gives back everything claimed by a process that is known to have died; call it before any worker starts. */
export async function releaseWorkOfDeadOwner(prisma: PrismaClient, now: Date): Promise<ReleasedWork> {
  // The message may have reached the platform before the process died: sending it again is the
  // documented duplicate window, and better than silence.
  const messages = await prisma.$executeRaw`
    UPDATE "OutboxMessage" SET status = 'pending', "lockedAt" = NULL WHERE status = 'sending'`;
  // A postponed event is tried again too: a restart is when a passing failure has most likely passed.
  const events = await prisma.$executeRaw`
    UPDATE "InboxEvent" SET "availableAt" = ${now} WHERE "availableAt" > ${now}`;
  // A due check-in it had claimed runs now; its event id keeps it from being applied twice.
  const jobs = await prisma.$executeRaw`
    UPDATE "ScheduledJob" SET status = 'pending', "lockedAt" = NULL WHERE status = 'running'`;
  return { messages, events, jobs };
}
