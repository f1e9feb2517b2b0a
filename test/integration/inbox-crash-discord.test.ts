// Acknowledged, then killed, on Discord: the built bot (`node dist/main.js`) on PostgreSQL, against
// local stand-ins for Discord's REST API and gateway. Discord never sends an acknowledged
// interaction again, and a new gateway session replays no DM, so whatever the bot received and
// acknowledged must be applied after the next start: DMs, /coach commands (deferred, and their
// deferred reply edited after the restart), button presses answering a question, and presses on
// "Delete everything" (a deferred update, the question edited after the restart).
import pg from "pg";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { interactionWording as say } from "../../src/interactions/index.js";
import { GatewayStandIn } from "../platforms/discord/support/gateway-stand-in.js";
import { buttonPress, coachCommand, directMessage, type Ids, pressOn, testUser } from "../platforms/discord/support/payloads.js";
import { DiscordRestStandIn, type PostedMessage, snowflake } from "../platforms/discord/support/rest-stand-in.js";
import { freePort, killHard, type RunningProcess, startBot, until } from "../support/bot-process.js";
import { createScratchDatabase, describePostgres, type ScratchDatabase } from "../support/postgres.js";

const BURST = 20;
/** Discord's interaction callback types (API reference, "Interaction Response Type"). */
const DEFERRED_CHANNEL_MESSAGE = 5;
const DEFERRED_UPDATE_MESSAGE = 6;
const UPDATE_MESSAGE = 7;
const running: RunningProcess[] = [];

afterEach(async () => {
  for (const p of running.splice(0)) {
    if (p.child.exitCode !== null || p.child.signalCode !== null) continue;
    await killHard(p);
  }
});

describePostgres("Discord events survive a kill -9 right after their acknowledgement", () => {
  const bot = { id: "910000000000000001", username: "stagewise" };
  const ids: Ids = { applicationId: bot.id, guildId: "910000000000000002", channelId: "910000000000000003" };
  let scratch: ScratchDatabase;
  let rest: DiscordRestStandIn;
  let gateway: GatewayStandIn;
  let admin: pg.Client;
  beforeAll(async () => {
    scratch = await createScratchDatabase("inbox_crash_discord");
    rest = new DiscordRestStandIn(bot);
    gateway = new GatewayStandIn({ bot, applicationId: ids.applicationId, guild: { id: ids.guildId, name: "Wellbeing Team", channelId: ids.channelId } });
    await Promise.all([rest.listen(), gateway.listen()]);
    rest.gatewayUrl = gateway.url;
    admin = new pg.Client({ connectionString: scratch.url });
    await admin.connect();
  }, 120_000);
  afterAll(async () => {
    await admin?.end();
    await gateway?.close();
    await rest?.close();
    await scratch?.drop();
  });

  /** How many of these events the engine applied (its once-per-event record, keyed by Discord's id). */
  async function applied(eventIds: string[]): Promise<number> {
    const { rows } = await admin.query<{ n: string }>(`SELECT count(*) AS n FROM "ProcessedEvent" WHERE "eventId" = ANY($1)`, [eventIds]);
    return Number(rows[0]!.n);
  }

  /** Of these events, how many the bot holds: stored in the inbox or already applied. */
  async function received(eventIds: string[]): Promise<number> {
    const { rows } = await admin.query<{ n: string }>(
      `SELECT count(DISTINCT id) AS n FROM (SELECT "eventId" AS id FROM "InboxEvent" WHERE "eventId" = ANY($1)
       UNION SELECT "eventId" FROM "ProcessedEvent" WHERE "eventId" = ANY($1)) AS held`,
      [eventIds],
    );
    return Number(rows[0]!.n);
  }

  async function inboxRows(): Promise<number> {
    const { rows } = await admin.query<{ n: string }>(`SELECT count(*) AS n FROM "InboxEvent"`);
    return Number(rows[0]!.n);
  }

  async function discordBot(): Promise<RunningProcess> {
    const port = await freePort();
    const identifies = gateway.identifies.length;
    const started = startBot({
      DATABASE_URL: scratch.url,
      PORT: String(port),
      HOST: "127.0.0.1",
      CONSOLE_CHAT: "off",
      SCHEDULER: "off",
      DISCORD_TOKEN: "stand-in-token",
      DISCORD_APPLICATION_ID: ids.applicationId,
      DISCORD_GUILD_ID: ids.guildId,
      DISCORD_API_URL: rest.apiUrl,
      INBOX_LEASE_SECONDS: "1",
      // The senders are strangers: with enrolment open they become clients and their events are applied.
      OPEN_ENROLMENT: "all",
    });
    running.push(started);
    await until(async () => {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      const body = (await response.json()) as { connections?: { discord?: string } };
      return response.status === 200 && body.connections?.discord === "connected" && gateway.identifies.length > identifies;
    }, "the bot's /healthz to report Discord connected");
    return started;
  }

  /** The edits of a deferred reply (PATCH @original through the interaction's webhook). */
  const editsOf = (token: string) => rest.callsTo("PATCH", `/webhooks/${ids.applicationId}/${token}/messages/@original`);

  it(`DMs: ${BURST} received, the process killed, all ${BURST} applied after the restart`, async () => {
    const first = await discordBot();
    const people = Array.from({ length: BURST }, (_, i) => testUser(`dm${i}`));
    const dms = people.map((person) => directMessage(person, rest.dmChannelFor(person.id), "hi"));
    for (const dm of dms) gateway.dispatch("MESSAGE_CREATE", dm);
    const eventIds = dms.map((dm) => dm.id);
    // A gateway event has no acknowledgement: the kill comes as soon as the bot holds them all.
    await until(async () => (await received(eventIds)) === BURST, "every DM held by the bot");
    await killHard(first);
    const appliedBefore = await applied(eventIds);

    const second = await discordBot();
    let count = 0;
    await until(
      async () => (count = await applied(eventIds)) === BURST,
      () => `all ${BURST} DMs applied (applied: ${count})`,
    );
    await until(async () => (await inboxRows()) === 0, "the inbox to be empty");
    console.info(`[inbox-crash] discord DMs: tried ${BURST}, received ${BURST}, applied before the kill ${appliedBefore}, applied after the restart ${count}`);
    await killHard(second);
  }, 300_000);

  it(`/coach commands: ${BURST} deferred, the process killed, each applied once and its reply edited after the restart`, async () => {
    const first = await discordBot();
    const people = Array.from({ length: BURST }, (_, i) => testUser(`cmd${i}`));
    const commands = people.map((person) => coachCommand(ids, person, { sub: "status" }));
    for (const command of commands) gateway.dispatch("INTERACTION_CREATE", command);
    await until(async () => commands.every((c) => rest.callbacksOf(c.id).length > 0), "every command acknowledged");
    await killHard(first);
    expect(commands.map((c) => rest.callbacksOf(c.id).map((call) => [call.body.type, call.body.data?.flags]))).toEqual(
      commands.map(() => [[DEFERRED_CHANNEL_MESSAGE, 64]]),
    );
    const eventIds = commands.map((c) => c.id);
    const appliedBefore = await applied(eventIds);
    const editedBefore = commands.filter((c) => editsOf(c.token).length > 0).length;

    const second = await discordBot();
    let count = 0;
    await until(
      async () => (count = await applied(eventIds)) === BURST,
      () => `all ${BURST} commands applied (applied: ${count})`,
    );
    await until(async () => (await inboxRows()) === 0, "the inbox to be empty");
    // Every person saw the answer in place of "thinking…", after the restart where need be.
    await until(async () => commands.every((c) => editsOf(c.token).length > 0), "every deferred reply edited");
    expect(commands.map((c) => rest.callbacksOf(c.id).length)).toEqual(commands.map(() => 1));
    console.info(
      `[inbox-crash] discord /coach commands: tried ${BURST}, deferred ${BURST}, applied before the kill ${appliedBefore} (replies edited ${editedBefore}), applied after the restart ${count} (replies edited ${commands.filter((c) => editsOf(c.token).length > 0).length})`,
    );
    await killHard(second);
  }, 300_000);

  it(`button presses: ${BURST} answers acknowledged (the question updated), the process killed, all applied after the restart`, async () => {
    const first = await discordBot();
    const people = Array.from({ length: BURST }, (_, i) => testUser(`press${i}`));
    // Each newcomer says hi and gives a name; the bot then asks which area to start with (buttons).
    for (const person of people) gateway.dispatch("MESSAGE_CREATE", directMessage(person, rest.dmChannelFor(person.id), "hi"));
    await until(async () => people.every((p) => rest.dmMessages(p.id).length > 0), "every greeting");
    for (const person of people) gateway.dispatch("MESSAGE_CREATE", directMessage(person, rest.dmChannelFor(person.id), "Jo"));
    const questions = new Map<string, PostedMessage>();
    await until(
      async () => {
        for (const person of people) {
          const question = rest
            .dmMessages(person.id)
            .find((m) => m.components.some((row) => row.components.some((b: { label?: string }) => b.label === "Exercise")));
          if (question) questions.set(person.id, question);
        }
        return questions.size === BURST;
      },
      () => `a question with buttons for everyone (${questions.size} of ${BURST})`,
    );

    const presses = people.map((person) => {
      const question = questions.get(person.id)!;
      const button = question.components.flatMap((row) => row.components).find((b: { label?: string }) => b.label === "Exercise");
      return buttonPress(ids, person, question, button.custom_id);
    });
    for (const press of presses) gateway.dispatch("INTERACTION_CREATE", press);
    await until(async () => presses.every((p) => rest.callbacksOf(p.id).length > 0), "every press acknowledged");
    await killHard(first);
    expect(presses.map((p) => rest.callbacksOf(p.id).map((call) => call.body.type))).toEqual(presses.map(() => [UPDATE_MESSAGE]));
    const eventIds = presses.map((p) => p.id);
    const appliedBefore = await applied(eventIds);

    const second = await discordBot();
    let count = 0;
    await until(
      async () => (count = await applied(eventIds)) === BURST,
      () => `all ${BURST} answers applied (applied: ${count})`,
    );
    await until(async () => (await inboxRows()) === 0, "the inbox to be empty");
    console.info(
      `[inbox-crash] discord button presses: tried ${BURST}, acknowledged ${BURST}, applied before the kill ${appliedBefore}, applied after the restart ${count}`,
    );
    await killHard(second);
  }, 300_000);
  it(`delete confirmations: ${BURST} presses acknowledged while the deletions wait, the process killed, every client deleted and told after the restart`, async () => {
    const first = await discordBot();
    const people = Array.from({ length: BURST }, (_, i) => testUser(`leaver${i}`));
    for (const person of people) gateway.dispatch("MESSAGE_CREATE", directMessage(person, rest.dmChannelFor(person.id), "hi"));
    await until(async () => people.every((p) => rest.dmMessages(p.id).length > 0), "every greeting");
    // Each asks for their data to be deleted and gets the question with its two buttons.
    const asks = people.map((person) => coachCommand(ids, person, { group: "data", sub: "delete" }));
    for (const ask of asks) gateway.dispatch("INTERACTION_CREATE", ask);
    await until(async () => asks.every((a) => editsOf(a.token).some((e) => e.body.components?.length > 0)), "every delete question");
    const presses = people.map((person, i) => {
      const edit = editsOf(asks[i]!.token).find((e) => e.body.components?.length > 0)!;
      const question = { id: snowflake(), channel_id: ids.channelId, content: edit.body.content, components: edit.body.components, flags: 64 };
      const button = question.components[0].components.find((b: { label?: string }) => b.label === say.deleteButton);
      return pressOn(ids, person, question, button.custom_id);
    });
    const clientsLeft = async () => {
      const { rows } = await admin.query<{ n: string }>(`SELECT count(*) AS n FROM "Client" WHERE "platformUserId" = ANY($1)`, [people.map((p) => p.id)]);
      return Number(rows[0]!.n);
    };
    expect(await clientsLeft()).toBe(BURST);

    // A busy database: the clients' rows are locked, so no deletion can finish before the kill.
    // The presses must still be acknowledged (Discord's 3 seconds), and what they asked kept.
    const holder = new pg.Client({ connectionString: scratch.url });
    // Its connection ends with the scratch database if the test fails first.
    holder.on("error", () => undefined);
    await holder.connect();
    try {
      await holder.query("BEGIN");
      await holder.query(`SELECT id FROM "Client" WHERE "platformUserId" = ANY($1) FOR UPDATE`, [people.map((p) => p.id)]);
      for (const press of presses) gateway.dispatch("INTERACTION_CREATE", press);
      await until(async () => presses.every((p) => rest.callbacksOf(p.id).length > 0), "every press acknowledged", 30_000);
      await killHard(first);
    } finally {
      await holder.end();
    }
    expect(presses.map((p) => rest.callbacksOf(p.id).map((call) => call.body.type))).toEqual(presses.map(() => [DEFERRED_UPDATE_MESSAGE]));
    expect(await received(presses.map((p) => p.id))).toBe(BURST);
    expect(await clientsLeft()).toBe(BURST);

    const second = await discordBot();
    let left = BURST;
    await until(
      async () => (left = await clientsLeft()) === 0,
      () => `every client deleted (left: ${left})`,
    );
    await until(async () => (await inboxRows()) === 0, "the inbox to be empty");
    // The question each person pressed on now says it is done, without its buttons.
    await until(async () => presses.every((p) => editsOf(p.token).length > 0), "every question edited");
    expect(presses.map((p) => editsOf(p.token).map((e) => [e.body.content, e.body.components]))).toEqual(presses.map(() => [[say.deleted, []]]));
    expect(presses.map((p) => rest.callbacksOf(p.id).length)).toEqual(presses.map(() => 1));
    console.info(
      `[inbox-crash] discord delete confirmations: tried ${BURST}, acknowledged ${BURST} while the deletions waited, deleted after the restart ${BURST - left}`,
    );
    await killHard(second);
  }, 300_000);
});
