// hydrate actor -> send event -> persist: the one path every inbound event takes.
// The snapshot write is guarded by a version column, so concurrent events for one client are
// serialised by retrying; the inbound event id is recorded in the same transaction, so a
// redelivered event takes effect once.
import { initialTransition, type SnapshotFrom, transition } from "xstate";
import type { Clock } from "../clock.js";
import type { Catalog } from "../domain/catalog.js";
import { isValidTimezone } from "../domain/schedule.js";
import { fillTemplate } from "../domain/script.js";
import type { Logger } from "../log.js";
import { CLIENT_MACHINE_VERSION, type ClientEvent, type ClientMachine } from "../machines/client.machine.js";
import { type ClientEffect, EFFECT_TYPES, effect } from "../machines/effects.js";
import { outdatedConversation, type PersistedClientSnapshot, persistSnapshot, restoreSnapshot } from "../machines/snapshot.js";
import type { Prisma, PrismaClient } from "../store/database.js";
import { isTransientDatabaseError, isUniqueViolation } from "../store/database-errors.js";
import { writeEffects } from "../store/records.js";
import { answerStranger, type EnrolmentSettings, enrolmentIsOpen, INVITATION_ONLY, tellCoachOfOpenEnrolment } from "./enrolment.js";
import type { Inbound } from "./inbound.js";
import { answerTransfer } from "./transfers.js";

export interface HandleResult {
  /** "declined": the sender is not a client and enrolment is by invitation (src/engine/enrolment.ts). */
  status: "applied" | "duplicate" | "declined" | "missing" | "failed";
  clientId: string | null;
  messagesQueued: number;
  /** Where the client's program stands after the event, so the scheduler can record what became of a job. */
  after?: { conversation: string | null; queued: string[]; held: boolean };
  /** Why a `dispatchMany` event "failed". */
  error?: unknown;
}

export interface EngineDeps {
  prisma: PrismaClient;
  machine: ClientMachine;
  catalog: Catalog;
  clock: Clock;
  log: Logger;
  maxAttempts?: number;
  /** Who becomes a client by writing; unset: by invitation only (the console always welcomes its one client). */
  enrolment?: EnrolmentSettings;
}

const CLIENT_INCLUDE = { actorSnapshot: true, coach: { select: { platformUserId: true } } } as const;
type LoadedClient = Prisma.ClientGetPayload<{ include: typeof CLIENT_INCLUDE }>;

/** Longest typed message taken as an answer; longer ones are declined with a kind reply, never stored. */
export const MAX_TYPED_LENGTH = 2000;

class Retry extends Error {}
class Duplicate extends Error {}

export class CoachingEngine {
  private readonly maxAttempts: number;

  constructor(private readonly deps: EngineDeps) {
    this.maxAttempts = deps.maxAttempts ?? 20;
  }

  /** An event from the client themself, on a chat platform or the console. */
  handle(inbound: Inbound): Promise<HandleResult> {
    return this.withRetries(inbound.eventId, async () => {
      const at = this.deps.clock.now();
      const client = await this.findOrEnrollClient(inbound, at);
      if (!client) return this.declineStranger(inbound, at);
      // The answer to "would you like to move to another coach?" is not the machine's to read.
      const transfer = inbound.kind === "message" ? await answerTransfer(this.deps, client, inbound, inbound.eventId, at) : null;
      if (transfer !== null) return { status: "applied", clientId: client.id, messagesQueued: transfer };
      if (inbound.kind === "message" && inbound.text.length > MAX_TYPED_LENGTH) return this.declineTooLong(client, inbound.eventId, inbound.text.length, at);
      return this.apply(client, inbound.eventId, toMachineEvent(inbound, at.toISOString()), at);
    });
  }

  private async declineStranger(inbound: Inbound, at: Date): Promise<HandleResult> {
    const queued = await answerStranger({ ...this.deps, settings: this.deps.enrolment ?? INVITATION_ONLY }, inbound, at);
    return { status: "declined", clientId: null, messagesQueued: queued };
  }

  /**
   * Checked here, once for every platform: the machine never sees the text, so the open question
   * stays open and earlier answers stay as they were. The event still counts as handled (a
   * redelivery gets no second reply).
   */
  private async declineTooLong(client: LoadedClient, eventId: string, length: number, at: Date): Promise<HandleResult> {
    this.deps.log.warn("typed message too long: not stored, the client was asked for a shorter one", {
      clientId: client.id,
      eventId,
      length,
      limit: MAX_TYPED_LENGTH,
    });
    const text = fillTemplate(this.deps.catalog.messages.answerTooLong, { limit: MAX_TYPED_LENGTH.toLocaleString("en") });
    const written = await this.inTransaction(async (tx) => {
      await tx.processedEvent.create({ data: { eventId, clientId: client.id } }).catch((error: unknown) => {
        throw isUniqueViolation(error) ? new Duplicate(client.id) : error;
      });
      const target = { eventId, tenantId: client.tenantId, clientId: client.id, recipient: client.platformUserId, coachRecipient: null, at };
      return writeEffects(tx, target, [effect("say", { prompts: [{ id: "answer-too-long", text, input: { kind: "none" } }] })]);
    });
    return { status: "applied", clientId: client.id, messagesQueued: written.messages };
  }

  /**
   * An event for a client chosen by someone else: their coach (a session), or the scheduler
   * (a check-in falling due). `build` receives the instant the event is applied at.
   */
  dispatch(clientId: string, eventId: string, build: (at: string) => ClientEvent): Promise<HandleResult> {
    return this.withRetries(eventId, async () => {
      const at = this.deps.clock.now();
      const client = await this.deps.prisma.client.findUniqueOrThrow({ where: { id: clientId }, include: CLIENT_INCLUDE });
      return this.apply(client, eventId, build(at.toISOString()), at);
    });
  }

  /**
   * Several scheduler events in one call, results in item order, each as dispatch gives it except
   * that nothing throws for one item: a deleted client gives "missing", a refused event "failed".
   * TEMP: a loop over dispatch until branch inbound's batched version (one read, one write) lands.
   */
  async dispatchMany(items: readonly { clientId: string; eventId: string; build: (at: string) => ClientEvent }[]): Promise<HandleResult[]> {
    const results: HandleResult[] = [];
    for (const item of items) {
      const exists = await this.deps.prisma.client.count({ where: { id: item.clientId } });
      if (exists === 0) {
        results.push({ status: "missing", clientId: item.clientId, messagesQueued: 0 });
        continue;
      }
      results.push(
        await this.dispatch(item.clientId, item.eventId, item.build).catch((error: unknown) => ({
          status: "failed" as const,
          clientId: item.clientId,
          messagesQueued: 0,
          error,
        })),
      );
    }
    return results;
  }

  private async withRetries(eventId: string, attempt: () => Promise<HandleResult>): Promise<HandleResult> {
    for (let tries = 1; ; tries++) {
      try {
        return await attempt();
      } catch (error) {
        if (error instanceof Duplicate) {
          this.deps.log.info("duplicate event ignored", { eventId });
          return { status: "duplicate", clientId: error.message, messagesQueued: 0 };
        }
        if (error instanceof Retry && tries < this.maxAttempts) {
          // Someone else wrote this client's snapshot first: back off a little and re-run on theirs.
          await sleep(Math.random() * 10 * tries);
          continue;
        }
        if (isTransientDatabaseError(error) && tries < TRANSIENT_ATTEMPTS) {
          // A dropped connection or a busy pool: the transaction rolled back (or, if its commit
          // got through, the retry finds the event id and reports a duplicate): once per event.
          this.deps.log.warn("database unavailable; retrying the event", { eventId, attempt: tries, error });
          await sleep(Math.min(2000, 50 * 2 ** (tries - 1)) * (0.5 + Math.random()));
          continue;
        }
        throw error;
      }
    }
  }

  private async apply(client: LoadedClient, eventId: string, event: ClientEvent, at: Date): Promise<HandleResult> {
    const { machine } = this.deps;
    let next: SnapshotFrom<ClientMachine>;
    let actions: { type: string; params?: unknown }[];
    if (client.actorSnapshot) {
      let current = restoreSnapshot(
        machine,
        this.deps.catalog,
        client.actorSnapshot.machineVersion,
        client.actorSnapshot.snapshot as unknown as PersistedClientSnapshot,
      );
      let closing: typeof actions = [];
      const outdated = outdatedConversation(this.deps.catalog, current);
      if (outdated) {
        this.deps.log.warn("flows changed under an open conversation: closing it kindly", {
          clientId: client.id,
          script: outdated.script,
          step: outdated.stepKey,
          eventId,
        });
        [current, closing] = transition(machine, current, { type: "CONVERSATION_OUTDATED", at: event.at });
      }
      [next, actions] = transition(machine, current, event);
      actions = [...closing, ...actions];
    } else {
      const [initial, initialActions] = initialTransition(machine, { at: at.toISOString() });
      // A newcomer's first message ("hi") is answered by the greeting, not taken as an answer.
      if (event.type === "MESSAGE" || event.type === "START") {
        [next, actions] = [initial, initialActions];
      } else {
        const [afterEvent, eventActions] = transition(machine, initial, event);
        [next, actions] = [afterEvent, [...initialActions, ...eventActions]];
      }
    }
    // XState reports a failing action or guard by returning an errored snapshot, not by throwing.
    if (next.status === "error") throw new Error(`client machine failed on ${event.type}: ${String((next as { error?: unknown }).error)}`);
    const effects = actions.filter((a): a is ClientEffect => (EFFECT_TYPES as readonly string[]).includes(a.type));
    const snapshotJson = persistSnapshot(next) as unknown as Prisma.InputJsonValue;

    const written = await this.inTransaction(async (tx) => {
      await tx.processedEvent.create({ data: { eventId, clientId: client.id } }).catch((error: unknown) => {
        throw isUniqueViolation(error) ? new Duplicate(client.id) : error;
      });
      if (client.actorSnapshot) {
        const { count } = await tx.actorSnapshot.updateMany({
          where: { clientId: client.id, version: client.actorSnapshot.version },
          data: { snapshot: snapshotJson, version: client.actorSnapshot.version + 1, machineVersion: CLIENT_MACHINE_VERSION },
        });
        if (count !== 1) throw new Retry();
      } else {
        await tx.actorSnapshot.create({ data: { clientId: client.id, snapshot: snapshotJson, version: 1, machineVersion: CLIENT_MACHINE_VERSION } });
      }
      return writeEffects(
        tx,
        {
          eventId,
          tenantId: client.tenantId,
          clientId: client.id,
          recipient: client.platformUserId,
          coachRecipient: client.coach?.platformUserId ?? null,
          at,
        },
        effects,
      );
    });
    if (written.unaddressedAlerts > 0) {
      this.deps.log.warn("coach alert not sent: the client has no coach; the flag is recorded for the digest", { clientId: client.id });
    }
    const after = {
      conversation: next.context.conversation?.script ?? null,
      queued: next.context.queued.map((q) => q.script),
      held: !next.matches({ safety: "clear" }),
    };
    return { status: "applied", clientId: client.id, messagesQueued: written.messages, after };
  }

  private async inTransaction<T>(work: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
    try {
      return await this.deps.prisma.$transaction(work, { maxWait: 15_000, timeout: 15_000 });
    } catch (error) {
      if (error instanceof Duplicate || error instanceof Retry) throw error;
      // A concurrent first event for the same client created the snapshot first.
      if (isUniqueViolation(error)) throw new Retry();
      throw error;
    }
  }

  /**
   * One read in the common case: the client with its snapshot. Newcomers are enrolled where
   * enrolment is open; elsewhere null (only a coach enrolls people there).
   */
  private async findOrEnrollClient(inbound: Inbound, at: Date): Promise<LoadedClient | null> {
    const { prisma } = this.deps;
    const where = { platformUserId: inbound.user.platformUserId, tenant: { platform: inbound.tenant.platform, externalId: inbound.tenant.externalId } };
    const include = CLIENT_INCLUDE;
    const existing = await prisma.client.findFirst({ where, include });
    // Hearing from someone proves they can be reached again.
    if (existing && !existing.reachable) await prisma.client.update({ where: { id: existing.id }, data: { reachable: true, unreachableReason: null } });
    if (existing) return existing;
    if (!enrolmentIsOpen(this.deps.enrolment ?? INVITATION_ONLY, inbound.tenant)) return null;
    try {
      const tenant = await prisma.tenant.upsert({
        where: { platform_externalId: { platform: inbound.tenant.platform, externalId: inbound.tenant.externalId } },
        create: inbound.tenant,
        update: {},
      });
      // Open enrolment: a newcomer is coached by the workspace's first coach, who is told.
      const coach = await prisma.coach.findFirst({
        where: { tenantId: tenant.id },
        orderBy: { createdAt: "asc" },
        select: { id: true, timezone: true, platformUserId: true },
      });
      // Check-ins go out in the client's own time zone: their platform profile's, else their coach's.
      const profile = await inbound.user.profile?.().catch(() => undefined);
      const timezone = [profile?.timezone, coach?.timezone].find((zone): zone is string => !!zone && isValidTimezone(zone)) ?? "UTC";
      const created = await prisma.client.create({
        data: {
          tenantId: tenant.id,
          coachId: coach?.id ?? null,
          platformUserId: inbound.user.platformUserId,
          name: inbound.user.displayName ?? null,
          timezone,
        },
        include,
      });
      if (coach && inbound.tenant.platform !== "console") await tellCoachOfOpenEnrolment(this.deps, created, coach, tenant.name, at);
      return created;
    } catch (error) {
      if (isUniqueViolation(error)) throw new Retry();
      throw error;
    }
  }
}

function toMachineEvent(inbound: Inbound, at: string): ClientEvent {
  switch (inbound.kind) {
    case "start":
      return { type: "START", at };
    case "message":
      return { type: "MESSAGE", at, text: inbound.text, ...(inbound.promptId ? { promptId: inbound.promptId } : {}) };
    case "command":
      return { type: "COMMAND", at, name: inbound.name, args: inbound.args };
  }
}

const TRANSIENT_ATTEMPTS = 8;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
