// hydrate actor -> send event -> persist: the one path every inbound event takes. One read (the
// client, their snapshot and coach), the machine in JavaScript, one write statement
// (src/store/effects-sql.ts): no connection is held while the machine runs. The snapshot write is
// guarded by a version column, so concurrent events for one client are serialised by retrying;
// the inbound event id is recorded in the same statement, so a redelivered event takes effect once.
import type { SnapshotFrom } from "xstate";
import type { Clock } from "../clock.js";
import type { Catalog } from "../domain/catalog.js";
import { isValidTimezone } from "../domain/schedule.js";
import { fillTemplate } from "../domain/script.js";
import type { Logger } from "../log.js";
import { CLIENT_MACHINE_VERSION, type ClientEvent, type ClientMachine } from "../machines/client.machine.js";
import { type ClientEffect, EFFECT_TYPES, effect } from "../machines/effects.js";
import { initialTransition, transition } from "../machines/pure-transition.js";
import { outdatedConversation, type PersistedClientSnapshot, persistSnapshot, restoreSnapshot } from "../machines/snapshot.js";
import type { PrismaClient } from "../store/database.js";
import { isTransientDatabaseError, isUniqueViolation } from "../store/database-errors.js";
import {
  type ClientEventWrite,
  type LoadedClient,
  loadClientsById,
  loadClientsByPlatformUser,
  type PlatformUser,
  type WriteOutcome,
  writeClientEvents,
} from "../store/effects-sql.js";
import { type EffectTarget, planEffects } from "../store/records.js";
import { answerStranger, type EnrolmentSettings, enrolmentIsOpen, INVITATION_ONLY, tellCoachOfOpenEnrolment } from "./enrolment.js";
import { GroupCommit } from "./group-commit.js";
import type { Inbound } from "./inbound.js";
import { answerTransfer } from "./transfers.js";

export interface HandleResult {
  /**
   * "declined": the sender is not a client and enrolment is by invitation (src/engine/enrolment.ts).
   * "missing" (`dispatchMany` only): no client has that id (deleted meanwhile); nothing was written.
   * "failed" (`dispatchMany` only): the machine or the database refused the event; see `error`.
   */
  status: "applied" | "duplicate" | "declined" | "missing" | "failed";
  clientId: string | null;
  messagesQueued: number;
  /** Where the client's program stands after the event, so the scheduler can record what became of a job. */
  after?: { conversation: string | null; queued: string[]; held: boolean };
  /** The inbox row named in `handle`'s options was deleted with the event's write. */
  inboxEventRemoved?: boolean;
  /** Why a `dispatchMany` event "failed". */
  error?: unknown;
}

/** One event of `dispatchMany`: for whom, under which event id, and how to build it at the instant it is applied. */
export interface DispatchItem {
  clientId: string;
  eventId: string;
  build: (at: string) => ClientEvent;
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

/** What the machine decided for one event: what to write, and the result once it is written. */
interface Decision {
  write: ClientEventWrite;
  applied: HandleResult;
}

/** Longest typed message taken as an answer; longer ones are declined with a kind reply, never stored. */
export const MAX_TYPED_LENGTH = 2000;

class Retry extends Error {}

type Written = WriteOutcome | { failed: unknown };

export class CoachingEngine {
  private readonly maxAttempts: number;
  /** Reads of clients who wrote, made while others are under way, share the next statement. */
  private readonly clientReads: GroupCommit<PlatformUser, LoadedClient | null>;
  /** Writes made while others are under way share the next statement (one event per client at a time). */
  private readonly writes: GroupCommit<ClientEventWrite, Written>;

  constructor(private readonly deps: EngineDeps) {
    this.maxAttempts = deps.maxAttempts ?? 20;
    this.clientReads = new GroupCommit((people) => loadClientsByPlatformUser(deps.prisma, people));
    this.writes = new GroupCommit((writes) => this.commit(writes), { keyOf: (write) => write.clientId });
  }

  /**
   * An event from the client themself, on a chat platform or the console. `inboxEventId`: the
   * inbox row it came from, deleted by the same statement that applies it (`inboxEventRemoved`
   * in the result says so; otherwise the inbox deletes it itself).
   */
  handle(inbound: Inbound, options: { inboxEventId?: number } = {}): Promise<HandleResult> {
    return this.withRetries(inbound.eventId, async () => {
      const at = this.deps.clock.now();
      const client = await this.findOrEnrollClient(inbound, at);
      if (!client) return this.declineStranger(inbound, at);
      // The answer to "would you like to move to another coach?" is not the machine's to read.
      const transfer = inbound.kind === "message" ? await answerTransfer(this.deps, client, inbound, inbound.eventId, at) : null;
      if (transfer !== null) {
        await this.markReachable(client);
        return { status: "applied", clientId: client.id, messagesQueued: transfer };
      }
      const decision =
        inbound.kind === "message" && inbound.text.length > MAX_TYPED_LENGTH
          ? this.declineTooLong(client, inbound.eventId, inbound.text.length, at)
          : this.decide(client, inbound.eventId, toMachineEvent(inbound, at.toISOString()), at);
      if (options.inboxEventId !== undefined) decision.write.inboxEventId = options.inboxEventId;
      const outcome = await this.writes.submit(decision.write);
      if (outcome === "conflict") throw new Retry();
      if (outcome !== "applied" && outcome !== "duplicate") throw outcome.failed;
      const removed = options.inboxEventId !== undefined ? { inboxEventRemoved: true } : {};
      return { ...this.finish(decision, outcome), ...removed };
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
  private declineTooLong(client: LoadedClient, eventId: string, length: number, at: Date): Decision {
    this.deps.log.warn("typed message too long: not stored, the client was asked for a shorter one", {
      clientId: client.id,
      eventId,
      length,
      limit: MAX_TYPED_LENGTH,
    });
    const text = fillTemplate(this.deps.catalog.messages.answerTooLong, { limit: MAX_TYPED_LENGTH.toLocaleString("en") });
    const rows = planEffects(this.target(client, eventId, at), [effect("say", { prompts: [{ id: "answer-too-long", text, input: { kind: "none" } }] })]);
    return {
      write: { eventId, clientId: client.id, snapshot: null, markReachable: !client.reachable, rows },
      applied: { status: "applied", clientId: client.id, messagesQueued: rows.messages },
    };
  }

  /**
   * An event for a client chosen by someone else: their coach (a session), or the scheduler
   * (a check-in falling due). `build` receives the instant the event is applied at.
   */
  async dispatch(clientId: string, eventId: string, build: (at: string) => ClientEvent): Promise<HandleResult> {
    const [result] = await this.dispatchMany([{ clientId, eventId, build }]);
    if (result!.status === "missing") throw new Error(`no client ${clientId} for event ${eventId}`);
    if (result!.status === "failed") throw result!.error;
    return result!;
  }

  /**
   * `dispatch` for many events at once (the scheduler's batches): one read of every client, the
   * machine in JavaScript, one statement writing them all; events that met a concurrent write are
   * read again and retried, as `dispatch` does. Results in item order, each as `dispatch` would
   * give it, except that nothing throws for one item: a client that no longer exists gives
   * "missing", an event the machine or the database refuses gives "failed" with the error. A
   * client's events are applied in item order (one per client per statement). Throws only when
   * the database stays unavailable; events applied by then stay applied and a second call finds
   * them duplicates.
   */
  async dispatchMany(items: readonly DispatchItem[]): Promise<HandleResult[]> {
    const results: HandleResult[] = new Array(items.length);
    let pending = items.map((item, index) => ({ item, index, conflicts: 0 }));
    for (let transientTries = 1; pending.length > 0; ) {
      const round: typeof pending = [];
      const later: typeof pending = [];
      const clients = new Set<string>();
      for (const p of pending) {
        if (clients.has(p.item.clientId)) later.push(p);
        else {
          clients.add(p.item.clientId);
          round.push(p);
        }
      }
      let conflicted: typeof pending;
      try {
        conflicted = await this.dispatchRound(round, results);
      } catch (error) {
        if (!isTransientDatabaseError(error) || transientTries >= TRANSIENT_ATTEMPTS) throw error;
        this.deps.log.warn("database unavailable; retrying the events", { events: round.length, attempt: transientTries, error });
        await sleep(Math.min(2000, 50 * 2 ** (transientTries - 1)) * (0.5 + Math.random()));
        transientTries++;
        continue;
      }
      for (const p of conflicted) {
        p.conflicts++;
        if (p.conflicts >= this.maxAttempts)
          results[p.index] = failed(p.item.clientId, new Error(`event ${p.item.eventId}: the client's snapshot kept changing`));
      }
      pending = [...conflicted.filter((p) => results[p.index] === undefined), ...later].sort((a, b) => a.index - b.index);
      // Someone else wrote these clients' snapshots first: back off a little and re-run on theirs.
      const tries = Math.max(0, ...conflicted.map((p) => p.conflicts));
      if (tries > 0 && pending.length > 0) await sleep(Math.random() * 10 * tries);
    }
    return results;
  }

  /** One read, the machine for each event, one write. Returns the events to try again. */
  private async dispatchRound<T extends { item: DispatchItem; index: number }>(round: T[], results: HandleResult[]): Promise<T[]> {
    const at = this.deps.clock.now();
    const clients = await loadClientsById(this.deps.prisma, [...new Set(round.map((p) => p.item.clientId))]);
    const decided: { p: T; decision: Decision }[] = [];
    for (const p of round) {
      const client = clients.get(p.item.clientId);
      if (!client) {
        results[p.index] = { status: "missing", clientId: p.item.clientId, messagesQueued: 0 };
        continue;
      }
      try {
        decided.push({ p, decision: this.decide(client, p.item.eventId, p.item.build(at.toISOString()), at) });
      } catch (error) {
        this.deps.log.error("an event could not be applied", { clientId: client.id, eventId: p.item.eventId, error });
        results[p.index] = failed(client.id, error);
      }
    }
    const outcomes = await this.writes.submitAll(decided.map((d) => d.decision.write));
    const conflicted: T[] = [];
    decided.forEach(({ p, decision }, i) => {
      const outcome = outcomes[i]!;
      if (outcome === "conflict") conflicted.push(p);
      else if (outcome === "applied" || outcome === "duplicate") results[p.index] = this.finish(decision, outcome);
      else results[p.index] = failed(p.item.clientId, outcome.failed);
    });
    return conflicted;
  }

  private async withRetries(eventId: string, attempt: () => Promise<HandleResult>): Promise<HandleResult> {
    for (let tries = 1; ; tries++) {
      try {
        return await attempt();
      } catch (error) {
        if (error instanceof Retry && tries < this.maxAttempts) {
          // Someone else wrote this client's snapshot first: back off a little and re-run on theirs.
          await sleep(Math.random() * 10 * tries);
          continue;
        }
        if (isTransientDatabaseError(error) && tries < TRANSIENT_ATTEMPTS) {
          // A dropped connection or a busy pool: the statement rolled back (or, if its commit
          // got through, the retry finds the event id and reports a duplicate): once per event.
          this.deps.log.warn("database unavailable; retrying the event", { eventId, attempt: tries, error });
          await sleep(Math.min(2000, 50 * 2 ** (tries - 1)) * (0.5 + Math.random()));
          continue;
        }
        throw error;
      }
    }
  }

  /** The machine's answer to the event, and everything it writes: pure, no database. */
  private decide(client: LoadedClient, eventId: string, unzoned: ClientEvent, at: Date): Decision {
    const { machine } = this.deps;
    // The machine reads the client's days (a pause's last day) and country (helplines) from their zone.
    const event: ClientEvent = { ...unzoned, timezone: client.timezone };
    let next: SnapshotFrom<ClientMachine>;
    let actions: { type: string; params?: unknown }[];
    if (client.snapshot) {
      let current = restoreSnapshot(machine, this.deps.catalog, client.snapshot.machineVersion, client.snapshot.state as PersistedClientSnapshot);
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
    const rows = planEffects(this.target(client, eventId, at), effects);
    const after = {
      conversation: next.context.conversation?.script ?? null,
      queued: next.context.queued.map((q) => q.script),
      held: !next.matches({ safety: "clear" }),
    };
    return {
      write: {
        eventId,
        clientId: client.id,
        snapshot: { expectedVersion: client.snapshot?.version ?? null, state: persistSnapshot(next), machineVersion: CLIENT_MACHINE_VERSION },
        markReachable: !client.reachable,
        rows,
      },
      applied: { status: "applied", clientId: client.id, messagesQueued: rows.messages, after },
    };
  }

  private target(client: LoadedClient, eventId: string, at: Date): EffectTarget {
    return { eventId, tenantId: client.tenantId, client, recipient: client.platformUserId, coachRecipient: client.coachRecipient, coachId: client.coachId, at };
  }

  /**
   * Writes events with one statement. Should the statement fail as a whole for a reason other
   * than a passing database problem (a unique key, say), each is written alone, so that one
   * event's problem stays its own: a unique clash means someone wrote first (a conflict: read
   * again), anything else fails that event only.
   */
  private async commit(writes: readonly ClientEventWrite[]): Promise<Written[]> {
    const writeAlone = async (write: ClientEventWrite): Promise<Written> => {
      try {
        return (await writeClientEvents(this.deps.prisma, [write]))[0]!;
      } catch (error) {
        if (isTransientDatabaseError(error)) throw error;
        return isUniqueViolation(error) ? "conflict" : { failed: error };
      }
    };
    if (writes.length === 1) return [await writeAlone(writes[0]!)];
    try {
      return await writeClientEvents(this.deps.prisma, writes);
    } catch (error) {
      if (isTransientDatabaseError(error)) throw error;
      this.deps.log.warn("events written together failed as a whole; writing them one by one", { events: writes.length, error });
      const outcomes: Written[] = [];
      for (const write of writes) outcomes.push(await writeAlone(write));
      return outcomes;
    }
  }

  private finish(decision: Decision, outcome: "applied" | "duplicate"): HandleResult {
    const { eventId, clientId, rows } = decision.write;
    if (outcome === "duplicate") {
      this.deps.log.info("duplicate event ignored", { eventId });
      return { status: "duplicate", clientId, messagesQueued: 0 };
    }
    if (rows.unaddressedAlerts > 0) {
      this.deps.log.warn("coach alert not sent: the client has no coach; the flag is recorded for the digest", { clientId });
    }
    return decision.applied;
  }

  /** Hearing from someone proves they can be reached again (the machine's events do this in their own write). */
  private async markReachable(client: LoadedClient): Promise<void> {
    if (!client.reachable) await this.deps.prisma.client.update({ where: { id: client.id }, data: { reachable: true, unreachableReason: null } });
  }

  /**
   * One read in the common case: the client with their snapshot and coach. Newcomers are enrolled
   * where enrolment is open; elsewhere null (only a coach enrolls people there).
   */
  private async findOrEnrollClient(inbound: Inbound, at: Date): Promise<LoadedClient | null> {
    const { prisma } = this.deps;
    const existing = await this.clientReads.submit({ ...inbound.tenant, platformUserId: inbound.user.platformUserId });
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
          // The name their coach knows them by until they give theirs: never left empty when the platform knows one.
          name: inbound.user.displayName ?? profile?.displayName ?? null,
          timezone,
        },
      });
      if (coach && inbound.tenant.platform !== "console") await tellCoachOfOpenEnrolment(this.deps, created, coach, tenant.name, at);
      return { ...created, coachRecipient: coach?.platformUserId ?? null, snapshot: null };
    } catch (error) {
      if (isUniqueViolation(error)) throw new Retry();
      throw error;
    }
  }
}

function failed(clientId: string, error: unknown): HandleResult {
  return { status: "failed", clientId, messagesQueued: 0, error };
}

function toMachineEvent(inbound: Inbound, at: string): ClientEvent {
  switch (inbound.kind) {
    case "start":
      return { type: "START", at };
    case "message":
      return {
        type: "MESSAGE",
        at,
        text: inbound.text,
        ...(inbound.promptId ? { promptId: inbound.promptId } : {}),
        from: {
          platform: inbound.tenant.platform,
          platformUserId: inbound.user.platformUserId,
          ...(inbound.user.displayName ? { displayName: inbound.user.displayName } : {}),
        },
      };
    case "command":
      return { type: "COMMAND", at, name: inbound.name, args: inbound.args };
  }
}

const TRANSIENT_ATTEMPTS = 8;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
