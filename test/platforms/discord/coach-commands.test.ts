// The coach's side of /coach and people's own data, through the real discord.js client against
// the local REST and gateway stand-ins, on a real engine and database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fillTemplate } from "../../../src/domain/script.js";
import { interactionWording as say } from "../../../src/interactions/index.js";
import { wording } from "../../../src/platforms/discord/wording.js";
import { catalog, converse, type DiscordHarness, questionIn, runDeferred, startHarness, typeInDm, waitFor } from "./support/harness.js";
import { type CommandOption, coachCommand, type MemberShape, pressOn, type TestUser, testUser } from "./support/payloads.js";
import { type PostedMessage, snowflake } from "./support/rest-stand-in.js";

const EPHEMERAL = 64;
const DEFERRED = { type: 5, data: { flags: EPHEMERAL } };
/** Discord's DEFERRED_UPDATE_MESSAGE: a component's press acknowledged, its message edited later. */
const DEFERRED_UPDATE = { type: 6 };

const coach = testUser("coach.kim", "Kim");
const roleId = snowflake();
let h: DiscordHarness;

beforeAll(async () => {
  h = await startHarness({ coaches: [coach], coachRoleId: roleId });
});

afterAll(async () => {
  await h?.close();
});

const run = (who: TestUser, command: { group?: string; sub: string; options?: CommandOption[] }, member?: MemberShape) =>
  runDeferred(h, coachCommand(h.ids, who, command, member ? { member } : {}), `the reply to /coach ${command.group ?? ""} ${command.sub}`);
const userOpt = (user: TestUser): CommandOption => ({ type: "user", name: "user", user });
const clientRow = (user: TestUser) => h.db.prisma.client.findFirst({ where: { platformUserId: user.id } });

describe("who may use coach commands", () => {
  it("registers the coaches listed in COACH_USER_IDS under their Discord name, and the coach role on the tenant", async () => {
    const row = await h.db.prisma.coach.findFirstOrThrow({ where: { platformUserId: coach.id }, include: { tenant: true } });
    expect(row).toMatchObject({ name: "Kim", tenant: { platform: "discord", externalId: h.ids.guildId, coachRoleId: roleId } });
  });

  it.each([
    [{ sub: "enroll", options: [userOpt(testUser("someone"))] }],
    [{ sub: "clients" }],
    [{ sub: "client", options: [userOpt(testUser("someone.else"))] }],
    [{ group: "session", sub: "start", options: [userOpt(testUser("another"))] }],
    [{ group: "session", sub: "end" }],
    [{ group: "team", sub: "checkin", options: [{ type: "channel", name: "channel", channel: { id: snowflake(), name: "team" } } as CommandOption] }],
  ])("refuses a member who is not a coach, privately: %j", async (command) => {
    const member = testUser(`member.${snowflake()}`);
    const { callbacks, edit } = await run(member, command);
    expect(callbacks.map((c) => c.body)).toEqual([DEFERRED]);
    expect(edit.body.content).toBe(wording.coachOnly);
    expect(await h.db.prisma.coach.findFirst({ where: { platformUserId: member.id } })).toBeNull();
    expect(await h.db.prisma.client.count({ where: { platformUserId: member.id } })).toBe(0);
  });

  it("takes a member holding the coach role as a coach, and registers them", async () => {
    const withRole = testUser("role.holder", "Robin");
    const { edit } = await run(withRole, { sub: "clients" }, { roles: [roleId] });
    expect(edit.body.content).toBe(catalog.session.roster.empty);
    expect(await h.db.prisma.coach.findFirst({ where: { platformUserId: withRole.id } })).toMatchObject({ name: "Robin" });
  });

  it("looks the role up in the server when the command comes from the DM", async () => {
    const inDm = testUser("dm.role.holder", "Dee");
    h.rest.memberRoles.set(inDm.id, [roleId]);
    const channelId = h.rest.dmChannelFor(inDm.id);
    const { edit } = await runDeferred(h, coachCommand(h.ids, inDm, { sub: "clients" }, { inDm: { channelId } }));
    expect(edit.body.content).toBe(catalog.session.roster.empty);
    expect(h.rest.callsTo("GET", `/guilds/${h.ids.guildId}/members/${inDm.id}`)).toHaveLength(1);

    const stranger = testUser("dm.no.role");
    const refused = await runDeferred(h, coachCommand(h.ids, stranger, { sub: "clients" }, { inDm: { channelId: h.rest.dmChannelFor(stranger.id) } }));
    expect(refused.edit.body.content).toBe(wording.coachOnly);
  });
});

describe("a coach's day", () => {
  const client = testUser("sam.client", "Sam");

  it("enroll: the person becomes the coach's client and gets the focus suggestion, then the welcome, by DM", async () => {
    const { callbacks, edit } = await run(coach, { sub: "enroll", options: [userOpt(client), { type: "string", name: "area", value: "exercise" }] });
    expect(callbacks.map((c) => c.body)).toEqual([DEFERRED]);
    expect(edit.body.content).toBe(say.enrolled(`<@${client.id}>`, "Exercise"));
    expect(edit.body.allowed_mentions).toEqual({ parse: [] });
    const coachRow = await h.db.prisma.coach.findFirstOrThrow({ where: { platformUserId: coach.id } });
    expect(await clientRow(client)).toMatchObject({ coachId: coachRow.id, name: "Sam" });
    const [suggestion, welcome] = h.rest.dmMessages(client.id);
    expect(suggestion!.content).toBe(say.invited("Kim", "Exercise"));
    expect(welcome!.content).toContain(catalog.scripts.onboarding.steps[0]!.ask);
  });

  it("clients: the roster, privately", async () => {
    const { edit } = await run(coach, { sub: "clients" });
    expect(edit.body.content).toContain(fillTemplate(catalog.session.roster.header, { count: 1 }));
    expect(edit.body.content).toContain("Sam");
  });

  it("digest: queued now and sent to the coach's DM, with a private confirmation", async () => {
    const { edit } = await run(coach, { sub: "digest" });
    expect(edit.body.content).toBe(catalog.digest.onItsWay);
    expect(h.rest.dmMessages(coach.id).some((m) => /^Your coaching digest, /.test(m.content))).toBe(true);
  });

  it("a digest's chart is attached to the DM as a file", async () => {
    const tenant = await h.db.prisma.tenant.findFirstOrThrow({ where: { platform: "discord" } });
    await h.db.prisma.outboxMessage.create({
      data: {
        tenantId: tenant.id,
        recipient: coach.id,
        kind: "digest",
        dedupeKey: "chart-test",
        availableAt: new Date(),
        payload: {
          prompts: [{ id: "digest", text: "Your coaching digest (chart test)", input: { kind: "none" } }],
          attachments: [{ filename: "weekly-achievement.png", contentType: "image/png", dataBase64: Buffer.from("PNG-BYTES").toString("base64") }],
        },
      },
    });
    await h.adapter.deliverOutbox();
    const call = h.rest.callsTo("POST", `/channels/${h.rest.dmChannelFor(coach.id)}/messages`).find((c) => /chart test/.test(JSON.stringify(c.body)));
    expect((call!.body as { _files: { name: string; text: string }[] })._files).toEqual([
      expect.objectContaining({ name: "weekly-achievement.png", text: "PNG-BYTES" }),
    ]);
  });

  it("client: the preparation view of the coach's own client only", async () => {
    const { edit } = await run(coach, { sub: "client", options: [userOpt(client)] });
    expect(edit.body.content).toMatch(/^Preparing for a session with Sam/);
    const stranger = testUser("not.mine");
    expect((await run(coach, { sub: "client", options: [userOpt(stranger)] })).edit.body.content).toBe(
      say.notYourClient(`<@${stranger.id}>`, "`/coach enroll`"),
    );
  });

  it("session start / note / end: the guide by DM, the running session found without naming the client", async () => {
    // Onboarding, from the welcome the enrollment sent.
    const askDomain = questionIn(await typeInDm(h, client, "Sam"))!;
    await converse(h, client, askDomain, (replies) => questionIn(replies) === undefined);
    const coachDms = () => h.rest.dmMessages(coach.id).map((m) => m.content);
    const started = await run(coach, { group: "session", sub: "start", options: [userOpt(client), { type: "integer", name: "minutes", value: 45 }] });
    expect(started.edit.body.content).toBe(wording.sessionGuideSent);
    await waitFor(() => coachDms().some((c) => c.includes("Session with Sam started: 45 minutes")), "the session guide");
    expect(await h.db.prisma.coachingSession.findFirst({ where: { client: { platformUserId: client.id } } })).toMatchObject({
      lengthMinutes: 45,
      phase: "opening",
    });

    const note = await run(coach, { group: "session", sub: "note", options: [{ type: "string", name: "text", value: "proud of the new routine" }] });
    expect(note.edit.body.content).toBe(`${wording.sessionGuideSent} ${wording.sessionWith(`<@${client.id}>`)}`);
    const session = await h.db.prisma.coachingSession.findFirstOrThrow({ where: { client: { platformUserId: client.id } } });
    expect(JSON.stringify(session.notes)).toContain("proud of the new routine");

    const previewed = await run(coach, { group: "session", sub: "end" });
    expect(previewed.edit.body.content).toContain(wording.sessionGuideSent);
    expect(h.rest.dmMessages(coach.id).at(-1)!.content).toMatch(/^This is the summary Sam will get/);
    expect(
      h.rest
        .dmMessages(client.id)
        .map((m) => m.content)
        .join("\n"),
    ).not.toContain("Thank you for our session today");
    const ended = await run(coach, { group: "session", sub: "send" });
    expect(ended.edit.body.content).toContain(wording.sessionGuideSent);
    expect((await h.db.prisma.coachingSession.findFirstOrThrow({ where: { id: session.id } })).phase).toBe("ended");
    expect(
      h.rest
        .dmMessages(client.id)
        .map((m) => m.content)
        .join("\n"),
    ).not.toContain("proud of the new routine");
    expect(h.rest.dmMessages(client.id).at(-1)!.content).toContain(fillTemplate(catalog.session.messages.clientSummary, { name: "Sam" }));

    expect((await run(coach, { group: "session", sub: "next" })).edit.body.content).toBe(say.noSession("`/coach session start`"));

    const booked = await run(coach, {
      group: "session",
      sub: "schedule",
      options: [userOpt(client), { type: "string", name: "when", value: "2099-01-15 10:30" }],
    });
    expect(booked.edit.body.content).toMatch(/^Next session with Sam booked for Thu 15 Jan, 10:30/);
    expect(await h.db.prisma.scheduledJob.count({ where: { kind: "session_reminder", period: "2099-01-15T10:30:00.000Z" } })).toBe(1);
  });

  it("export: a client gets their own data as a JSON file, privately; their coach may export it too, nobody else", async () => {
    const own = await run(client, { sub: "export" });
    expect(own.callbacks.map((c) => c.body)).toEqual([DEFERRED]);
    expect(own.edit.body.content).toBe(say.exportReady(null));
    const [file] = own.edit.body._files;
    expect(file.name).toMatch(/^coaching-data-\d{4}-\d{2}-\d{2}\.json$/);
    const data = JSON.parse(file.text);
    // The command itself waits in the inbox while it runs, so it is listed, without the token
    // Discord gave it to answer with (whoever holds that may post as the bot for 15 minutes).
    expect(data.inboxEvents.map((e: { eventId: string }) => e.eventId)).toEqual([own.interactionId]);
    expect(file.text).not.toContain(`token-${own.interactionId}`);
    expect(data.inboxEvents[0].payload.interaction.data.options).toEqual([{ name: "export", type: 1 }]);
    expect(data.client).toMatchObject({ platformUserId: client.id, name: "Sam" });
    expect(data.client.sessions).toHaveLength(1);

    const byCoach = await run(coach, { sub: "export", options: [userOpt(client)] });
    expect(JSON.parse(byCoach.edit.body._files[0].text).client.platformUserId).toBe(client.id);

    const nosy = await run(testUser("nosy"), { sub: "export", options: [userOpt(client)] });
    expect(nosy.edit.body.content).toBe(wording.coachOnly);
    expect(nosy.edit.body._files).toBeUndefined();

    const nobody = await run(testUser("newcomer"), { sub: "export" });
    expect(nobody.edit.body.content).toBe(say.noData(null));
  });

  it("delete: asks first; 'keep' deletes nothing, 'delete everything' deletes it all", async () => {
    const asked = await run(client, { sub: "delete" });
    expect(asked.edit.body.content).toBe(say.deleteQuestion(null));
    const buttons = asked.edit.body.components[0].components;
    expect(buttons.map((b: any) => [b.label, b.style])).toEqual([
      [say.deleteButton, 4],
      [say.keepButton, 2],
    ]);
    const confirmation: PostedMessage = {
      id: snowflake(),
      channel_id: h.ids.channelId,
      content: asked.edit.body.content,
      components: asked.edit.body.components,
      flags: EPHEMERAL,
    };

    // A press is stored, acknowledged by a deferred update, then the question is edited in place.
    const keep = await runDeferred(h, pressOn(h.ids, client, confirmation, buttons[1].custom_id));
    expect(keep.callbacks.map((c) => c.body)).toEqual([DEFERRED_UPDATE]);
    expect(keep.edit.body).toMatchObject({ content: say.kept, components: [] });
    expect(await clientRow(client)).not.toBeNull();

    // Someone else pressing the button of a copy of it changes nothing, and is told privately.
    const intruder = pressOn(h.ids, testUser("intruder"), confirmation, buttons[0].custom_id);
    h.gateway.dispatch("INTERACTION_CREATE", intruder);
    const [note] = await waitFor(() => {
      const notes = h.rest.callsTo("POST", `/webhooks/${h.ids.applicationId}/${intruder.token}`);
      return notes.length > 0 && notes;
    }, "the private note to the intruder");
    await h.adapter.idle();
    expect(h.rest.callbacksOf(intruder.id).map((c) => c.body)).toEqual([DEFERRED_UPDATE]);
    expect(note!.body).toMatchObject({ content: say.notYours, flags: EPHEMERAL });
    expect(h.rest.callsTo("PATCH", `/webhooks/${h.ids.applicationId}/${intruder.token}/messages/@original`)).toEqual([]);
    expect(await clientRow(client)).not.toBeNull();

    const done = await runDeferred(h, pressOn(h.ids, client, confirmation, buttons[0].custom_id));
    expect(done.callbacks.map((c) => c.body)).toEqual([DEFERRED_UPDATE]);
    expect(done.edit.body).toMatchObject({ content: say.deleted, components: [] });
    expect(await clientRow(client)).toBeNull();
    expect(await h.db.prisma.coachingSession.count({ where: { client: { platformUserId: client.id } } })).toBe(0);
    expect(await h.db.prisma.outboxMessage.count({ where: { recipient: client.id } })).toBe(0);
    // Nothing of the press is left in the inbox: the row, and the interaction token in it, are gone.
    expect(await h.db.prisma.inboxEvent.count()).toBe(0);

    const again = await runDeferred(h, pressOn(h.ids, client, confirmation, buttons[0].custom_id));
    expect(again.edit.body.content).toBe(say.alreadyDeleted);
  });
});
