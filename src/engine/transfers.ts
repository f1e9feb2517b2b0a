// Moving a client to another coach (issue 11, finding 4). A coach who enrolls someone already
// talking with the bot only asks: the client is asked (buttons, or yes/no in words) and their
// current coach is told, and can hand them over with /coach release. Until one of them agrees,
// the client's coach stays as it was, so the asking coach sees nothing of them (every coach
// view is filtered by Client.coachId). On a move or a refusal everyone concerned is told.
import type { Catalog } from "../domain/catalog.js";
import type { Prompt } from "../domain/prompt.js";
import { fillTemplate } from "../domain/script.js";
import type { Logger } from "../log.js";
import type { Prisma, PrismaClient } from "../store/database.js";

export interface TransferDeps {
  prisma: PrismaClient;
  catalog: Catalog;
  log: Logger;
}

interface Person {
  id: string;
  name: string;
  platformUserId: string;
}

/** The question's prompt id names the asking coach, so a press on an old question is recognised. */
const PROMPT_PREFIX = "transfer:";

type Tx = Prisma.TransactionClient;

async function note(tx: Tx | PrismaClient, row: { tenantId: string; clientId: string; recipient: string; dedupeKey: string; prompt: Prompt; at: Date }) {
  await tx.outboxMessage.createMany({
    data: [
      {
        tenantId: row.tenantId,
        clientId: row.clientId,
        recipient: row.recipient,
        kind: "coach_note",
        dedupeKey: row.dedupeKey,
        payload: { prompts: [row.prompt] } as unknown as Prisma.InputJsonValue,
        availableAt: row.at,
      },
    ],
    skipDuplicates: true,
  });
}
const info = (id: string, text: string): Prompt => ({ id, text, input: { kind: "none" } });

function question(catalog: Catalog, newCoach: Person, oldCoach: Person | null): Prompt {
  const e = catalog.messages.enrolment;
  const text = oldCoach
    ? fillTemplate(e.transferQuestion, { newCoach: newCoach.name, oldCoach: oldCoach.name })
    : fillTemplate(e.transferQuestionNoCoach, { newCoach: newCoach.name });
  return {
    id: `${PROMPT_PREFIX}${newCoach.id}`,
    text,
    input: {
      kind: "choice",
      options: [
        { value: "yes", label: e.transferYes, means: { replies: ["yes"] } },
        { value: "no", label: e.transferNo, means: { replies: ["no"] } },
      ],
    },
  };
}

export type TransferRequest = "asked" | "alreadyAsked" | "otherPending";

/** Records `newCoach`'s request for the client, asks the client and tells their current coach. */
export async function requestTransfer(deps: TransferDeps, clientId: string, newCoach: Person, eventId: string, at: Date): Promise<TransferRequest> {
  return deps.prisma.$transaction(async (tx) => {
    // One request at a time: a second coach waits until the first is settled.
    const { count } = await tx.client.updateMany({
      where: { id: clientId, transferCoachId: null },
      data: { transferCoachId: newCoach.id, transferAskedAt: at },
    });
    const client = await tx.client.findUniqueOrThrow({ where: { id: clientId }, include: { coach: true } });
    if (count === 0) return client.transferCoachId === newCoach.id ? "alreadyAsked" : "otherPending";
    const base = { tenantId: client.tenantId, clientId, at };
    await note(tx, { ...base, recipient: client.platformUserId, dedupeKey: `transfer-ask:${eventId}`, prompt: question(deps.catalog, newCoach, client.coach) });
    if (client.coach) {
      const text = fillTemplate(deps.catalog.messages.enrolment.transferAskedOldCoach, {
        newCoach: newCoach.name,
        client: client.name ?? client.platformUserId,
      });
      await note(tx, { ...base, recipient: client.coach.platformUserId, dedupeKey: `transfer-ask-coach:${eventId}`, prompt: info("transfer-asked", text) });
    }
    deps.log.info("a coach asked to take over a client; the client and their coach are asked", {
      clientId,
      newCoachId: newCoach.id,
      currentCoachId: client.coachId,
    });
    return "asked";
  });
}

/**
 * If `message` answers a pending transfer question (its button, or yes/no typed while one is
 * pending), settles it and returns the number of messages queued; otherwise null and the
 * message goes on to the client's machine.
 */
export async function answerTransfer(
  deps: TransferDeps,
  client: { id: string; tenantId: string; platformUserId: string; transferCoachId: string | null },
  message: { text: string; promptId?: string },
  eventId: string,
  at: Date,
): Promise<number | null> {
  const pressed = message.promptId?.startsWith(PROMPT_PREFIX) ? message.promptId.slice(PROMPT_PREFIX.length) : null;
  if (!pressed && (!client.transferCoachId || message.promptId)) return null;
  const e = deps.catalog.messages.enrolment;
  const answer = yesOrNo(message.text, e.transferYes, e.transferNo);
  if (!pressed && answer === null) return null;
  const coachId = pressed ?? client.transferCoachId!;
  if (pressed && pressed !== client.transferCoachId) {
    await note(deps.prisma, {
      tenantId: client.tenantId,
      clientId: client.id,
      recipient: client.platformUserId,
      dedupeKey: `transfer-answer:${eventId}:client`,
      prompt: info("transfer-stale", e.transferStale),
      at,
    });
    return 1;
  }
  if (answer === "yes") return (await moveClient(deps, client.id, coachId, "consent", eventId, at)) ?? 0;
  return declineTransfer(deps, client.id, coachId, eventId, at);
}

/**
 * A button's value, its label, or a short reply in words. Numbers are not read: a client with a
 * transfer pending may be answering a scale question of their conversation.
 */
function yesOrNo(text: string, yesLabel: string, noLabel: string): "yes" | "no" | null {
  const said = text.trim().toLowerCase();
  if (said.length > 40) return null;
  if (said === yesLabel.toLowerCase() || /^(yes|yeah|yep|sure|ok|okay)\b/.test(said)) return "yes";
  if (said === noLabel.toLowerCase() || /^(no|nope|nah)\b/.test(said)) return "no";
  return null;
}

/** The current coach hands the client over to the coach who asked. Null when nobody asked. */
export async function releaseClient(deps: TransferDeps, clientId: string, eventId: string, at: Date): Promise<{ to: string } | null> {
  const client = await deps.prisma.client.findUnique({ where: { id: clientId }, include: { transferCoach: true } });
  if (!client?.transferCoach) return null;
  const moved = await moveClient(deps, clientId, client.transferCoach.id, "release", eventId, at);
  return moved === null ? null : { to: client.transferCoach.name };
}

/** The move itself, once, whoever agreed first: the client's coach changes and all three are told. */
async function moveClient(
  deps: TransferDeps,
  clientId: string,
  newCoachId: string,
  how: "consent" | "release",
  eventId: string,
  at: Date,
): Promise<number | null> {
  const e = deps.catalog.messages.enrolment;
  return deps.prisma.$transaction(async (tx) => {
    const client = await tx.client.findUniqueOrThrow({ where: { id: clientId }, include: { coach: true, transferCoach: true } });
    const { count } = await tx.client.updateMany({
      where: { id: clientId, transferCoachId: newCoachId },
      data: { coachId: newCoachId, transferCoachId: null, transferAskedAt: null },
    });
    if (count === 0 || !client.transferCoach) return null;
    const [oldCoach, newCoach] = [client.coach, client.transferCoach];
    const names = { client: client.name ?? client.platformUserId, newCoach: newCoach.name, oldCoach: oldCoach?.name ?? "" };
    const base = { tenantId: client.tenantId, clientId, at };
    const toClient =
      how === "release"
        ? fillTemplate(e.transferReleasedClient, names)
        : [fillTemplate(e.transferMovedClient, names), oldCoach ? fillTemplate(e.transferOldCoachTold, names) : ""].filter(Boolean).join(" ");
    await note(tx, { ...base, recipient: client.platformUserId, dedupeKey: `transfer-answer:${eventId}:client`, prompt: info("transfer-moved", toClient) });
    await note(tx, {
      ...base,
      recipient: newCoach.platformUserId,
      dedupeKey: `transfer-answer:${eventId}:new`,
      prompt: info("transfer-moved", fillTemplate(e.transferMovedNewCoach, names)),
    });
    // On a release the old coach is answered by their own command.
    if (oldCoach && how === "consent") {
      await note(tx, {
        ...base,
        recipient: oldCoach.platformUserId,
        dedupeKey: `transfer-answer:${eventId}:old`,
        prompt: info("transfer-moved", fillTemplate(e.transferMovedOldCoach, names)),
      });
    }
    deps.log.info("a client moved to another coach", { clientId, from: oldCoach?.id ?? null, to: newCoach.id, how });
    return oldCoach && how === "consent" ? 3 : 2;
  });
}

async function declineTransfer(deps: TransferDeps, clientId: string, coachId: string, eventId: string, at: Date): Promise<number> {
  const e = deps.catalog.messages.enrolment;
  return deps.prisma.$transaction(async (tx) => {
    const client = await tx.client.findUniqueOrThrow({ where: { id: clientId }, include: { coach: true, transferCoach: true } });
    const { count } = await tx.client.updateMany({ where: { id: clientId, transferCoachId: coachId }, data: { transferCoachId: null, transferAskedAt: null } });
    const base = { tenantId: client.tenantId, clientId, at };
    if (count === 0 || !client.transferCoach) {
      await note(tx, {
        ...base,
        recipient: client.platformUserId,
        dedupeKey: `transfer-answer:${eventId}:client`,
        prompt: info("transfer-stale", e.transferStale),
      });
      return 1;
    }
    const names = { client: client.name ?? client.platformUserId, newCoach: client.transferCoach.name, oldCoach: client.coach?.name ?? "" };
    await note(tx, {
      ...base,
      recipient: client.platformUserId,
      dedupeKey: `transfer-answer:${eventId}:client`,
      prompt: info("transfer-declined", e.transferDeclinedClient),
    });
    await note(tx, {
      ...base,
      recipient: client.transferCoach.platformUserId,
      dedupeKey: `transfer-answer:${eventId}:new`,
      prompt: info("transfer-declined", fillTemplate(e.transferDeclinedNewCoach, names)),
    });
    if (client.coach) {
      await note(tx, {
        ...base,
        recipient: client.coach.platformUserId,
        dedupeKey: `transfer-answer:${eventId}:old`,
        prompt: info("transfer-declined", fillTemplate(e.transferDeclinedOldCoach, names)),
      });
    }
    deps.log.info("a client chose to stay with their coach", { clientId, askedBy: coachId });
    return client.coach ? 3 : 2;
  });
}
