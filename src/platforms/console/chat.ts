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
/** Lines meant for the coach (alerts, the session guide) are marked so they are not mistaken for the client's. */
const COACH_SPEAKER = "[for the coach]";

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
      const speaker = message.recipient === CONSOLE_COACH.platformUserId ? COACH_SPEAKER : "coach>";
      const indent = " ".repeat(speaker.length + 1);
      for (const prompt of message.prompts) output.write(`\n${speaker} ${renderPrompt(prompt).replace(/\n/g, `\n${indent}`)}\n`);
      // A terminal cannot show images; say what was attached and how to get it as a file.
      for (const file of message.attachments ?? []) output.write(`${indent}(attached: ${file.filename}; \`coach report\` saves charts as PNG files)\n`);
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
  /**
   * Runs a "/coach ..." line as the console's coach, about the console's client; returns the
   * replies to print. Injected by the composition root (coaching tools sit above adapters).
   */
  coachCommand?: (words: string[], eventId: string, client: { tenant: InboundTenant; platformUserId: string }) => Promise<string[]>;
}

export async function runConsoleChat({ engine, sender, log, input, output, echo, prisma, coachCommand }: ConsoleChatDeps): Promise<void> {
  await prepareConsoleTenant(prisma);
  // Event ids must be unique across runs on the same data directory.
  const run = randomUUID();
  let line = 0;
  const handle = async (typed: string | null) => {
    const parsed = typed === null ? { kind: "start" as const } : parseTypedText(typed);
    const eventId = `console:${run}:${line++}`;
    try {
      if (parsed.kind === "command" && parsed.name === "coach" && coachCommand) {
        const replies = await coachCommand(parsed.args, eventId, { tenant: CONSOLE_TENANT, platformUserId: CONSOLE_USER.platformUserId });
        for (const reply of replies) output.write(`\n${COACH_SPEAKER} ${reply.replace(/\n/g, `\n${" ".repeat(COACH_SPEAKER.length + 1)}`)}\n`);
      } else {
        await engine.handle({ ...parsed, eventId, tenant: CONSOLE_TENANT, user: CONSOLE_USER });
      }
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
