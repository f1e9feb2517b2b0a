// The console chat: one local client talking to the bot, and its coach typing "/coach ..."
// lines, in one terminal. Works with piped (non-TTY) input so it can be scripted, shows a
// `you>` prompt in a terminal, and returns on end of input.
import { randomUUID } from "node:crypto";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { type InboundKind, type InboundTenant, parseTypedText } from "../../engine/inbound.js";
import type { Inbox } from "../../engine/inbox.js";
import {
  type Actor,
  type ConfirmAction,
  type Confirmation,
  consoleVoice,
  type InteractionDeps,
  plainCodec,
  privateReply,
  type Reply,
  runAction,
  runTypedClientCommand,
  runTypedCommand,
} from "../../interactions/index.js";
import type { Logger } from "../../log.js";
import type { Deliverer, OutboxSender } from "../../outbox/sender.js";
import { renderPrompt } from "./render.js";

export const CONSOLE_TENANT: InboundTenant = { platform: "console", externalId: "local", name: "Console" };
const CONSOLE_USER = { platformUserId: "local-user" };
export const CONSOLE_COACH = { platformUserId: "local-coach", name: "Console coach" };
/** Lines meant for the coach (alerts, the session guide) are marked so they are not mistaken for the client's. */
const COACH_SPEAKER = "[for the coach]";
const PROMPT = "you> ";

/** How a confirmation's two buttons are offered as words, and asked for again after an unclear line. */
const typedChoice = (c: Confirmation) => `Type yes (${c.confirmLabel}) or no (${c.cancelLabel}).`;
const unclearChoice = (c: Confirmation) => `Please answer yes (${c.confirmLabel}) or no (${c.cancelLabel}).`;

/**
 * The button a typed line presses: yes/no or the button's label; null for anything else. Only a
 * clear yes confirms, since confirming deletes data.
 */
export function typedAnswer(c: Confirmation, typed: string): ConfirmAction | null {
  const said = typed
    .trim()
    .toLowerCase()
    .replace(/[.!]+$/, "");
  if (said === "yes" || said === "y" || said === c.confirmLabel.toLowerCase()) return c.confirm;
  if (said === "no" || said === "n" || said === c.cancelLabel.toLowerCase()) return c.cancel;
  return null;
}

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
  /**
   * A question shown with buttons elsewhere (/delete): the next typed line answers it, as the one
   * who asked (the client, or the coach for `/coach delete`), never as a line for the conversation.
   */
  let pending: { confirmation: Confirmation; actor: Actor; speaker: string } | null = null;
  const show = (reply: Reply, speaker: string, actor?: Actor) => {
    if (reply.confirm && actor) {
      pending = { confirmation: reply.confirm, actor, speaker };
      reply = { ...reply, text: `${reply.text}\n${typedChoice(reply.confirm)}` };
    }
    const texts = [
      reply.text,
      ...(reply.attachments ?? []).map((a) => `(attached: ${a.filename}; \`coach export --client <id> --out <file>\` saves it as a file)`),
    ].filter(Boolean);
    for (const t of texts) output.write(`\n${speaker} ${t.replace(/\n/g, `\n${" ".repeat(speaker.length + 1)}`)}\n`);
  };
  /** A registry line typed by the coach (`/coach …`), about the console's client. */
  const coachLine = async (text: string, eventId: string) => {
    const coach = { platformUserId: CONSOLE_COACH.platformUserId, displayName: CONSOLE_COACH.name };
    show(await runTypedCommand(interactions, { text, eventId, tenant: CONSOLE_TENANT, coach, client: await consoleClient() }, access), COACH_SPEAKER, coach);
  };
  const clientPort = (person: Actor) => ({ voice: consoleVoice({ [person.platformUserId]: person.displayName ?? "you" }), access });
  /** The client's own registry commands (/export, /delete, /checkins), as on every platform; null for the machine's. */
  const clientCommand = async (typed: InboundKind, eventId: string) => {
    const person = await consoleClient();
    return runTypedClientCommand(interactions, { eventId, tenant: CONSOLE_TENANT, actor: person }, typed, clientPort(person), plainCodec);
  };
  /** A line answering the pending question: settled like a press on the platforms' buttons. */
  const answer = async (asked: NonNullable<typeof pending>, typed: string, eventId: string) => {
    const action = typedAnswer(asked.confirmation, typed);
    if (!action) return show(privateReply(unclearChoice(asked.confirmation)), asked.speaker);
    const settled = await runAction(interactions, { eventId, tenant: CONSOLE_TENANT, actor: asked.actor }, action, clientPort(asked.actor));
    pending = null;
    show(settled, asked.speaker);
  };
  const handle = async (typed: string | null) => {
    const parsed = typed === null ? { kind: "start" as const } : parseTypedText(typed);
    const eventId = `console:${run}:${line++}`;
    try {
      const own = !pending && parsed.kind === "command" && parsed.name !== "coach" ? await clientCommand(parsed, eventId) : null;
      if (pending && typed !== null) await answer(pending, typed, eventId);
      else if (parsed.kind === "command" && parsed.name === "coach") await coachLine(typed!.trim().replace(/^\/coach\b/i, ""), eventId);
      else if (own) show(own, "coach>", await consoleClient());
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
