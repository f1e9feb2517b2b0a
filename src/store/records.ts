// Writes what the client machine decided, inside the engine's transaction.
import { isoWeek } from "../domain/calendar.js";
import type { ClientEffect } from "../machines/effects.js";
import type { Prisma } from "../generated/prisma/client.js";

type Tx = Prisma.TransactionClient;

export interface EffectTarget {
  eventId: string;
  tenantId: string;
  clientId: string;
  recipient: string;
  at: Date;
}

export async function writeEffects(tx: Tx, target: EffectTarget, effects: ClientEffect[]): Promise<number> {
  let messages = 0;
  for (const effect of effects) {
    switch (effect.type) {
      case "say":
        if (effect.params.prompts.length === 0) break;
        await tx.outboxMessage.create({
          data: {
            tenantId: target.tenantId,
            clientId: target.clientId,
            recipient: target.recipient,
            kind: "prompt",
            // One inbound event produces its messages once, however often it is redelivered.
            dedupeKey: `${target.eventId}#${messages}`,
            payload: { prompts: effect.params.prompts } as unknown as Prisma.InputJsonValue,
            availableAt: target.at,
          },
        });
        messages++;
        break;
      case "recordProfile":
        await tx.client.update({ where: { id: target.clientId }, data: effect.params });
        break;
      case "recordStageChange": {
        const { domain, from, to, reason, at, importance, confidence } = effect.params;
        const when = new Date(at);
        const metNow = to === "action" || to === "maintenance";
        await tx.clientDomain.upsert({
          where: { clientId_domain: { clientId: target.clientId, domain } },
          create: { clientId: target.clientId, domain, stage: to, stageSince: when, criterionMetSince: metNow ? when : null, importance, confidence },
          update: { stage: to, stageSince: when, ...(metNow ? {} : { criterionMetSince: null }), importance, confidence },
        });
        await tx.stageTransition.create({ data: { clientId: target.clientId, domain, fromStage: from, toStage: to, reason, occurredAt: when } });
        break;
      }
      case "recordAnswer": {
        const { conversationKey, script, openedAt, questionKey, value, at } = effect.params;
        const conversation = await tx.conversation.upsert({
          where: { clientId_key: { clientId: target.clientId, key: conversationKey } },
          create: { clientId: target.clientId, key: conversationKey, script, openedAt: new Date(openedAt), period: isoWeek(new Date(openedAt)) },
          update: {},
          select: { id: true },
        });
        await tx.answer.upsert({
          where: { conversationId_questionKey: { conversationId: conversation.id, questionKey } },
          create: { conversationId: conversation.id, questionKey, value, answeredAt: new Date(at) },
          update: { value, answeredAt: new Date(at) },
        });
        break;
      }
      case "closeConversation":
        await tx.conversation.update({
          where: { clientId_key: { clientId: target.clientId, key: effect.params.conversationKey } },
          data: { status: "closed", closedAt: new Date(effect.params.closedAt), summary: effect.params.summary },
        });
        break;
    }
  }
  return messages;
}
