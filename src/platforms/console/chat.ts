// The console chat: one local client talking to the bot, and its coach typing "/coach ..."
// lines, in one terminal. Works with piped (non-TTY) input so it can be scripted, shows a
// `you>` prompt in a terminal, and returns on end of input.
import { randomUUID } from "node:crypto";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { type InboundKind, type InboundTenant, parseTypedText } from "../../engine/inbound.js";
import type { Inbox } from "../../engine/inbox.js";
import { consoleVoice, type InteractionDeps, plainCodec, type Reply, runTypedClientCommand, runTypedCommand } from "../../interactions/index.js";
import type { Logger } from "../../log.js";
import type { Deliverer, OutboxSender } from "../../outbox/sender.js";
import { renderPrompt } from "./render.js";

export const CONSOLE_TENANT: InboundTenant = { platform: "console", externalId: "local", name: "Console" };
const CONSOLE_USER = { platformUserId: "local-user" };
export const CONSOLE_COACH = { platformUserId: "local-coach", name: "Console coach" };
/** Lines meant for the coach (alerts, the session guide) are marked so they are not mistaken for the client's. */
const COACH_SPEAKER = "[for the coach]";
const PROMPT = "you> ";

/**
 * The console has one client and one coach (whoever runs it), so coach alerts such as a crisis
 * alert show up in the same terminal, marked as such, instead of going nowhere.
 */
export async function prepareConsoleTenant(store: InteractionDeps["store"]): Promise<void> {
  await store.ensureLocalCoach(CONSOLE_TENANT, CONSOLE_COACH);
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
  sender: OutboxSender;
  log: Logger;
  input: Readable;
  output: Writable;
  /** Echo typed lines, so a piped session still reads as a transcript. */
  echo: boolean;
  /** Show the `you>` prompt (a terminal). */
  prompt?: boolean;
  /** Runs "/coach ..." lines through the command registry, as the console's coach about its client. */
  interactions: InteractionDeps;
  /** Where each line is stored before it is handled (the composition root's one inbox). */
  inbox: Inbox;
}

export async function runConsoleChat({ sender, log, input, output, echo, prompt = false, interactions, inbox }: ConsoleChatDeps): Promise<void> {
  const { store } = interactions;
  await prepareConsoleTenant(store);
  const access = store.localCoach(CONSOLE_COACH);
  // Event ids must be unique across runs on the same data directory.
  const run = randomUUID();
  let line = 0;
  const consoleClient = async () => {
    const client = await store.clientByUser(CONSOLE_TENANT, CONSOLE_USER.platformUserId);
    return { platformUserId: CONSOLE_USER.platformUserId, ...(client?.name ? { displayName: client.name } : {}) };
  };
  const show = (reply: Reply, speaker: string) => {
    const texts = [reply.text, ...(reply.attachments ?? []).map((a) => `(attached: ${a.filename}; \`coach export\` saves it as a file)`)].filter(Boolean);
    for (const t of texts) output.write(`\n${speaker} ${t.replace(/\n/g, `\n${" ".repeat(speaker.length + 1)}`)}\n`);
  };
  /** A registry line typed by the coach (`/coach …`), about the console's client. */
  const coachLine = async (text: string, eventId: string) => {
    const coach = { platformUserId: CONSOLE_COACH.platformUserId, displayName: CONSOLE_COACH.name };
    show(await runTypedCommand(interactions, { text, eventId, tenant: CONSOLE_TENANT, coach, client: await consoleClient() }, access), COACH_SPEAKER);
  };
  /** The client's own registry commands (/export, /delete, /checkins), as on every platform; null for the machine's. */
  const clientCommand = async (typed: InboundKind, eventId: string) => {
    const person = await consoleClient();
    const port = { voice: consoleVoice({ [person.platformUserId]: person.displayName ?? "you" }), access };
    return runTypedClientCommand(interactions, { eventId, tenant: CONSOLE_TENANT, actor: person }, typed, port, plainCodec);
  };
  const handle = async (typed: string | null) => {
    const parsed = typed === null ? { kind: "start" as const } : parseTypedText(typed);
    const eventId = `console:${run}:${line++}`;
    try {
      const own = parsed.kind === "command" && parsed.name !== "coach" ? await clientCommand(parsed, eventId) : null;
      if (parsed.kind === "command" && parsed.name === "coach") await coachLine(typed!.trim().replace(/^\/coach\b/i, ""), eventId);
      else if (own) show(own, "coach>");
      else {
        // Kept in the inbox first, like every platform's events; handled right away.
        const row = await inbox.receiveInbound({ ...parsed, eventId, tenant: CONSOLE_TENANT, user: CONSOLE_USER });
        if (row && (await inbox.process(row)) === "failed") throw new Error("the line could not be handled (logged above)");
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
  const ask = () => prompt && output.write(`\n${PROMPT}`);
  ask();
  for await (const typed of reader) {
    // An empty line is an answer too (a skip on an optional question, a kind nudge elsewhere):
    // the machine decides, so it is never dropped silently.
    if (echo) output.write(`\n${PROMPT}${typed}\n`);
    await handle(typed);
    ask();
  }
  output.write("\n(end of input: goodbye for now)\n");
}
