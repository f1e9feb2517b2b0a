// Writes what the client machine decided, inside the engine's transaction.
import { isoWeek } from "../domain/calendar.js";
import { URGENT_ACK_WINDOW_MS } from "../domain/flags.js";
import { programJobs } from "../domain/schedule.js";
import type { Prisma } from "../generated/prisma/client.js";
import type { ClientEffect } from "../machines/effects.js";
import { addJobs } from "./jobs.js";

type Tx = Prisma.TransactionClient;

export interface EffectTarget {
  eventId: string;
  tenantId: string;
  clientId: string;
  recipient: string;
  /** The coach's platform user id, when the client has a coach. */
  coachRecipient: string | null;
  /** The client's coach (Coach.id) as the event was read: the coach who runs a session started now. */
  coachId: string | null;
  at: Date;
}

export interface WrittenEffects {
  messages: number;
  /** Coach alerts that had nobody to go to (the flag is still recorded). */
  unaddressedAlerts: number;
}

export async function writeEffects(tx: Tx, target: EffectTarget, effects: ClientEffect[]): Promise<WrittenEffects> {
  let messages = 0;
  let unaddressedAlerts = 0;
  const queue = (recipient: string, kind: string, payload: unknown) =>
    tx.outboxMessage.create({
      data: {
        tenantId: target.tenantId,
        clientId: target.clientId,
        recipient,
        kind,
        // One inbound event produces its messages once, however often it is redelivered.
        dedupeKey: `${target.eventId}#${messages++}`,
        payload: payload as Prisma.InputJsonValue,
        availableAt: target.at,
      },
    });
  for (const effect of effects) {
    switch (effect.type) {
      case "say":
        if (effect.params.prompts.length > 0) await queue(target.recipient, "prompt", { prompts: effect.params.prompts });
        break;
      case "notifyCoach":
        if (!target.coachRecipient) {
          unaddressedAlerts++;
          break;
        }
        await queue(target.coachRecipient, effect.params.urgent ? "coach_alert" : "coach_note", {
          prompts: [{ id: "coach-alert", text: effect.params.text, input: { kind: "none" } }],
        });
        break;
      case "raiseFlag": {
        const { kind, severity, detail, suggestedApproach, at, pausesArea } = effect.params;
        const notified = severity === "urgent" && target.coachRecipient ? new Date(at) : null;
        const flag = await tx.flag.create({
          data: {
            clientId: target.clientId,
            kind,
            severity,
            detail,
            suggestedApproach: suggestedApproach ?? null,
            raisedAt: new Date(at),
            coachNotifiedAt: notified,
            pausesArea: pausesArea ?? null,
          },
        });
        // An urgent flag nobody acknowledges within the hour is sent again, to the coach and the
        // fallback: a job row, so it survives restarts and (by its dedupe key) fires once.
        if (severity === "urgent") {
          await addJobs(tx, [{ kind: "flag_escalation", clientId: target.clientId, period: flag.id, dueAt: new Date(Date.parse(at) + URGENT_ACK_WINDOW_MS) }]);
        }
        break;
      }
      case "recordGoal": {
        const { key, setIn, ...goal } = effect.params;
        await tx.goal.upsert({
          where: { clientId_key: { clientId: target.clientId, key } },
          create: { clientId: target.clientId, key, setIn, ...goal },
          update: goal,
        });
        break;
      }
      case "recordSession": {
        const { key, lengthMinutes, phase, notes, startedAt, endedAt, summary } = effect.params;
        const data = { phase, notes, ...(endedAt ? { endedAt: new Date(endedAt) } : {}), ...(summary ? { summary } : {}) };
        await tx.coachingSession.upsert({
          where: { clientId_key: { clientId: target.clientId, key } },
          create: { clientId: target.clientId, coachId: target.coachId, key, lengthMinutes, startedAt: new Date(startedAt), ...data },
          update: data,
        });
        break;
      }
      case "recordAssessment":
        await tx.assessment.create({
          data: { clientId: target.clientId, answers: effect.params.answers as Prisma.InputJsonValue, takenAt: new Date(effect.params.at) },
        });
        break;
      case "recordProfile": {
        const { programStartAt, pausedUntil, ...profile } = effect.params;
        const updated = await tx.client.update({
          where: { id: target.clientId },
          data: {
            ...profile,
            ...(programStartAt ? { programStartAt: new Date(programStartAt) } : {}),
            ...(pausedUntil !== undefined ? { pausedUntil: pausedUntil ? new Date(pausedUntil) : null } : {}),
          },
        });
        // A (re)started program gets its check-ins, reviews and program review scheduled.
        if (programStartAt) await addJobs(tx, programJobs(updated, new Date(programStartAt)));
        break;
      }
      case "recordStageChange": {
        // The row holds exactly what the machine holds: its since-date and behavior start, not
        // dates worked out again here (a lapse keeps the stage and its since-date).
        const { domain, from, to, reason, at, since, criterionMetSince, by, coachId, importance, confidence } = effect.params;
        const record = { stage: to, stageSince: new Date(since), criterionMetSince: criterionMetSince ? new Date(criterionMetSince) : null };
        await tx.clientDomain.upsert({
          where: { clientId_domain: { clientId: target.clientId, domain } },
          create: { clientId: target.clientId, domain, ...record, importance, confidence },
          update: { ...record, importance, confidence },
        });
        await tx.stageTransition.create({
          data: { clientId: target.clientId, domain, fromStage: from, toStage: to, reason, occurredAt: new Date(at), changedBy: by, coachId: coachId ?? null },
        });
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
        // updateMany: a conversation set aside before its first answer has no row to close.
        await tx.conversation.updateMany({
          where: { clientId: target.clientId, key: effect.params.conversationKey },
          data: { status: effect.params.status ?? "closed", closedAt: new Date(effect.params.closedAt), summary: effect.params.summary },
        });
        break;
      default: {
        const unhandled: never = effect;
        throw new Error(`no writer for effect ${(unhandled as { type: string }).type}`);
      }
    }
  }
  return { messages, unaddressedAlerts };
}
