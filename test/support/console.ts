// Runs the console chat as one bot "process" would: opens the data directory, chats through the
// typed lines (coach commands included), closes, and returns the transcript.

import { PassThrough, Readable } from "node:stream";
import type { Clock } from "../../src/clock.js";
import { CoachDesk } from "../../src/coach/desk.js";
import { CoachingEngine } from "../../src/engine/engine.js";
import { Inbox } from "../../src/engine/inbox.js";
import { adapterStore } from "../../src/interactions/index.js";
import { createClientMachine } from "../../src/machines/client.machine.js";
import { OutboxSender } from "../../src/outbox/sender.js";
import { consoleDeliverer, runConsoleChat } from "../../src/platforms/console/chat.js";
import { openDatabase } from "../../src/store/database.js";
import { catalog, silent } from "./harness.js";

export async function consoleChat(dataDir: string, lines: string[], opts: { clock: Clock; locale?: string }): Promise<string> {
  const db = await openDatabase({ kind: "pglite", dataDir });
  const output = new PassThrough();
  let transcript = "";
  output.on("data", (chunk: Buffer) => (transcript += chunk.toString()));
  const engine = new CoachingEngine({
    prisma: db.prisma,
    machine: createClientMachine(catalog, { locale: opts.locale ?? "default" }),
    catalog,
    clock: opts.clock,
    log: silent,
  });
  const sender = new OutboxSender({ prisma: db.prisma, catalog, clock: opts.clock, log: silent, deliverers: { console: consoleDeliverer(output) } });
  const desk = new CoachDesk({ prisma: db.prisma, engine, catalog, clock: opts.clock });
  const teams = { prisma: db.prisma, catalog, clock: opts.clock, log: silent, channels: {}, deliverOutbox: async () => void (await sender.deliverDue()) };
  const interactions = {
    prisma: db.prisma,
    engine,
    catalog,
    clock: opts.clock,
    log: silent,
    desk,
    teams,
    deliver: teams.deliverOutbox,
    store: adapterStore(db.prisma, catalog),
  };
  const inbox = new Inbox({
    prisma: db.prisma,
    statementsOnThisThread: db.kind === "pglite",
    engine,
    clock: opts.clock,
    log: silent,
    deliver: () => sender.deliverDue(),
  });
  await runConsoleChat({ sender, log: silent, interactions, inbox, input: Readable.from(lines.map((l) => `${l}\n`)), output, echo: true });
  await db.close();
  return transcript;
}
