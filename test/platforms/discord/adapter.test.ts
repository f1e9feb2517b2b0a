// The Discord adapter end to end: the real discord.js client against local stand-ins for
// Discord's REST API and gateway, a real engine and outbox on in-memory PGlite.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Prompt } from "../../../src/domain/prompt.js";
import { interactionWording as say } from "../../../src/interactions/index.js";
import { PermanentDeliveryError } from "../../../src/outbox/sender.js";
import { wording } from "../../../src/platforms/discord/wording.js";
import {
  allButtons,
  buttonLabelled,
  catalog,
  type DiscordHarness,
  questionIn,
  repliesTo,
  runDeferred,
  startHarness,
  typeInDm,
  waitFor,
} from "./support/harness.js";
import { buttonPress, coachCommand, directMessage, PERMISSIONS, slashCommand, type TestUser, testUser } from "./support/payloads.js";
import { snowflake } from "./support/rest-stand-in.js";

const EPHEMERAL = 64;
const CALLBACK = { reply: 4 } as const;

let h: DiscordHarness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

/** Runs `/coach <sub>` for the user; resolves once the deferred reply was edited. */
async function slash(user: TestUser, sub: string) {
  const payload = slashCommand(h.ids, user, sub);
  const editPath = `/webhooks/${h.ids.applicationId}/${payload.token}/messages/@original`;
  h.gateway.dispatch("INTERACTION_CREATE", payload);
  const [edit] = await waitFor(() => h.rest.callsTo("PATCH", editPath).length > 0 && h.rest.callsTo("PATCH", editPath), `the reply to /coach ${sub}`);
  await h.adapter.idle();
  return { callbacks: h.rest.callbacksOf(payload.id), edit: edit! };
}

describe("start-up", () => {
  it("identifies with the Guilds and DirectMessages intents only (no privileged MessageContent)", () => {
    expect(h.gateway.identifies).toHaveLength(1);
    expect(h.gateway.identifies[0].token).toBe("stand-in-token");
    expect(h.gateway.identifies[0].intents).toBe((1 << 0) | (1 << 12));
    expect(h.gateway.identifies[0].intents & (1 << 15)).toBe(0);
  });

  it("registers /coach with its subcommands in the configured guild, not globally", () => {
    const puts = h.rest.callsTo("PUT", `/applications/${h.ids.applicationId}/guilds/${h.ids.guildId}/commands`);
    expect(puts).toHaveLength(1);
    expect(h.rest.callsTo("PUT", `/applications/${h.ids.applicationId}/commands`)).toHaveLength(0);
    const [coach, ...others] = puts[0]!.body;
    expect(others).toHaveLength(0);
    expect(coach.name).toBe("coach");
    const names = coach.options.map((o: any) => (o.type === 2 ? `${o.name} (${o.options.map((s: any) => s.name).join(", ")})` : o.name));
    expect(names).toEqual([
      "help",
      "status",
      "checkin",
      "goals",
      "newgoal",
      "change",
      "review",
      "vision",
      "assessment",
      "settings (focus, pause, resume, checkins, cadence)",
      "program",
      "continue",
      "restage",
      "data (privacy, export, delete)",
      "enroll",
      "release",
      "clients",
      "client",
      "stage",
      "digest",
      "dashboard",
      "session (start, next, note, goal, share, end, send, schedule)",
      "team (link, checkin, remind)",
      "flag (list, ack, resolve)",
    ]);
    // The enroll command offers the domains of the loaded flows.
    const enroll = coach.options.find((o: any) => o.name === "enroll");
    expect(enroll.options[1].choices).toEqual(catalog.domains.map((d) => ({ name: d.label, value: d.key })));
  });
});

describe("failures a user can cause", () => {
  it("a user with DMs closed: the outbox row goes dead and the command's reply says why", async () => {
    const user = testUser("private.person");
    const channel = h.rest.dmChannelFor(user.id);
    h.rest.failNext("POST", `/channels/${channel}/messages`, 403, { code: 50007, message: "Cannot send messages to this user" }, 10);
    const { edit } = await slash(user, "help");
    expect(edit.body.content).toBe(wording.dmClosed);
    const rows = await h.db.prisma.outboxMessage.findMany({ where: { recipient: user.id }, orderBy: { id: "asc" } });
    expect(rows[0]).toMatchObject({ status: "dead", attempts: 1, lastError: expect.stringContaining("Cannot send messages to this user") });
    expect(h.rest.dmMessages(user.id)).toHaveLength(0);
  });

  it("an unknown custom_id gets a polite private reply and a log line", async () => {
    const user = testUser("tinkerer");
    const greeting = questionIn(await typeInDm(h, user, "hi"))!;
    const payload = buttonPress(h.ids, user, greeting, "v0:something-old");
    h.gateway.dispatch("INTERACTION_CREATE", payload);
    const [reply] = await waitFor(() => h.rest.callbacksOf(payload.id).length > 0 && h.rest.callbacksOf(payload.id), "the reply");
    await h.adapter.idle();
    expect(reply!.body).toEqual({ type: CALLBACK.reply, data: expect.objectContaining({ content: wording.unknownComponent, flags: EPHEMERAL }) });
    expect(h.logs).toContainEqual(expect.objectContaining({ level: "warn", msg: "discord: unrecognised component or form", customId: "v0:something-old" }));
  });

  it("an expired interaction (10062) is logged, and the answer still counts", async () => {
    const user = testUser("slowpoke");
    await typeInDm(h, user, "hi");
    const askDomain = questionIn(await typeInDm(h, user, "Kim"))!;
    const payload = buttonPress(h.ids, user, askDomain, buttonLabelled(askDomain, "Stress").custom_id);
    h.rest.failNext("POST", `/interactions/${payload.id}/${payload.token}/callback`, 404, { code: 10062, message: "Unknown interaction" });
    const replies = await repliesTo(h, user, () => h.gateway.dispatch("INTERACTION_CREATE", payload));
    const stress = catalog.domains.find((d) => d.key === "stress")!;
    expect(questionIn(replies)!.content).toContain(stress.criterion);
    expect(h.logs).toContainEqual(expect.objectContaining({ level: "warn", code: 10062, interactionId: payload.id }));
    // The client carries on serving others.
    const other = testUser("next.in.line");
    expect((await typeInDm(h, other, "hi"))[0]!.content).toContain(catalog.scripts.onboarding.steps[0]!.ask);
  });
});

describe("direct messages", () => {
  it("ignores messages from bots and messages in the server, and answers the person's DM", async () => {
    const user = testUser("quiet.one");
    const otherBot = { ...testUser("another-bot"), bot: true };
    const fromBot = directMessage(otherBot, h.rest.dmChannelFor(otherBot.id), "hi");
    const inServer = { ...directMessage(user, h.ids.channelId, "hi everyone"), channel_type: 0, guild_id: h.ids.guildId };
    h.gateway.dispatch("MESSAGE_CREATE", fromBot);
    h.gateway.dispatch("MESSAGE_CREATE", inServer);
    const [greeting, ...extra] = await typeInDm(h, user, "hi");
    expect(extra).toEqual([]);
    expect(greeting!.content).toContain(catalog.scripts.onboarding.steps[0]!.ask);
    expect(h.rest.dmMessages(otherBot.id)).toHaveLength(0);
    for (const ignored of [fromBot, inServer]) expect(await h.db.prisma.processedEvent.findUnique({ where: { eventId: ignored.id } })).toBeNull();
  });

  it("takes a command typed as text in the DM", async () => {
    const user = testUser("typist");
    await typeInDm(h, user, "hi");
    const replies = await typeInDm(h, user, "/help");
    expect(replies.map((r) => r.content)).toContainEqual(expect.stringContaining(catalog.messages.help.split("\n")[0]!));
  });
});

describe("the deliverer", () => {
  const info = (id: string, text: string): Prompt => ({ id, text, input: { kind: "none" } });

  it("sends a long prompt as several DMs of at most 2000 characters and reports the last id", async () => {
    const user = testUser("reader");
    const text = "Keep going, one small step at a time. ".repeat(130).trim();
    const ask: Prompt = {
      id: "x-1:ready",
      text: "Ready?",
      input: {
        kind: "choice",
        options: [
          { value: "y", label: "Yes" },
          { value: "n", label: "No" },
        ],
      },
    };
    const result = await h.adapter.deliverer.deliver({ id: 90_001, recipient: user.id, prompts: [info("x-1:long", text), ask] });
    const dms = h.rest.dmMessages(user.id);
    expect(dms.map((d) => d.content.length)).toEqual([expect.any(Number), expect.any(Number), expect.any(Number), 6]);
    expect(dms.every((d) => d.content.length <= 2000)).toBe(true);
    expect(
      dms
        .slice(0, 3)
        .map((d) => d.content)
        .join(" "),
    ).toBe(text);
    expect(dms.slice(0, 3).every((d) => d.components.length === 0)).toBe(true);
    expect(allButtons(dms[3]!).map((b) => b.custom_id)).toEqual(["a|x-1:ready|y", "a|x-1:ready|n"]);
    expect(result).toEqual({ platformMessageId: dms[3]!.id });
    const nonces = h.rest.callsTo("POST", `/channels/${h.rest.dmChannelFor(user.id)}/messages`).map((c) => c.body.nonce);
    expect(nonces).toEqual(["o90001.0", "o90001.1", "o90001.2", "o90001.3"]);
  });

  it.each([
    [50007, 403, "Cannot send messages to this user", "messages"],
    [50001, 403, "Missing Access", "messages"],
    [10003, 404, "Unknown Channel", "messages"],
    [10013, 404, "Unknown User", "open"],
  ] as const)("treats code %i as permanent", async (code, status, message, failing) => {
    const user = testUser(`refuses-${code}`);
    const path = failing === "open" ? "/users/@me/channels" : `/channels/${h.rest.dmChannelFor(user.id)}/messages`;
    h.rest.failNext("POST", path, status, { code, message });
    const error = await h.adapter.deliverer.deliver({ id: 90_002, recipient: user.id, prompts: [info("x:1", "Hello")] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentDeliveryError);
    expect(error).toMatchObject({ reason: String(code), message: expect.stringContaining(message) });
    expect(h.adapter.deliverer.refusedReason(user.id)).toBe(String(code));
  });

  it("opens the DM channel again after Discord forgot it (10003), and forgets the refusal once a DM gets through", async () => {
    const user = testUser("moved");
    const opens = () => h.rest.callsTo("POST", "/users/@me/channels").filter((c) => c.body.recipient_id === user.id).length;
    await h.adapter.deliverer.deliver({ id: 90_003, recipient: user.id, prompts: [info("x:1", "First")] });
    await h.adapter.deliverer.deliver({ id: 90_004, recipient: user.id, prompts: [info("x:2", "Second")] });
    expect(opens()).toBe(1);
    h.rest.failNext("POST", `/channels/${h.rest.dmChannelFor(user.id)}/messages`, 404, { code: 10003, message: "Unknown Channel" });
    await expect(h.adapter.deliverer.deliver({ id: 90_005, recipient: user.id, prompts: [info("x:3", "Third")] })).rejects.toBeInstanceOf(
      PermanentDeliveryError,
    );
    await h.adapter.deliverer.deliver({ id: 90_006, recipient: user.id, prompts: [info("x:4", "Fourth")] });
    expect(opens()).toBe(2);
    expect(h.adapter.deliverer.refusedReason(user.id)).toBeUndefined();
    expect(h.rest.dmMessages(user.id).map((m) => m.content)).toEqual(["First", "Second", "Fourth"]);
  });

  it("leaves other errors to the outbox's retries", async () => {
    const user = testUser("bad-request");
    h.rest.failNext("POST", `/channels/${h.rest.dmChannelFor(user.id)}/messages`, 400, { code: 50035, message: "Invalid Form Body" });
    const error = await h.adapter.deliverer.deliver({ id: 90_007, recipient: user.id, prompts: [info("x:1", "Hello")] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(PermanentDeliveryError);
    expect(h.adapter.deliverer.refusedReason(user.id)).toBeUndefined();
  });
});

// Last: these set the server up, which the tests above do not expect.
describe("a server with no coach yet", () => {
  const teamLink = (channelId: string) => ({
    group: "team",
    sub: "link",
    options: [{ type: "channel" as const, name: "channel", channel: { id: channelId, name: "crew" } }],
  });

  it("answers coach commands with the setup hint, privately", async () => {
    const tenant = await h.db.prisma.tenant.findFirstOrThrow({ where: { externalId: h.ids.guildId }, include: { coaches: true } });
    expect(tenant).toMatchObject({ coachRoleId: null, coaches: [] });
    for (const command of [{ sub: "clients" }, teamLink(snowflake())]) {
      const { callbacks, edit } = await runDeferred(h, coachCommand(h.ids, testUser("early.bird"), command));
      expect(callbacks.map((c) => c.body)).toEqual([{ type: 5, data: { flags: EPHEMERAL } }]);
      expect(edit.body.content).toBe(wording.setupHint);
    }
    expect(await h.db.prisma.team.count()).toBe(0);
  });

  it("is set up by a member with Manage Server linking a team channel; then others are refused, not hinted", async () => {
    const admin = testUser("the.admin", "Alex");
    const channelId = snowflake();
    const linked = await runDeferred(h, coachCommand(h.ids, admin, teamLink(channelId), { member: { permissions: PERMISSIONS.manageServer } }));
    expect(linked.edit.body.content).toBe(say.team.linked(`<#${channelId}>`, "crew"));
    expect(await h.db.prisma.coach.findFirst({ where: { platformUserId: admin.id } })).toMatchObject({ name: "Alex" });

    // Manage Server alone is not enough for the other coach commands...
    const other = testUser("other.admin");
    const refused = await runDeferred(h, coachCommand(h.ids, other, { sub: "clients" }, { member: { permissions: PERMISSIONS.manageServer } }));
    expect(refused.edit.body.content).toBe(wording.coachOnly);
    // ...while the registered coach now has them.
    const roster = await runDeferred(h, coachCommand(h.ids, admin, { sub: "clients" }));
    expect(roster.edit.body.content).toBe(catalog.session.roster.empty);
  });
});

describe("the client's own commands typed in the DM", () => {
  const user = testUser("typist");
  it("runs /export typed as text, as /help lists it: the file comes in the DM, not 'unknown command'", async () => {
    await typeInDm(h, user, "hi");
    await typeInDm(h, user, "Tia");
    const replies = await typeInDm(h, user, "/export");
    expect(replies.map((m) => m.content)).toEqual([say.exportReady(null)]);
    const upload = h.rest.callsTo("POST", `/channels/${h.rest.dmChannelFor(user.id)}/messages`).at(-1)!;
    const files = (upload.body as { _files: { name: string; text: string }[] })._files;
    expect(files.map((f) => f.name)).toEqual([expect.stringMatching(/^coaching-data-\d{4}-\d{2}-\d{2}\.json$/)]);
    expect((JSON.parse(files[0]!.text) as { client: { platformUserId: string } }).client.platformUserId).toBe(user.id);
  });

  it('asks with two buttons before deleting when /delete is typed, and deletes on "Delete everything"', async () => {
    const [question] = await typeInDm(h, user, "/delete");
    expect(question!.content).toBe(say.deleteQuestion(null));
    expect(allButtons(question!).map((b) => b.label)).toEqual([say.deleteButton, say.keepButton]);
    expect(await h.db.prisma.client.count({ where: { platformUserId: user.id } })).toBe(1);

    // Pressed in the DM: stored, acknowledged by a deferred update, then the question says it is done.
    const pressed = await runDeferred(h, buttonPress(h.ids, user, question!, buttonLabelled(question!, say.deleteButton).custom_id));
    expect(pressed.callbacks.map((c) => c.body)).toEqual([{ type: 6 }]);
    expect(pressed.edit.body).toMatchObject({ content: say.deleted, components: [] });
    expect(await h.db.prisma.client.count({ where: { platformUserId: user.id } })).toBe(0);
    expect(await h.db.prisma.inboxEvent.count()).toBe(0);
  });
});
