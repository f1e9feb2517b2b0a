// Corporate team check-ins in a Slack channel, end to end: the real Bolt app over signed HTTP
// against the Web API stand-in, the team service on a real database. A coach links a channel and
// posts the week's check-in; members answer in a modal only they see; the channel sees the count,
// and averages and shared answers only from three answers; each reply goes to the member's DM.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isoWeek } from "../../../src/domain/calendar.js";
import { interactionWording as say } from "../../../src/interactions/index.js";
import { wording } from "../../../src/platforms/slack/wording.js";
import { remindTeam } from "../../../src/teams/index.js";
import { teamTexts, teamWording } from "../../teams/support/wording.js";
import type { StoredMessage } from "./support/fake-slack-api.js";
import { buttonsOf, type DmUser, messageText, startWorld, type World } from "./support/world.js";

const w = teamWording((text) => `*${text}*`, wording.team.answerButton);
const ALPHA = "C_ALPHA";
let world: World;
let coach: DmUser;

beforeAll(async () => {
  world = await startWorld({ coachUserIds: ["U_COACH"] });
  coach = world.user("U_COACH");
});
afterAll(async () => {
  await world?.close();
});

/** Messages the bot posted in `channel`, as they read now (after chat.update). */
const inChannel = (channel: string): StoredMessage[] =>
  world.api
    .callsTo("chat.postMessage")
    .filter((c) => c.body.channel === channel && c.response.ok === true)
    .map((c) => world.api.message(channel, String(c.response.ts))!);

const sectionText = (m: StoredMessage) => messageText({ text: m.text, blocks: m.blocks });

interface TeamValues {
  achievement: string;
  mood: string;
  note?: string;
  share?: "yes" | "no";
}

/** `who` presses "Answer privately" on `message`; returns the modal views.open was asked to show. */
async function openForm(who: string, message: StoredMessage) {
  const button = buttonsOf(message).find((b) => b.text === w.answerButton);
  if (!button) throw new Error(`no "${w.answerButton}" on ${JSON.stringify(message.blocks)}`);
  const opened = world.api.callsTo("views.open").length;
  await world.user(who).pressOn({ channel: message.channel, ts: message.ts, text: message.text, blocks: message.blocks }, button);
  const call = world.api.callsTo("views.open")[opened];
  if (!call) throw new Error("pressing Answer privately opened no form");
  return call.response.view as { id: string; callback_id: string; private_metadata: string; title: { text: string }; blocks: any[] };
}

/** Opens the form on `message` as `who`, fills in `values`, sends it; returns the form and the DM reply. */
async function answer(who: string, message: StoredMessage, values: TeamValues) {
  const form = await openForm(who, message);
  const member = world.user(who);
  member.newReplies();
  const text = (value: string) => ({ type: "plain_text_input", value });
  const response = await world.send.submitViewState(who, form, {
    achievement: { achievement: text(values.achievement) },
    mood: { mood: text(values.mood) },
    note: { note: text(values.note ?? "") },
    share: { share: { type: "radio_buttons", selected_option: { value: values.share ?? "no" } } },
  });
  await world.slack.idle();
  // The acknowledgement closes the modal: nothing about the answer goes back to the channel.
  expect(response.status).toBe(200);
  return { form, replies: member.newReplies() };
}

describe("a team check-in in a Slack channel", () => {
  let post: StoredMessage;
  const members = ["U_ONE", "U_TWO", "U_THREE", "U_FOUR"];

  it("a coach links a channel with /coach team link: the team is theirs and the channel is told", async () => {
    coach.newReplies();
    await coach.command(`team link <#${ALPHA}|team-alpha> Alpha`, { channelName: "team-alpha" });
    expect(coach.newReplies()).toEqual([say.team.linked(`<#${ALPHA}>`, "Alpha")]);
    const team = await world.db.prisma.team.findFirstOrThrow({ where: { channelId: ALPHA }, include: { coach: true } });
    expect(team).toMatchObject({ name: "Alpha", reachable: true, coach: { platformUserId: "U_COACH" } });
    expect(inChannel(ALPHA).map((m) => m.text)).toEqual([say.team.linkAnnouncement("Alpha")]);
  });

  it("someone who is not a coach cannot link a channel", async () => {
    const member = world.user("U_PLAIN");
    await member.command("team link <#C_OTHER|other>", { channelName: "other" });
    expect(member.newReplies()).toEqual([wording.notACoach("team link")]);
    expect(await world.db.prisma.team.count({ where: { channelId: "C_OTHER" } })).toBe(0);
  });

  it("/coach team checkin posts the week's check-in in the channel once, with an 'Answer privately' button", async () => {
    const week = isoWeek(world.clock.now());
    await coach.command(`team checkin <#${ALPHA}|team-alpha>`, { channelName: "team-alpha" });
    expect(coach.newReplies()).toEqual([say.team.checkInPosted(`<#${ALPHA}>`, week)]);
    post = inChannel(ALPHA).at(-1)!;
    expect(sectionText(post)).toBe(`${w.postHeader("Alpha", week)}\n${w.postBody}`);
    const checkIn = await world.db.prisma.teamCheckIn.findFirstOrThrow({ where: { team: { channelId: ALPHA } } });
    expect(checkIn.platformMessageId).toBe(post.ts);
    expect(buttonsOf(post).map((b) => [b.text, b.value])).toEqual([[w.answerButton, checkIn.id]]);

    await coach.command(`team checkin <#${ALPHA}|team-alpha>`, { channelName: "team-alpha" });
    expect(coach.newReplies()).toEqual([say.team.checkInAlreadyPosted(`<#${ALPHA}>`, week)]);
    expect(inChannel(ALPHA)).toHaveLength(2);
  });

  it("the form opens privately (a modal for the presser), within Slack's modal limits", async () => {
    const form = await openForm(members[0]!, post);
    expect(form.callback_id).toBe("coach.team.form");
    expect(form.title.text.length).toBeLessThanOrEqual(24);
    expect(form.blocks.map((b) => b.block_id)).toEqual(["achievement", "mood", "note", "share"]);
    const f = teamTexts.form;
    expect(form.blocks.map((b) => b.label.text)).toEqual([f.achievement.label, f.mood.label, f.note.label, f.share.label]);
    expect(form.blocks.map((b) => b.optional)).toEqual([false, false, true, false]);
    expect(world.api.callsTo("views.open").at(-1)!.body.trigger_id).toMatch(/^trig\.action\./);
  });

  it("two answers: the member is told in their DM; the channel shows the count only, never the numbers", async () => {
    const first = await answer(members[0]!, post, { achievement: "83", mood: "9", note: "ran twice", share: "yes" });
    expect(first.replies).toEqual([w.saved(83, 9, true, false)]);
    const second = await answer(members[1]!, post, { achievement: "41", mood: "3" });
    expect(second.replies).toEqual([w.saved(41, 3, false, false)]);

    const now = inChannel(ALPHA).at(-1)!;
    expect(now.ts).toBe(post.ts);
    expect(sectionText(now)).toContain(w.answeredSoFar(2, 3));
    // What members read (the sections and the notification text), not the button's id.
    for (const secret of ["83%", "41%", "ran twice", "Person U_ONE"]) expect(`${sectionText(now)}\n${now.text}`).not.toContain(secret);
    // Nothing new in the channel: the one post is edited.
    expect(inChannel(ALPHA)).toHaveLength(2);
    // Nobody else was told anything about these answers.
    for (const other of [members[2]!, members[3]!, "U_COACH"]) {
      expect(
        world
          .user(other)
          .posted()
          .some((m) => /83|41/.test(m.text)),
      ).toBe(false);
    }
  });

  it("an unreadable number gets a kind private note with the button; the form remembers what was typed", async () => {
    const { replies } = await answer(members[2]!, post, { achievement: "lots", mood: "6", note: "busy week" });
    expect(replies).toEqual([w.invalid([w.fieldNames.achievement])]);
    const dm = world.user(members[2]!).posted().at(-1)!;
    expect(buttonsOf(dm).map((b) => b.text)).toEqual([w.answerButton]);
    expect(sectionText(inChannel(ALPHA).at(-1)!)).toContain(w.answeredSoFar(2, 3));

    const again = await openForm(members[2]!, { ...dm, blocks: dm.blocks });
    const initial = Object.fromEntries(again.blocks.map((b) => [b.block_id, b.element.initial_value ?? b.element.initial_option?.value]));
    expect(initial).toEqual({ achievement: undefined, mood: "6", note: "busy week", share: "no" });
  });

  it("three answers: the channel sees the averages and only the answer of the member who shared", async () => {
    const { replies } = await answer(members[2]!, post, { achievement: "50", mood: "6", note: "busy week" });
    expect(replies).toEqual([w.saved(50, 6, false, false)]);
    const text = sectionText(inChannel(ALPHA).at(-1)!);
    expect(text).toContain(w.summary(3, 58, 6));
    expect(text).toContain(w.sharedLine("Person U_ONE", 83, 9, "ran twice"));
    for (const secret of ["41%", "busy week", "U_TWO", "U_THREE"]) expect(text).not.toContain(secret);
  });

  it("a reminder DM to who hasn't answered carries the button, and its form saves the answer", async () => {
    const team = await world.db.prisma.team.findFirstOrThrow({ where: { channelId: ALPHA } });
    await world.db.prisma.teamMember.create({
      data: {
        teamId: team.id,
        clientId: (await world.db.prisma.client.create({ data: { tenantId: team.tenantId, platformUserId: members[3]!, name: "Four" } })).id,
      },
    });
    const { reminded } = await remindTeam(world.teams, team.id, isoWeek(world.clock.now()));
    expect(reminded.map((m) => m.platformUserId)).toEqual([members[3]]);
    await world.slack.idle();
    const dm = world.user(members[3]!).posted().at(-1)!;
    expect(buttonsOf(dm).map((b) => b.text)).toEqual([w.answerButton]);
    const { replies } = await answer(members[3]!, { ...dm, blocks: dm.blocks }, { achievement: "70", mood: "8" });
    expect(replies).toEqual([w.saved(70, 8, false, false)]);
    expect(sectionText(inChannel(ALPHA).at(-1)!)).toContain(w.summary(4, 61, 6.5));
  });

  it("a channel the bot is not in: linking says so, and the team is not served until relinked", async () => {
    world.api.failNext("chat.postMessage", { body: { ok: false, error: "not_in_channel" } });
    await coach.command("team link <#C_SHUT|shut> Shut", { channelName: "shut" });
    const [reply] = coach.newReplies();
    expect(reply).toContain("not_in_channel");
    expect(await world.db.prisma.team.findFirstOrThrow({ where: { channelId: "C_SHUT" } })).toMatchObject({ reachable: false });
  });
});
