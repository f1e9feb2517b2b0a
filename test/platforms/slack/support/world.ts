// One running Slack adapter against the Web API stand-in, on a real engine and an in-memory
// database, plus a driver that plays a Slack user in their DM with the bot. The adapter runs in
// any of its modes: one workspace over HTTP (default) or Socket Mode, or installs through OAuth.

import { CoachDesk } from "../../../../src/coach/desk.js";
import type { Catalog } from "../../../../src/domain/catalog.js";
import { CoachingEngine } from "../../../../src/engine/engine.js";
import { type EnrolmentSettings, enrolmentSettings } from "../../../../src/engine/enrolment.js";
import { Inbox } from "../../../../src/engine/inbox.js";
import { loadCatalog } from "../../../../src/flows/loader.js";
import { startHttpServer } from "../../../../src/http/server.js";
import { adapterStore } from "../../../../src/interactions/index.js";
import { createLogger, type LogLevel } from "../../../../src/log.js";
import { createClientMachine } from "../../../../src/machines/client.machine.js";
import { OutboxSender } from "../../../../src/outbox/sender.js";
import { type SlackAdapter, type SlackConnection, type SlackOptions, startSlack } from "../../../../src/platforms/slack/app.js";
import { type Database, openDatabase } from "../../../../src/store/database.js";
import type { TeamDeps } from "../../../../src/teams/index.js";
import { type SkippableClock, skippableClock } from "../../../support/clock.js";
import { FakeSlackApi } from "./fake-slack-api.js";
import { type PostedMessage, SIGNING_SECRET, type SlackResponse, SlackSender } from "./slack-requests.js";
import { SocketModeStandIn } from "./socket-stand-in.js";

export const APP_TOKEN = "xapp-1-A_COACH-test";
/**
 * Socket Mode's ping deadline in tests. The SDK drops a connection whose pong comes later than
 * this, but the stand-in runs in this process and answers every ping at once: a late pong here
 * only means this process was busy, and on the embedded database one turn of the event loop
 * took over a second on a loaded 2-core machine. A deadline of one second dropped the connection
 * mid-test, losing the acknowledgement in flight; a test that stalls 30 s fails on its own timeout
 * anyway. The SDK also waits this long before it reconnects: tests skip that on a fake clock.
 */
export const SOCKET_PING_TIMEOUT_MS = 30_000;
export const OAUTH = { clientId: "1111.2222", clientSecret: "client-secret-for-tests", stateSecret: "state-secret-for-tests" } as const;

export interface World {
  api: FakeSlackApi;
  db: Database;
  engine: CoachingEngine;
  catalog: Catalog;
  sender: OutboxSender;
  /** The team service, with this adapter's team channel, as the scheduler calls it. */
  teams: TeamDeps;
  /** The engine's and sender's clock: skip it ahead instead of waiting (e.g. for a Retry-After). */
  clock: SkippableClock;
  slack: SlackAdapter;
  /** What the adapter was started with, to start another one like it. */
  options: SlackOptions;
  /** Socket Mode only: the WebSocket endpoint the adapter connected to. */
  socket: SocketModeStandIn | null;
  send: SlackSender;
  baseUrl: string;
  /** Log lines written by the adapter (JSON), to assert on what was logged. */
  logs: string[];
  /**
   * Sends what Slack's per-recipient pacing held back (a burst of more than 20 messages to one
   * person waits about a second per message): skips the clock past each wait, never sleeps.
   */
  deliverPaced(): Promise<void>;
  /** A person in the Acme workspace, or in `team`. */
  user(id: string, team?: string): DmUser;
  close(): Promise<void>;
}

export interface WorldOptions {
  makeEngine?: (deps: ConstructorParameters<typeof CoachingEngine>[0]) => CoachingEngine;
  logLevel?: LogLevel;
  mode?: SlackConnection["mode"];
  coachUserIds?: string[];
  /** Default: open everywhere, as most tests here are about talking with a client; enrolment tests pass their own. */
  enrolment?: EnrolmentSettings;
  /** Default: an in-memory PGlite database; given, the world closes it when it closes. */
  db?: Database;
}

export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const api = await FakeSlackApi.start();
  const mode = options.mode ?? "http";
  const socket = mode === "socket" ? await SocketModeStandIn.start() : null;
  if (socket) api.socketMode = { appToken: APP_TOKEN, url: socket.url };
  const connection: SlackConnection =
    mode === "socket"
      ? { mode, botToken: "xoxb-test-token", appToken: APP_TOKEN }
      : mode === "oauth"
        ? { mode, ...OAUTH, signingSecret: SIGNING_SECRET }
        : { mode, botToken: "xoxb-test-token", signingSecret: SIGNING_SECRET };
  const db = options.db ?? (await openDatabase({ kind: "pglite", dataDir: "memory" }));
  const logs: string[] = [];
  const log = createLogger(options.logLevel ?? "info", (line) => void logs.push(line));
  const catalog = loadCatalog();
  const clock = skippableClock();
  const enrolment = options.enrolment ?? enrolmentSettings(["all"]);
  const deps = { prisma: db.prisma, machine: createClientMachine(catalog), catalog, clock, log: createLogger("silent"), enrolment };
  const engine = options.makeEngine ? options.makeEngine(deps) : new CoachingEngine(deps);
  // The deliverer only exists once the adapter runs, and the adapter needs the sender: fill the slot after start.
  const deliverers: ConstructorParameters<typeof OutboxSender>[0]["deliverers"] = {};
  const sender = new OutboxSender({ prisma: db.prisma, catalog: deps.catalog, clock, log, deliverers });
  const deliver = async () => void (await sender.deliverDue());
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
  const http = await startHttpServer({ port: 0, host: "127.0.0.1", log });
  const slackOptions: SlackOptions = {
    connection,
    http,
    apiUrl: api.url,
    engine,
    sender,
    catalog,
    interactions,
    inbox: new Inbox({ prisma: db.prisma, statementsOnThisThread: db.kind === "pglite", engine, clock, log, deliver }),
    coachUserIds: options.coachUserIds ?? [],
    socketPingTimeoutMs: SOCKET_PING_TIMEOUT_MS,
    log,
  };
  const slack = await startSlack(slackOptions);
  deliverers.slack = slack.deliverer;
  if (slack.teamChannel) teams.channels.slack = slack.teamChannel;
  const baseUrl = `http://127.0.0.1:${http.port}`;
  const send = new SlackSender(baseUrl);
  const world: World = {
    api,
    db,
    engine,
    catalog,
    sender,
    teams,
    clock,
    slack,
    options: slackOptions,
    socket,
    send,
    baseUrl,
    logs,
    async deliverPaced() {
      // Bounded: each round sends at least the message it waited for.
      for (let round = 0; round < 200; round++) {
        const next = await db.prisma.outboxMessage.findFirst({ where: { status: "pending" }, orderBy: { availableAt: "asc" } });
        if (!next) return;
        const wait = next.availableAt.getTime() - clock.now().getTime();
        if (wait > 0) clock.skip(wait);
        await sender.deliverDue();
      }
      throw new Error("messages were still waiting after 200 paced deliveries");
    },
    user: (id, team) => new DmUser(world, id, team),
    async close() {
      await slack.stop();
      await http.close();
      await socket?.close();
      await api.close();
      await db.close();
    },
  };
  return world;
}

export interface Button {
  block_id: string;
  action_id: string;
  text: string;
  value?: string;
}

/** A Slack user talking to the bot in their DM; every step waits until the bot is done. */
export class DmUser {
  private seen = 0;

  constructor(
    private readonly world: World,
    readonly id: string,
    private readonly team?: string,
  ) {}

  private get from(): { team?: string } {
    return this.team ? { team: this.team } : {};
  }

  /** Messages the bot posted to this user, in order, as posted (not as later updated). */
  posted(): PostedMessage[] {
    return this.world.api
      .callsTo("chat.postMessage")
      .filter((c) => c.body.channel === this.id && c.response.ok === true)
      .map((c) => ({
        channel: String(c.response.channel),
        ts: String(c.response.ts),
        text: String(c.body.text ?? ""),
        blocks: (c.body.blocks as Record<string, unknown>[]) ?? [],
      }));
  }

  /** Texts of the messages posted since the last call (section texts, or the plain text). */
  newReplies(): string[] {
    const all = this.posted();
    const fresh = all.slice(this.seen);
    this.seen = all.length;
    return fresh.map(messageText);
  }

  async dm(text: string, options?: Parameters<SlackSender["dm"]>[2]): Promise<SlackResponse> {
    const response = await this.world.send.dm(this.id, text, { ...this.from, ...options });
    await this.world.slack.idle();
    return response;
  }

  async command(text: string, options?: Parameters<SlackSender["command"]>[2]): Promise<SlackResponse> {
    const response = await this.world.send.command(this.id, text, { ...this.from, ...options });
    await this.world.slack.idle();
    return response;
  }

  /** Presses the button labelled `label` on the newest message that (still) shows it. */
  async press(label: string): Promise<SlackResponse> {
    const found = this.findButton(label);
    if (!found) throw new Error(`no message to ${this.id} shows a button "${label}"; last: ${JSON.stringify(this.posted().at(-1)?.blocks)}`);
    return this.pressOn(found.message, found.button);
  }

  async pressOn(message: PostedMessage, button: Button): Promise<SlackResponse> {
    const response = await this.world.send.pressButton(this.id, message, button, this.from);
    await this.world.slack.idle();
    return response;
  }

  /** Presses "Answer", waits for the form to open, types `value` and submits it. */
  async answerInForm(value: string): Promise<SlackResponse> {
    const opened = this.world.api.callsTo("views.open").length;
    await this.press("Answer");
    const call = this.world.api.callsTo("views.open")[opened];
    if (!call) throw new Error("pressing Answer opened no form");
    const view = call.response.view as { id: string; callback_id?: string; private_metadata?: string };
    const response = await this.world.send.submitView(this.id, view, value);
    await this.world.slack.idle();
    return response;
  }

  /**
   * Answers whatever the bot asks until it waits for nothing, the way a cooperative client would:
   * buttons, drop-downs, free text and percentages in the answer form.
   * Follows the machine's flows without knowing them, so wording changes do not break tests.
   * Returns the kinds of input answered, in order.
   */
  async answerEverything(hooks: { percent?: () => Promise<void> } = {}, maxSteps = 80): Promise<string[]> {
    const answered: string[] = [];
    for (let step = 0; step < maxSteps; step++) {
      // A long conversation goes past Slack's burst per person: its next question may be paced.
      await this.world.deliverPaced();
      const newest = this.posted().at(-1);
      if (!newest) return answered;
      const current = { ...newest, blocks: this.world.api.message(newest.channel, newest.ts)?.blocks ?? newest.blocks };
      const buttons = buttonsOf(current);
      const form = buttons.find((b) => b.action_id === "coach.form");
      if (form?.value === "percent") {
        answered.push("percent");
        if (hooks.percent) await hooks.percent();
        else await this.answerInForm("60");
      } else if (form) {
        answered.push("text");
        await this.answerInForm(typedAnswerFor(messageText(current)));
      } else if (buttons.length > 0) {
        const numeric = buttons.every((b) => /^\d+$/.test(b.value ?? ""));
        // Fairly sure on scales, "No" to screening questions, otherwise the first option.
        const pick = numeric ? buttons[Math.floor(buttons.length * 0.75)]! : (buttons.find((b) => b.text === "No") ?? buttons[0]!);
        answered.push(numeric ? "scale" : "choice");
        await this.pressOn(current, pick);
      } else {
        return answered;
      }
    }
    throw new Error(`the bot was still asking after ${maxSteps} answers`);
  }

  /** The newest message whose current blocks (after chat.update) still show a button `label`. */
  findButton(label: string): { message: PostedMessage; button: Button } | null {
    for (const posted of [...this.posted()].reverse()) {
      const current = this.world.api.message(posted.channel, posted.ts) ?? posted;
      const message = { ...posted, blocks: current.blocks };
      for (const button of buttonsOf(message)) if (button.text === label) return { message, button };
    }
    return null;
  }
}

export function buttonsOf(message: { blocks: Record<string, unknown>[] }): Button[] {
  return message.blocks
    .filter((b) => b.type === "actions")
    .flatMap((b) =>
      (b.elements as Record<string, unknown>[])
        .filter((e) => e.type === "button")
        .map((e) => ({
          block_id: String(b.block_id),
          action_id: String(e.action_id),
          text: String((e.text as { text: string }).text),
          ...(typeof e.value === "string" ? { value: e.value } : {}),
        })),
    );
}

export function messageText(message: { text: string; blocks: Record<string, unknown>[] }): string {
  const sections = message.blocks.filter((b) => b.type === "section").map((b) => String((b.text as { text: string }).text));
  return sections.length > 0 ? sections.join("\n\n") : message.text;
}

/** What a cooperative client types for a free-text question (a name, a concrete goal, a thought). */
function typedAnswerFor(question: string): string {
  if (/\bname\b/i.test(question)) return "Kai";
  if (/when did you start/i.test(question)) return "about 2 months ago";
  if (/\bgoal\b/i.test(question)) return "Walk for 30 minutes 3 times a week, every week until the end of this month";
  return "Walking with a friend helped";
}
