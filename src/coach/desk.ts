// The coach's work about one client: the preparation view, booking the next session and running
// a session with the phase guide. Session steps become events for the client's machine; the
// guide text comes back to the coach through the outbox like any other message. Arguments come
// in structured (minutes as a number, the note as its text), already checked by the command
// registry (src/interactions/registry.ts).

import type { Clock } from "../clock.js";
import type { Catalog } from "../domain/catalog.js";
import { describeLocal, localDateTime } from "../domain/schedule.js";
import { fillTemplate } from "../domain/script.js";
import type { CoachingEngine } from "../engine/engine.js";
import type { ClientEvent } from "../machines/client.machine.js";
import type { PrismaClient } from "../store/database.js";
import { addJobs } from "../store/jobs.js";
import { preparationView } from "./preparation.js";

/** One step of a running session, as the machine takes it. */
export type SessionStep =
  | { step: "start"; minutes: number }
  | { step: "next" }
  | { step: "note"; text: string }
  | { step: "goal"; text: string }
  | { step: "share"; text: string }
  | { step: "end" }
  | { step: "send" };

export interface CoachCommand {
  /** Unique per delivery, so a redelivered command takes effect once. */
  eventId: string;
  clientId: string;
  /** The words after "/coach", e.g. ["session", "start", "45"]. */
  words: string[];
}

export const SESSION_MINUTES = { min: 10, max: 180, default: 30 } as const;

export class CoachDesk {
  constructor(private readonly deps: { prisma: PrismaClient; engine: CoachingEngine; catalog: Catalog; clock: Clock }) {}

  prep(clientId: string): Promise<string> {
    return preparationView(this.deps.prisma, this.deps.catalog, clientId);
  }

  /** Books the next session at a local time of the coach's; the client is reminded a day before. */
  async schedule(clientId: string, when: string): Promise<string> {
    const d = this.deps.catalog.session.desk;
    const client = await this.deps.prisma.client.findUniqueOrThrow({ where: { id: clientId }, include: { coach: true } });
    const zone = client.coach?.timezone ?? client.timezone;
    const sessionAt = localDateTime(when, zone);
    const now = this.deps.clock.now();
    if (!sessionAt || sessionAt <= now) return d.badSchedule;
    const dueAt = new Date(Math.max(now.getTime(), sessionAt.getTime() - 86_400_000));
    await addJobs(this.deps.prisma, [{ kind: "session_reminder", clientId, period: sessionAt.toISOString(), dueAt }]);
    return fillTemplate(d.scheduled, { name: client.name ?? "your client", when: describeLocal(sessionAt, zone), zone });
  }

  /** Sends one session step to the client's machine; what it says arrives through the outbox. */
  async session(clientId: string, eventId: string, step: SessionStep): Promise<void> {
    const event = (at: string): ClientEvent => {
      switch (step.step) {
        case "start":
          return { type: "SESSION_START", at, lengthMinutes: step.minutes };
        case "next":
          return { type: "SESSION_NEXT", at };
        case "note":
          return { type: "SESSION_NOTE", at, text: step.text };
        case "goal":
          return { type: "SESSION_GOAL", at, text: step.text };
        case "share":
          return { type: "SESSION_SHARE", at, text: step.text };
        case "end":
          return { type: "SESSION_END", at };
        case "send":
          return { type: "SESSION_SEND", at };
      }
    };
    await this.deps.engine.dispatch(clientId, eventId, event);
  }

  /**
   * The console-style word form ("session start 45", "note walk after lunch"), kept for the
   * desk's own tests; platforms go through the command registry instead.
   */
  async run({ eventId, clientId, words }: CoachCommand): Promise<string[]> {
    const d = this.deps.catalog.session.desk;
    const [first = "help", second = "", ...rest] = words.map((w, i) => (i < 2 ? w.toLowerCase() : w));
    const text = words.slice(1).join(" ").trim();
    const step = async (s: SessionStep) => {
      await this.session(clientId, eventId, s);
      return [];
    };
    switch (first) {
      case "help":
        return [d.help];
      case "prep":
        return [await this.prep(clientId)];
      case "session": {
        if (second !== "start") return [fillTemplate(d.unknown, { command: words.join(" ") })];
        const minutes = rest[0] === undefined ? SESSION_MINUTES.default : Number(rest[0]);
        if (!Number.isInteger(minutes) || minutes < SESSION_MINUTES.min || minutes > SESSION_MINUTES.max) return [d.badLength];
        return step({ step: "start", minutes });
      }
      case "schedule":
        return [await this.schedule(clientId, words.slice(1).join(" "))];
      case "next":
        return step({ step: "next" });
      case "end":
      case "send":
        return step({ step: first });
      case "note":
      case "goal":
      case "share":
        if (!text) return [fillTemplate(d.needsText, { command: first })];
        return step({ step: first, text });
      default:
        return [fillTemplate(d.unknown, { command: first })];
    }
  }
}
