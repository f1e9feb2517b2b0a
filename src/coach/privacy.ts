// A client's own data: everything we hold about them as one JSON document, and deleting it.
import type { PrismaClient } from "../store/database.js";

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
    },
  });
  // Flags and coach notes are the coach's working notes about the client; they are included
  // because they are data about the client, which the client is entitled to see.
  const flags = await prisma.flag.findMany({ where: { clientId }, orderBy: { raisedAt: "asc" } });
  return { exportedAt: new Date().toISOString(), client, flags };
}

/** Deletes the client and everything recorded about them (answers, goals, flags, messages). */
export async function deleteClientData(prisma: PrismaClient, clientId: string): Promise<void> {
  await prisma.$transaction(async (tx) => {
    await tx.outboxMessage.deleteMany({ where: { clientId } });
    await tx.processedEvent.deleteMany({ where: { clientId } });
    await tx.scheduledJob.deleteMany({ where: { clientId } });
    await tx.client.delete({ where: { id: clientId } });
  });
}
