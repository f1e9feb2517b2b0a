// Shared wiring for tests: a real engine on a real database, only time injected.
import { fixedClock } from "../../src/clock.js";
import { CoachDesk } from "../../src/coach/desk.js";
import { CoachingEngine } from "../../src/engine/engine.js";
import { type Inbound, type InboundKind, parseTypedText } from "../../src/engine/inbound.js";
import { Inbox, type InboxDeps } from "../../src/engine/inbox.js";
import { loadCatalog } from "../../src/flows/loader.js";
import { adapterStore, type InteractionDeps } from "../../src/interactions/index.js";
import { createLogger } from "../../src/log.js";
import { createClientMachine } from "../../src/machines/client.machine.js";
import { OutboxSender, type OutgoingMessage } from "../../src/outbox/sender.js";
import { type Database, openDatabase } from "../../src/store/database.js";
import { FULL_ONBOARDING } from "./scripts.js";

export const catalog = loadCatalog();
export const silent = createLogger("silent");

export interface Harness {
  db: Database;
  clock: ReturnType<typeof fixedClock>;
  engine: CoachingEngine;
  sender: OutboxSender;
  /** Messages "delivered" to the console stand-in, in order. */
  delivered: OutgoingMessage[];
  send(userId: string, kind: InboundKind, eventId?: string): ReturnType<CoachingEngine["handle"]>;
  /** Sends and delivers; returns the texts of the prompts that went out to this user. */
  say(userId: string, text: string): Promise<string[]>;
}

let counter = 0;

export async function createHarness(db?: Database): Promise<Harness> {
  const database = db ?? (await openDatabase({ kind: "pglite", dataDir: "memory" }));
  const clock = fixedClock("2026-11-24T09:00:00Z");
  const engine = new CoachingEngine({ prisma: database.prisma, machine: createClientMachine(catalog), catalog, clock, log: silent });
  const delivered: OutgoingMessage[] = [];
  const sender = new OutboxSender({
    prisma: database.prisma,
    catalog,
    clock,
    log: silent,
    deliverers: {
      console: {
        deliver: async (m) => {
          delivered.push(m);
          return {};
        },
      },
    },
  });
  const send = (userId: string, kind: InboundKind, eventId = `test-${process.pid}-${++counter}`) =>
    engine.handle({ ...kind, eventId, tenant: { platform: "console", externalId: "local", name: "Console" }, user: { platformUserId: userId } } as Inbound);
  const say = async (userId: string, text: string) => {
    const before = delivered.length;
    const kind = parseTypedText(text);
    await send(userId, kind);
    await sender.deliverDue();
    return delivered
      .slice(before)
      .filter((m) => m.recipient === userId)
      .flatMap((m) => m.prompts.map((p) => p.text));
  };
  return { db: database, clock, engine, sender, delivered, send, say };
}

/** The command registry's dependencies over a harness, wired as the bot's composition root does. */
export function interactionDeps(h: Harness): InteractionDeps {
  const deliver = async () => void (await h.sender.deliverDue());
  return {
    prisma: h.db.prisma,
    engine: h.engine,
    catalog,
    clock: h.clock,
    log: silent,
    desk: new CoachDesk({ prisma: h.db.prisma, engine: h.engine, catalog, clock: h.clock }),
    teams: { prisma: h.db.prisma, catalog, clock: h.clock, log: silent, channels: {}, deliverOutbox: deliver },
    deliver,
    store: adapterStore(h.db.prisma, catalog),
  };
}

/** Onboards `userId` fully: exercise in preparation, the assessment, and a first goal. */
export async function onboard(h: Harness, userId: string, name = "Sam"): Promise<string[]> {
  await h.send(userId, { kind: "start" });
  const replies: string[] = [];
  for (const answer of [name, ...FULL_ONBOARDING.slice(1)]) replies.push(...(await h.say(userId, answer)));
  return replies;
}

/** An inbox on the harness's database and engine, as the bot builds one; delivery does nothing unless `deliver` is given. */
export function harnessInbox(h: Harness, options: Partial<InboxDeps> = {}): Inbox {
  return new Inbox({
    prisma: h.db.prisma,
    statementsOnThisThread: h.db.kind === "pglite",
    engine: h.engine,
    clock: h.clock,
    log: silent,
    deliver: async () => {},
    ...options,
  });
}
