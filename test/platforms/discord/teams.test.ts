// Corporate team check-ins on Discord, end to end: the real discord.js client against the local
// REST and gateway stand-ins, the team service on a real database. The scheduler's calls
// (postTeamCheckIn, remindTeam) are made here directly, the way it makes them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isoWeek } from "../../../src/domain/calendar.js";
import { interactionWording as say } from "../../../src/interactions/index.js";
import { wording } from "../../../src/platforms/discord/wording.js";
import { postTeamCheckIn, remindTeam } from "../../../src/teams/index.js";
import { teamWording } from "../../teams/support/wording.js";
import { allButtons, type DiscordHarness, runCallback, runDeferred, startHarness, waitFor } from "./support/harness.js";
import { coachCommand, PERMISSIONS, pressOn, type TeamFormValues, type TestUser, teamFormSubmit, testUser } from "./support/payloads.js";
import { messageIn, type PostedMessage, snowflake } from "./support/rest-stand-in.js";

const EPHEMERAL = 64;
const w = teamWording((text) => `**${text}**`, wording.team.answerButton);
const coach = testUser("coach.ana", "Ana");
let h: DiscordHarness;

beforeAll(async () => {
  h = await startHarness({ coaches: [coach] });
});

afterAll(async () => {
  await h?.close();
});

const channel = (name: string) => ({ id: snowflake(), name });

/** `/coach team link channel:#x [name:]` by `who`. */
const link = (who: TestUser, target: { id: string; name: string }, opts: { name?: string; permissions?: string } = {}) =>
  runDeferred(
    h,
    coachCommand(
      h.ids,
      who,
      {
        group: "team",
        sub: "link",
        options: [{ type: "channel", name: "channel", channel: target }, ...(opts.name ? [{ type: "string" as const, name: "name", value: opts.name }] : [])],
      },
      { member: { permissions: opts.permissions ?? PERMISSIONS.member } },
    ),
  );

/** The member presses "Answer privately" on `message`; returns the form Discord was asked to show. */
async function openTeamForm(member: TestUser, message: PostedMessage, { guildChannel = true } = {}) {
  const button = allButtons(message).find((b) => b.label === w.answerButton);
  if (!button) throw new Error(`no "${w.answerButton}" on: ${message.content}`);
  const callback = await runCallback(h, pressOn(h.ids, member, message, button.custom_id, { guildChannel }), "the team form");
  expect(callback.body.type).toBe(9);
  return callback.body.data;
}

/** Opens the form on `message` and submits `values`; returns the form and the private reply. */
async function answerTeam(member: TestUser, message: PostedMessage, values: TeamFormValues, { guildChannel = true } = {}) {
  const form = await openTeamForm(member, message, { guildChannel });
  const run = await runDeferred(h, teamFormSubmit(h.ids, member, message, form.custom_id, values, { guildChannel }), "the answer's confirmation");
  expect(run.callbacks.map((c) => c.body)).toEqual([{ type: 5, data: { flags: EPHEMERAL } }]);
  return { form, reply: run.edit.body };
}

const current = (m: PostedMessage) => messageIn(h.rest, m.channel_id, m.id)!;

describe("linking a channel to a team", () => {
  it("a coach links a channel: the team is theirs and the channel is told how it works", async () => {
    const target = channel("team-alpha");
    const { edit } = await link(coach, target, { name: "Alpha" });
    expect(edit.body.content).toBe(say.team.linked(`<#${target.id}>`, "Alpha"));
    const team = await h.db.prisma.team.findFirstOrThrow({ where: { channelId: target.id }, include: { coach: true } });
    expect(team).toMatchObject({ name: "Alpha", reachable: true, coach: { platformUserId: coach.id } });
    expect(h.rest.posted.get(target.id)!.map((m) => m.content)).toEqual([say.team.linkAnnouncement("Alpha")]);
  });

  it("a plain member is refused", async () => {
    const target = channel("team-beta");
    const member = testUser("plain.member");
    const { edit } = await link(member, target);
    expect(edit.body.content).toBe(wording.linkNeedsCoach);
    expect(await h.db.prisma.team.findFirst({ where: { channelId: target.id } })).toBeNull();
    expect(await h.db.prisma.coach.findFirst({ where: { platformUserId: member.id } })).toBeNull();
  });

  it("a member with Manage Server may link, and becomes the team's coach (named after the channel)", async () => {
    const target = channel("team-gamma");
    const admin = testUser("server.admin", "Sasha");
    const { edit } = await link(admin, target, { permissions: PERMISSIONS.manageServer });
    expect(edit.body.content).toBe(say.team.linked(`<#${target.id}>`, "team-gamma"));
    const team = await h.db.prisma.team.findFirstOrThrow({ where: { channelId: target.id }, include: { coach: true } });
    expect(team.coach).toMatchObject({ platformUserId: admin.id, name: "Sasha" });
  });
});

describe("a week's team check-in", () => {
  const target = channel("team-delta");
  const members = [testUser("m.one", "One"), testUser("m.two", "Two"), testUser("m.three", "Three"), testUser("m.four", "Four")];
  let teamId: string;
  let post: PostedMessage;

  beforeAll(async () => {
    await link(coach, target, { name: "Delta" });
    teamId = (await h.db.prisma.team.findFirstOrThrow({ where: { channelId: target.id } })).id;
  });

  it("is posted in the channel with an 'Answer privately' button, once", async () => {
    const result = await postTeamCheckIn(h.teams, teamId, "2026-W48");
    expect(result.status).toBe("posted");
    post = h.rest.posted.get(target.id)!.at(-1)!;
    expect(post.content).toContain(w.postHeader("Delta", "2026-W48"));
    expect(allButtons(post).map((b) => [b.label, b.custom_id])).toEqual([[w.answerButton, `t|${(result as { post: { checkInId: string } }).post.checkInId}`]]);
    const [call] = h.rest.callsTo("POST", `/channels/${target.id}/messages`).slice(-1);
    expect(call!.body).toMatchObject({ enforce_nonce: true, allowed_mentions: { parse: [] } });
    expect(call!.body.nonce.length).toBeLessThanOrEqual(25);
    expect((await postTeamCheckIn(h.teams, teamId, "2026-W48")).status).toBe("already_posted");
    expect(h.rest.posted.get(target.id)!.filter((m) => m.content.includes("2026-W48"))).toHaveLength(1);
  });

  it("opens a private form within Discord's modal limits", async () => {
    const form = await openTeamForm(members[0]!, post);
    expect(form.title.length).toBeLessThanOrEqual(45);
    expect(form.components.length).toBeLessThanOrEqual(5);
    for (const label of form.components) {
      expect(label.type).toBe(18);
      expect(label.label.length).toBeLessThanOrEqual(45);
      expect((label.description ?? "").length).toBeLessThanOrEqual(100);
    }
    expect(form.components.map((c: any) => [c.component.type, c.component.custom_id, c.component.required])).toEqual([
      [4, "achievement", true],
      [4, "mood", true],
      [4, "note", false],
      [3, "share", true],
    ]);
    expect(form.components[3].component.options.map((o: any) => [o.value, o.default])).toEqual([
      ["no", true],
      ["yes", false],
    ]);
    expect(form.components[0].component.value).toBeUndefined();
  });

  it("two answers: the post shows the count only, never averages", async () => {
    const first = await answerTeam(members[0]!, post, { achievement: "80", mood: "8", note: "felt strong" });
    expect(first.reply.content).toBe(w.saved(80, 8, false, false));
    expect(current(post).content).toContain(w.answeredSoFar(1, 3));
    await answerTeam(members[1]!, post, { achievement: "40%", mood: "4", note: "I walked every day", share: "yes" });
    const shown = current(post).content;
    expect(shown).toContain(w.answeredSoFar(2, 3));
    expect(shown).not.toMatch(/average (achievement|mood)/i);
    expect(shown).not.toContain("I walked every day");
    expect(allButtons(current(post)).map((b) => b.label)).toEqual([w.answerButton]);
    const edits = h.rest.callsTo("PATCH", `/channels/${target.id}/messages/${post.id}`);
    expect(edits.every((e) => e.body.allowed_mentions.parse.length === 0)).toBe(true);
  });

  it("an unreadable number gets a kind private note; nothing typed is lost and the form remembers it", async () => {
    const member = members[2]!;
    const { reply } = await answerTeam(member, post, { achievement: "most of it", mood: "6", note: "busy but ok" });
    expect(reply.content).toBe(w.invalid([w.fieldNames.achievement]));
    expect(reply.components[0].components[0]).toMatchObject({ label: w.answerButton, custom_id: allButtons(post)[0].custom_id });
    const draft = await h.db.prisma.teamAnswer.findFirstOrThrow({ where: { client: { platformUserId: member.id } } });
    expect(draft).toMatchObject({ achievement: null, mood: 6, note: "busy but ok" });
    expect(current(post).content).toContain(w.answeredSoFar(2, 3));

    const again = await openTeamForm(member, post);
    expect(again.components.map((c: any) => c.component.value)).toEqual([undefined, "6", "busy but ok", undefined]);
  });

  it("three answers: averages, and only the answer of the member who chose to share", async () => {
    const { reply } = await answerTeam(members[2]!, post, { achievement: "60", mood: "6", note: "busy but ok" });
    expect(reply.content).toBe(w.saved(60, 6, false, false));
    const shown = current(post).content;
    expect(shown).toContain(w.summary(3, 60, 6));
    expect(shown).toContain(w.sharedLine(`<@${members[1]!.id}>`, 40, 4, "I walked every day"));
    expect(shown).not.toContain("felt strong");
    expect(shown).not.toContain("busy but ok");
    expect(shown).not.toContain(members[0]!.id);
    expect(shown).not.toContain(members[2]!.id);
    const checkIn = await h.db.prisma.teamCheckIn.findFirstOrThrow({ where: { teamId, period: "2026-W48" } });
    expect(checkIn.aggregatePostedAt).not.toBeNull();
    // Members became clients of the team's coach, without an onboarding greeting.
    const client = await h.db.prisma.client.findFirstOrThrow({ where: { platformUserId: members[0]!.id }, include: { coach: true, teamMemberships: true } });
    expect(client).toMatchObject({ coach: { platformUserId: coach.id }, teamMemberships: [expect.objectContaining({ teamId })] });
    expect(h.rest.dmMessages(members[0]!.id)).toEqual([]);
  });

  it("answering twice updates the answer, and the form shows the earlier one", async () => {
    const form = await openTeamForm(members[0]!, post);
    expect(form.components.map((c: any) => c.component.value)).toEqual(["80", "8", "felt strong", undefined]);
    const { reply } = await answerTeam(members[0]!, post, { achievement: "100", mood: "9", note: "felt strong", share: "yes" });
    expect(reply.content).toBe(w.saved(100, 9, true, true));
    const shown = current(post).content;
    expect(shown).toContain(w.summary(3, 67, 6.3));
    expect(shown).toContain(w.sharedLine(`<@${members[0]!.id}>`, 100, 9, "felt strong"));
    expect(await h.db.prisma.teamAnswer.count({ where: { teamCheckIn: { teamId, period: "2026-W48" } } })).toBe(3);
  });

  it("reminds those who haven't answered by one DM; a second call sends nothing; the DM's button answers", async () => {
    expect((await postTeamCheckIn(h.teams, teamId, "2026-W49")).status).toBe("posted");
    const week49 = h.rest.posted.get(target.id)!.at(-1)!;
    await answerTeam(members[0]!, week49, { achievement: "50", mood: "5" });

    const first = await remindTeam(h.teams, teamId, "2026-W49");
    expect(first.reminded.map((m) => m.platformUserId)).toEqual([members[1]!.id, members[2]!.id]);
    const reminders = await waitFor(
      () => [members[1]!, members[2]!].every((m) => h.rest.dmMessages(m.id).length === 1) && [members[1]!, members[2]!].map((m) => h.rest.dmMessages(m.id)[0]!),
      "the reminder DMs",
    );
    for (const dm of reminders) {
      expect(dm.content).toContain("Delta");
      expect(allButtons(dm).map((b) => [b.label, b.custom_id])).toEqual([[w.answerButton, allButtons(week49)[0].custom_id]]);
    }
    expect(h.rest.dmMessages(members[0]!.id)).toEqual([]);
    expect(h.rest.dmMessages(members[3]!.id)).toEqual([]);

    expect(await remindTeam(h.teams, teamId, "2026-W49")).toEqual({ reminded: [] });
    await h.adapter.idle();
    expect([members[1]!, members[2]!].map((m) => h.rest.dmMessages(m.id).length)).toEqual([1, 1]);

    // Answered from the DM: saved, and the channel's post shows two answers, still no averages.
    const { reply } = await answerTeam(members[1]!, reminders[0]!, { achievement: "70", mood: "7" }, { guildChannel: false });
    expect(reply.content).toBe(w.saved(70, 7, false, false));
    const shown = current(week49).content;
    expect(shown).toContain(w.answeredSoFar(2, 3));
    expect(shown).not.toMatch(/average (achievement|mood)/i);
  });

  it("a check-in whose channel is gone: the team is marked unreachable and its coach is told by DM", async () => {
    const gone = channel("team-gone");
    await link(coach, gone, { name: "Omega" });
    const teamOmega = await h.db.prisma.team.findFirstOrThrow({ where: { channelId: gone.id } });
    h.rest.failNext("POST", `/channels/${gone.id}/messages`, 404, { code: 10003, message: "Unknown Channel" });
    const dmsBefore = h.rest.dmMessages(coach.id).length;
    expect(await postTeamCheckIn(h.teams, teamOmega.id, "2026-W48")).toEqual({ status: "unreachable", reason: expect.stringContaining("10003") });
    expect(await h.db.prisma.team.findUniqueOrThrow({ where: { id: teamOmega.id } })).toMatchObject({ reachable: false });
    const note = await h.db.prisma.outboxMessage.findFirstOrThrow({
      where: { kind: "coach_note", recipient: coach.id, dedupeKey: { startsWith: `team-unreachable:${teamOmega.id}` } },
    });
    expect(note.status).toBe("sent");
    const dm = await waitFor(() => h.rest.dmMessages(coach.id).length > dmsBefore && h.rest.dmMessages(coach.id).at(-1)!, "the coach's note");
    expect(dm.content).toContain("Omega");
    expect(dm.content).toContain("/coach team link");
  });

  it("missing access when posting (50001) does the same", async () => {
    const locked = channel("team-locked");
    await link(coach, locked, { name: "Locked" });
    const team = await h.db.prisma.team.findFirstOrThrow({ where: { channelId: locked.id } });
    h.rest.failNext("POST", `/channels/${locked.id}/messages`, 403, { code: 50001, message: "Missing Access" });
    expect((await postTeamCheckIn(h.teams, team.id, "2026-W48")).status).toBe("unreachable");
    expect(await h.db.prisma.team.findUniqueOrThrow({ where: { id: team.id } })).toMatchObject({ reachable: false });
    expect(await h.db.prisma.outboxMessage.count({ where: { kind: "coach_note", dedupeKey: { startsWith: `team-unreachable:${team.id}` } } })).toBe(1);
  });

  it("linking a channel the bot cannot post in says so right away", async () => {
    const closed = channel("team-closed");
    h.rest.failNext("POST", `/channels/${closed.id}/messages`, 403, { code: 50013, message: "Missing Permissions" });
    const { edit } = await link(coach, closed, { name: "Closed" });
    expect(edit.body.content).toContain("50013");
    expect(await h.db.prisma.team.findFirstOrThrow({ where: { channelId: closed.id } })).toMatchObject({ reachable: false });
  });

  it("/coach team checkin and remind work for a coach, for this week", async () => {
    const epsilon = channel("team-epsilon");
    await link(coach, epsilon, { name: "Epsilon" });
    const team = await h.db.prisma.team.findFirstOrThrow({ where: { channelId: epsilon.id } });
    // A member from an earlier week.
    await postTeamCheckIn(h.teams, team.id, "1999-W01");
    await answerTeam(members[3]!, h.rest.posted.get(epsilon.id)!.at(-1)!, { achievement: "10", mood: "1" });
    const thisWeek = isoWeek(new Date());

    const posted = await runDeferred(
      h,
      coachCommand(h.ids, coach, { group: "team", sub: "checkin", options: [{ type: "channel", name: "channel", channel: epsilon }] }),
    );
    expect(posted.edit.body.content).toBe(say.team.checkInPosted(`<#${epsilon.id}>`, thisWeek));
    expect(h.rest.posted.get(epsilon.id)!.at(-1)!.content).toContain(w.postHeader("Epsilon", thisWeek));
    const reminded = await runDeferred(
      h,
      coachCommand(h.ids, coach, { group: "team", sub: "remind", options: [{ type: "channel", name: "channel", channel: epsilon }] }),
    );
    expect(reminded.edit.body.content).toBe(say.team.reminded(1));
    expect(h.rest.dmMessages(members[3]!.id)).toHaveLength(1);

    const unlinked = channel("nowhere");
    const notATeam = await runDeferred(
      h,
      coachCommand(h.ids, coach, { group: "team", sub: "remind", options: [{ type: "channel", name: "channel", channel: unlinked }] }),
    );
    expect(notATeam.edit.body.content).toBe(say.team.notATeam(`<#${unlinked.id}>`, "`/coach team link`"));
  });
});

// Discord asks for a reconnect (op 7) or drops the socket with a close code; discord.js resumes
// and the bot keeps serving. Nothing is lost: the adapter keeps no state of its own, the week's
// answers are in the database.
describe("gateway reconnects in the middle of a week", () => {
  const target = channel("team-zeta");
  const crew = [testUser("z.one"), testUser("z.two"), testUser("z.three")];
  let post: PostedMessage;

  const reconnected = (resumes: number) =>
    waitFor(() => h.gateway.connected && h.gateway.resumes.length === resumes && h.gateway.identifies.length === 1, `resume number ${resumes}`);

  beforeAll(async () => {
    await link(coach, target, { name: "Zeta" });
    const team = await h.db.prisma.team.findFirstOrThrow({ where: { channelId: target.id } });
    await postTeamCheckIn(h.teams, team.id, "2026-W50");
    post = h.rest.posted.get(target.id)!.at(-1)!;
    await answerTeam(crew[0]!, post, { achievement: "90", mood: "9" });
  });

  it("after RECONNECT (op 7): resumes the session and handles what was sent meanwhile", async () => {
    h.gateway.requestReconnect();
    // Pressed while the bot is away: Discord replays it into the resumed session.
    const press = pressOn(h.ids, crew[1]!, post, allButtons(post)[0].custom_id);
    const modal = await runCallback(h, press, "the replayed press");
    await reconnected(1);
    expect(h.gateway.resumes[0]).toMatchObject({ token: "stand-in-token", session_id: "stand-in-session" });
    expect(modal.body.type).toBe(9);
    const { edit } = await runDeferred(h, teamFormSubmit(h.ids, crew[1]!, post, modal.body.data.custom_id, { achievement: "50", mood: "5" }));
    expect(edit.body.content).toBe(w.saved(50, 5, false, false));
    expect(current(post).content).toContain(w.answeredSoFar(2, 3));
    expect(h.logs).toContainEqual(expect.objectContaining({ level: "info", msg: "discord: gateway session resumed" }));
  });

  it("after a close with 4000 (unknown error): resumes, and the answers from before count", async () => {
    h.gateway.disconnect(4000);
    await reconnected(2);
    await answerTeam(crew[2]!, post, { achievement: "70", mood: "7" });
    expect(current(post).content).toContain(w.summary(3, 70, 7));
    const roster = await runDeferred(h, coachCommand(h.ids, coach, { sub: "clients" }));
    expect(roster.edit.body.content).toContain(crew[2]!.username);
    expect(h.logs.filter((l) => l.msg === "discord: gateway closed and will not reconnect")).toEqual([]);
  });
});
