// The coach's commands about one client: the preparation view and running a session with the
// phase guide. Session commands become events for the client's machine; the guide text comes
// back to the coach through the outbox like any other message.
import type { Catalog } from "../domain/catalog.js";
import { fillTemplate } from "../domain/script.js";
import type { CoachingEngine } from "../engine/engine.js";
import type { ClientEvent } from "../machines/client.machine.js";
import type { Clock } from "../clock.js";
import { describeLocal, localDateTime } from "../domain/schedule.js";
import type { PrismaClient } from "../store/database.js";
import { addJobs } from "../store/jobs.js";
import { preparationView } from "./preparation.js";

export interface CoachCommand {
  /** Unique per delivery, so a redelivered command takes effect once. */
  eventId: string;
  clientId: string;
  /** The words after "/coach", e.g. ["session", "start", "45"]. */
  words: string[];
}

export class CoachDesk {
  constructor(
    private readonly deps: { prisma: PrismaClient; engine: CoachingEngine; catalog: Catalog; clock: Clock },
  ) {}

  /** Books the next session at a local time of the coach's; the client is reminded a day before. */
  private async schedule(clientId: string, when: string): Promise<string[]> {
    const d = this.deps.catalog.session.desk;
    const client = await this.deps.prisma.client.findUniqueOrThrow({ where: { id: clientId }, include: { coach: true } });
    const zone = client.coach?.timezone ?? client.timezone;
    const sessionAt = localDateTime(when, zone);
    const now = this.deps.clock.now();
    if (!sessionAt || sessionAt <= now) return [d.badSchedule];
    const dueAt = new Date(Math.max(now.getTime(), sessionAt.getTime() - 86_400_000));
    await addJobs(this.deps.prisma, [{ kind: "session_reminder", clientId, period: sessionAt.toISOString(), dueAt }]);
    return [fillTemplate(d.scheduled, { name: client.name ?? "your client", when: describeLocal(sessionAt, zone), zone })];
  }

  /** Returns replies for the coach right away; session guidance arrives through the outbox. */
  async run({ eventId, clientId, words }: CoachCommand): Promise<string[]> {
    const d = this.deps.catalog.session.desk;
    const [first = "help", second = "", ...rest] = words.map((w, i) => (i < 2 ? w.toLowerCase() : w));
    const text = words.slice(1).join(" ").trim();
    const send = async (build: (at: string) => ClientEvent) => {
      await this.deps.engine.dispatch(clientId, eventId, build);
      return [];
    };
    switch (first) {
      case "help":
        return [d.help];
      case "prep":
        return [await preparationView(this.deps.prisma, this.deps.catalog, clientId)];
      case "session": {
        if (second !== "start") return [fillTemplate(d.unknown, { command: words.join(" ") })];
        const minutes = rest[0] === undefined ? 30 : Number(rest[0]);
        if (!Number.isInteger(minutes) || minutes < 10 || minutes > 180) return [d.badLength];
        return send((at) => ({ type: "SESSION_START", at, lengthMinutes: minutes }));
      }
      case "schedule":
        return this.schedule(clientId, words.slice(1).join(" "));
      case "next":
        return send((at) => ({ type: "SESSION_NEXT", at }));
      case "end":
        return send((at) => ({ type: "SESSION_END", at }));
      case "note":
      case "goal":
        if (!text) return [fillTemplate(d.needsText, { command: first })];
        return send((at) => (first === "note" ? { type: "SESSION_NOTE", at, text } : { type: "SESSION_GOAL", at, text }));
      default:
        return [fillTemplate(d.unknown, { command: first })];
    }
  }
}

