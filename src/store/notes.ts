// A short note to someone, queued in the outbox like every other message (persisted, retried,
// in order with what the machine sends them). `dedupeKey` makes a redelivered command queue it once.
import type { PrismaClient } from "./database.js";

export async function queueNote(
  prisma: PrismaClient,
  note: { tenantId: string; clientId: string | null; recipient: string; dedupeKey: string; text: string; at: Date },
): Promise<void> {
  await prisma.outboxMessage.createMany({
    data: [
      {
        tenantId: note.tenantId,
        clientId: note.clientId,
        recipient: note.recipient,
        kind: "coach_note",
        dedupeKey: note.dedupeKey,
        payload: { prompts: [{ id: note.dedupeKey.split(":")[0]!, text: note.text, input: { kind: "none" } }] },
        availableAt: note.at,
      },
    ],
    skipDuplicates: true,
  });
}

/** Ties notes queued before a person became a client to their new client record (deleted with it). */
export async function attachNotes(prisma: PrismaClient, tenantId: string, recipient: string, clientId: string): Promise<void> {
  await prisma.outboxMessage.updateMany({ where: { tenantId, recipient, clientId: null, kind: "coach_note", status: "pending" }, data: { clientId } });
}
