// Wires the real adapter (discord.js client) to the REST and gateway stand-ins and a real engine
// on in-memory PGlite, and plays the person on the other side of the DM.

import { type Clock, systemClock } from "../../../../src/clock.js";
import { CoachDesk } from "../../../../src/coach/desk.js";
import { CoachingEngine } from "../../../../src/engine/engine.js";
import { type EnrolmentSettings, enrolmentSettings } from "../../../../src/engine/enrolment.js";
import { Inbox } from "../../../../src/engine/inbox.js";
import { loadCatalog } from "../../../../src/flows/loader.js";
import type { HttpRoutes } from "../../../../src/http/server.js";
import { adapterStore } from "../../../../src/interactions/index.js";
import { createLogger } from "../../../../src/log.js";
import { createClientMachine } from "../../../../src/machines/client.machine.js";
import { OutboxSender, type SenderDeps } from "../../../../src/outbox/sender.js";
import { type DiscordAdapter, startDiscord } from "../../../../src/platforms/discord/index.js";
import { type Database, openDatabase } from "../../../../src/store/database.js";
import type { TeamDeps } from "../../../../src/teams/index.js";
import { GatewayStandIn } from "./gateway-stand-in.js";
import { buttonPress, directMessage, formSubmit, type Ids, type TestUser } from "./payloads.js";
import { DiscordRestStandIn, type PostedMessage, type RecordedCall, snowflake } from "./rest-stand-in.js";

export const catalog = loadCatalog();

export interface DiscordHarness {
  ids: Ids;
  guildName: string;
  rest: DiscordRestStandIn;
  gateway: GatewayStandIn;
  db: Database;
  /** Where the adapter stores events before acknowledging them (tests sweep it themselves). */
  inbox: Inbox;
  adapter: DiscordAdapter;
  /** The team service wired to this adapter, as the scheduler would call it. */
  teams: TeamDeps;
  /** Log lines the adapter wrote (parsed JSON). */
  logs: { level: string; msg: string; [key: string]: unknown }[];
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** false: the bot starts without a guild id, so commands go global. */
  registerInGuild?: boolean;
  /** Registered as coaches on start (COACH_USER_IDS); known to GET /users/{id}. */
  coaches?: TestUser[];
  /** The server's coach role (DISCORD_COACH_ROLE_ID); the guild has it. */
  coachRoleId?: string;
  /** The bot's HTTP server, for /healthz. */
  http?: HttpRoutes;
  /** Instead of exiting the test process on a fatal gateway close. */
  onFatal?: (reason: string) => void;
  /** Default: open, as most tests here are about talking with a client; enrolment tests pass their own. */
  enrolment?: EnrolmentSettings;
  /** Default: an in-memory PGlite database; given, the harness closes it when it closes. */
  db?: Database;
  /** Default: the system clock. A skippable one lets a test make a postponed event due without waiting. */
  clock?: Clock;
}

export async function startHarness({
  registerInGuild = true,
  coaches = [],
  coachRoleId,
  http,
  onFatal,
  enrolment = enrolmentSettings(["all"]),
  db: given,
  clock = systemClock,
}: HarnessOptions = {}): Promise<DiscordHarness> {
  const bot = { id: snowflake(), username: "stagewise" };
  const ids: Ids = { applicationId: bot.id, guildId: snowflake(), channelId: snowflake() };
  const guildName = "Wellbeing Team";
  const rest = new DiscordRestStandIn(bot);
  for (const coach of coaches) rest.users.set(coach.id, coach);
  const roles = coachRoleId ? [{ id: coachRoleId, name: "Coach" }] : [];
  const gateway = new GatewayStandIn({ bot, applicationId: ids.applicationId, guild: { id: ids.guildId, name: guildName, channelId: ids.channelId, roles } });
  await Promise.all([rest.listen(), gateway.listen()]);
  rest.gatewayUrl = gateway.url;

  const db = given ?? (await openDatabase({ kind: "pglite", dataDir: "memory" }));
  const logs: DiscordHarness["logs"] = [];
  const log = createLogger("info", (line) => logs.push(JSON.parse(line)));
  const silent = createLogger("silent");
  const engine = new CoachingEngine({ prisma: db.prisma, machine: createClientMachine(catalog), catalog, clock, log: silent, enrolment });
  // The sender needs the deliverer and startDiscord needs the sender: the record is filled in
  // once the adapter exists (the sender looks the deliverer up on every run).
  const deliverers: SenderDeps["deliverers"] = {};
  const sender = new OutboxSender({ prisma: db.prisma, catalog, clock, log: silent, deliverers });
  const deliver = async () => void (await sender.deliverDue());
  // The adapter's team channel joins once it runs, as main.ts does it.
  const teams: TeamDeps = { prisma: db.prisma, catalog, clock, log, channels: {}, deliverOutbox: deliver };
  const interactions = {
    prisma: db.prisma,
    engine,
    catalog,
    clock,
    log,
    desk: new CoachDesk({ prisma: db.prisma, engine, catalog, clock }),
    teams,
    deliver,
    store: adapterStore(db.prisma, catalog),
  };
  const inbox = new Inbox({ prisma: db.prisma, statementsOnThisThread: db.kind === "pglite", engine, clock, log, deliver });
  const adapter = await startDiscord({
    token: "stand-in-token",
    applicationId: ids.applicationId,
    ...(registerInGuild ? { guildId: ids.guildId } : {}),
    apiUrl: rest.apiUrl,
    interactions,
    inbox,
    log,
    coachUserIds: coaches.map((c) => c.id),
    ...(coachRoleId ? { coachRoleId } : {}),
    ...(http ? { http } : {}),
    ...(onFatal ? { onFatal } : {}),
  });
  deliverers.discord = adapter.deliverer;
  teams.channels.discord = adapter.teamChannel;

  return {
    ids,
    guildName,
    rest,
    gateway,
    db,
    inbox,
    adapter,
    teams,
    logs,
    async close() {
      await adapter.stop();
      await Promise.all([rest.close(), gateway.close()]);
      await db.close();
    },
  };
}

export async function waitFor<T>(probe: () => T | undefined | null | false, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export const allButtons = (message: PostedMessage): any[] => message.components.flatMap((row) => row.components);

export function buttonLabelled(message: PostedMessage, label: string): any {
  const button = allButtons(message).find((b) => b.label === label);
  if (!button) throw new Error(`no button "${label}" on: ${message.content}\n${JSON.stringify(message.components)}`);
  return button;
}

/** The question among a batch of replies: the last message that carries components. */
export const questionIn = (replies: PostedMessage[]): PostedMessage | undefined => [...replies].reverse().find((m) => m.components.length > 0);

/**
 * Runs `trigger`, waits for the bot's first DM in reply, then for the adapter to finish the
 * event, and returns every DM it sent meanwhile.
 */
export async function repliesTo(h: DiscordHarness, user: TestUser, trigger: () => void): Promise<PostedMessage[]> {
  const before = h.rest.dmMessages(user.id).length;
  trigger();
  await waitFor(() => h.rest.dmMessages(user.id).length > before, `a DM to ${user.username}`).catch((error: Error) => {
    // Say why, when the adapter knows: the engine's failures are logged, not thrown.
    const errors = h.logs.filter((l) => l.level === "error").slice(-3);
    throw new Error(`${error.message}${errors.length ? `; adapter errors: ${JSON.stringify(errors)}` : ""}`);
  });
  await h.adapter.idle();
  return h.rest.dmMessages(user.id).slice(before);
}

/** The user types `text` in the DM. */
export function typeInDm(h: DiscordHarness, user: TestUser, text: string): Promise<PostedMessage[]> {
  return repliesTo(h, user, () => h.gateway.dispatch("MESSAGE_CREATE", directMessage(user, h.rest.dmChannelFor(user.id), text)));
}

/** The user presses the button labelled `label` on `message`. */
export async function press(h: DiscordHarness, user: TestUser, message: PostedMessage, label: string) {
  const payload = buttonPress(h.ids, user, message, buttonLabelled(message, label).custom_id);
  const replies = await repliesTo(h, user, () => h.gateway.dispatch("INTERACTION_CREATE", payload));
  return { interactionId: payload.id, replies };
}

/** The user submits the form of `message`'s "Answer" button with `value`. */
export async function submitForm(h: DiscordHarness, user: TestUser, message: PostedMessage, value: string) {
  const open = allButtons(message).find((b) => b.custom_id.startsWith("f|"));
  if (!open) throw new Error(`no form on: ${message.content}`);
  const payload = formSubmit(h.ids, user, message, `m|${open.custom_id.slice(2)}`, value);
  const replies = await repliesTo(h, user, () => h.gateway.dispatch("INTERACTION_CREATE", payload));
  return { interactionId: payload.id, replies };
}

/** Choices the simulated person prefers, in order; otherwise the first button. */
const PREFERRED = ["Exercise", "Not yet", "Yes, in the next 30 days", "No", "About right", "8"];
export const TYPED_ANSWER = "buy walking shoes on Saturday morning";

export interface Turn {
  question: PostedMessage;
  how: "pressed" | "typed" | "form";
  answer: string;
  replies: PostedMessage[];
}

/** Answers one question the way a person would: buttons pressed, text typed, numbers in the form. */
export async function answer(h: DiscordHarness, user: TestUser, question: PostedMessage): Promise<Turn> {
  const buttons = allButtons(question);
  const form = buttons.find((b) => b.custom_id.startsWith("f|"));
  if (form && (form.custom_id.startsWith("f|t|") || form.custom_id.startsWith("f|o|"))) {
    return { question, how: "typed", answer: TYPED_ANSWER, replies: await typeInDm(h, user, TYPED_ANSWER) };
  }
  if (form) return { question, how: "form", answer: "60", replies: (await submitForm(h, user, question, "60")).replies };
  const choice = PREFERRED.map((label) => buttons.find((b) => b.label === label)).find(Boolean) ?? buttons[0];
  if (!choice) throw new Error(`nothing to answer on: ${question.content}`);
  return { question, how: "pressed", answer: choice.label, replies: (await press(h, user, question, choice.label)).replies };
}

/** Answers question after question until `done` holds for a turn's replies. */
export async function converse(
  h: DiscordHarness,
  user: TestUser,
  first: PostedMessage,
  done: (replies: PostedMessage[]) => boolean,
  maxTurns = 80,
): Promise<Turn[]> {
  const turns: Turn[] = [];
  let question: PostedMessage | undefined = first;
  while (question) {
    if (turns.length >= maxTurns) throw new Error(`no end after ${maxTurns} answers; last question: ${question.content}`);
    const turn = await answer(h, user, question);
    turns.push(turn);
    if (done(turn.replies)) return turns;
    question = questionIn(turn.replies);
  }
  throw new Error(
    `the conversation stopped asking: ${turns
      .at(-1)
      ?.replies.map((r) => r.content)
      .join(" | ")}`,
  );
}

/** A newcomer taken through everything the bot asks at first, until it has nothing left to ask. */
export async function onboardFully(h: DiscordHarness, user: TestUser, name: string): Promise<Turn[]> {
  await typeInDm(h, user, "hi");
  const askDomain = questionIn(await typeInDm(h, user, name))!;
  return converse(h, user, askDomain, (replies) => questionIn(replies) === undefined);
}

export interface CommandRun {
  interactionId: string;
  /** The interaction callbacks (the deferred acknowledgement). */
  callbacks: RecordedCall[];
  /** The edit of the deferred reply: what the person saw. */
  edit: RecordedCall;
  /** Private follow-ups (long replies). */
  followUps: RecordedCall[];
}

/** Dispatches an INTERACTION_CREATE that gets a deferred reply; resolves once it was edited and the adapter is idle. */
export async function runDeferred(h: DiscordHarness, payload: { id: string; token: string }, what = "the command's reply"): Promise<CommandRun> {
  const webhook = `/webhooks/${h.ids.applicationId}/${payload.token}`;
  h.gateway.dispatch("INTERACTION_CREATE", payload);
  const [edit] = await waitFor(
    () => h.rest.callsTo("PATCH", `${webhook}/messages/@original`).length > 0 && h.rest.callsTo("PATCH", `${webhook}/messages/@original`),
    what,
  );
  await h.adapter.idle();
  return { interactionId: payload.id, callbacks: h.rest.callbacksOf(payload.id), edit: edit!, followUps: h.rest.callsTo("POST", webhook) };
}

/** Dispatches an INTERACTION_CREATE answered by one callback (a modal, an update, a reply); returns that callback. */
export async function runCallback(h: DiscordHarness, payload: { id: string }, what = "the interaction's callback"): Promise<RecordedCall> {
  h.gateway.dispatch("INTERACTION_CREATE", payload);
  const [callback] = await waitFor(() => h.rest.callbacksOf(payload.id).length > 0 && h.rest.callbacksOf(payload.id), what);
  await h.adapter.idle();
  return callback!;
}
