// The console chat: one local client talking to the bot on stdin/stdout. Works with piped
// (non-TTY) input so it can be scripted, and returns on end of input.
import { randomUUID } from "node:crypto";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { parseTypedText, type InboundTenant } from "../../engine/inbound.js";
import type { CoachingEngine } from "../../engine/engine.js";
import type { Logger } from "../../log.js";
import type { PrismaClient } from "../../store/database.js";
import type { Deliverer, OutboxSender } from "../../outbox/sender.js";
import { renderPrompt } from "./render.js";

export const CONSOLE_TENANT: InboundTenant = { platform: "console", externalId: "local", name: "Console" };
const CONSOLE_USER = { platformUserId: "local-user" };
const CONSOLE_COACH = { platformUserId: "local-coach", name: "Console coach" };

/**
 * The console has one client and one coach (whoever runs it), so coach alerts such as a crisis
 * alert show up in the same terminal, marked as such, instead of going nowhere.
 */
export async function prepareConsoleTenant(prisma: PrismaClient): Promise<void> {
  const tenant = await prisma.tenant.upsert({
    where: { platform_externalId: { platform: CONSOLE_TENANT.platform, externalId: CONSOLE_TENANT.externalId } },
    create: CONSOLE_TENANT,
    update: {},
  });
  await prisma.coach.upsert({
    where: { tenantId_platformUserId: { tenantId: tenant.id, platformUserId: CONSOLE_COACH.platformUserId } },
    create: { tenantId: tenant.id, ...CONSOLE_COACH },
    update: {},
  });
}

export function consoleDeliverer(output: Writable): Deliverer {
  return {
    async deliver(message) {
      const speaker = message.recipient === CONSOLE_COACH.platformUserId ? "to your coach>" : "coach>";
      const indent = " ".repeat(speaker.length + 1);
      for (const prompt of message.prompts) output.write(`\n${speaker} ${renderPrompt(prompt).replace(/\n/g, `\n${indent}`)}\n`);
      return {};
    },
  };
}

export interface ConsoleChatDeps {
  engine: CoachingEngine;
  sender: OutboxSender;
  log: Logger;
  input: Readable;
  output: Writable;
  /** Echo typed lines, so a piped session still reads as a transcript. */
  echo: boolean;
  prisma: PrismaClient;
}

export async function runConsoleChat({ engine, sender, log, input, output, echo, prisma }: ConsoleChatDeps): Promise<void> {
  await prepareConsoleTenant(prisma);
  // Event ids must be unique across runs on the same data directory.
  const run = randomUUID();
  let line = 0;
  const handle = async (kind: Parameters<typeof parseTypedText>[0] | null) => {
    const parsed = kind === null ? { kind: "start" as const } : parseTypedText(kind);
    try {
      await engine.handle({ ...parsed, eventId: `console:${run}:${line++}`, tenant: CONSOLE_TENANT, user: CONSOLE_USER });
    } catch (error) {
      // Never let one bad turn end the chat; what was already answered is in the database.
      log.error("could not handle console input", { error });
      output.write("\ncoach> Sorry, something went wrong on my side. Please try that again.\n");
    }
    await sender.deliverDue();
  };

  await handle(null);
  const reader = createInterface({ input, terminal: false });
  for await (const typed of reader) {
    if (typed.trim() === "") continue;
    if (echo) output.write(`\nyou> ${typed}\n`);
    await handle(typed);
  }
  output.write("\n(end of input: goodbye for now)\n");
}
