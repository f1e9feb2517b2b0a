// A passing database failure while a stored interaction is processed: the command, the team form or
// the delete confirmation stays in the inbox (no apology, nothing half done) and is applied once
// when the inbox tries it again. Real Discord and Slack adapters against their stand-ins, on
// PostgreSQL; the failure is a real one: the statement's connection is terminated mid-way.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isoWeek } from "../../src/domain/calendar.js";
import { interactionWording as say } from "../../src/interactions/index.js";
import { openDatabase } from "../../src/store/database.js";
import { postTeamCheckIn } from "../../src/teams/index.js";
import { allButtons, type DiscordHarness, runCallback, startHarness } from "../platforms/discord/support/harness.js";
import { coachCommand, directMessage, PERMISSIONS, pressOn, teamFormSubmit, testUser } from "../platforms/discord/support/payloads.js";
import { type PostedMessage, snowflake } from "../platforms/discord/support/rest-stand-in.js";
import { startWorld, type World } from "../platforms/slack/support/world.js";
import { until } from "../support/bot-process.js";
import { type SkippableClock, skippableClock } from "../support/clock.js";
import { type ArmedFault, createScratchDatabase, describePostgres, loseConnectionOnce, type ScratchDatabase } from "../support/postgres.js";

const EPHEMERAL = 64;
const DEFERRED = { type: 5, data: { flags: EPHEMERAL } };
const DEFERRED_UPDATE = { type: 6 };
/** Past any backoff the inbox picks for a first retry. */
const PAST_BACKOFF_MS = 120_000;

describePostgres("a lost connection while an interaction is processed from the inbox", () => {
  describe("Discord", () => {
    const coach = testUser("coach.rue", "Rue");
    let scratch: ScratchDatabase;
    let clock: SkippableClock;
    let h: DiscordHarness;
    beforeAll(async () => {
      scratch = await createScratchDatabase("retried_discord");
      clock = skippableClock();
      h = await startHarness({ coaches: [coach], db: await openDatabase({ kind: "postgres", url: scratch.url, poolSize: 8 }), clock });
    }, 120_000);
    afterAll(async () => {
      await h?.close();
      await scratch?.drop();
    });

    const webhook = (token: string) => `/webhooks/${h.ids.applicationId}/${token}`;
    /** What the person was shown after the acknowledgement: edits of the original, and private follow-ups. */
    const shown = (token: string) => [...h.rest.callsTo("PATCH", `${webhook(token)}/messages/@original`), ...h.rest.callsTo("POST", webhook(token))];

    /** Dispatches the interaction and waits until its first attempt met the fault and ended. */
    async function firstAttempt(payload: { id: string }, fault: ArmedFault): Promise<void> {
      h.gateway.dispatch("INTERACTION_CREATE", payload);
      await until(() => fault.fired(), "the statement to lose its connection", 30_000);
      await h.adapter.idle();
      await h.inbox.idle();
    }

    /** The inbox's next try, as its sweep makes it once the backoff is over. */
    async function retry(): Promise<void> {
      clock.skip(PAST_BACKOFF_MS);
      await h.inbox.sweep();
      await h.adapter.idle();
    }

    const stored = (eventId: string) => h.db.prisma.inboxEvent.findMany({ where: { eventId }, select: { attempts: true, lastError: true } });

    it("/coach team link: postponed without an apology, then the team linked once and the reply edited", async () => {
      const channel = { id: snowflake(), name: "crew" };
      const fault = await loseConnectionOnce(scratch.url, "Team", "INSERT");
      const link = coachCommand(
        h.ids,
        coach,
        { group: "team", sub: "link", options: [{ type: "channel", name: "channel", channel }] },
        { member: { permissions: PERMISSIONS.member } },
      );
      await firstAttempt(link, fault);
      await fault.remove();
      expect(h.rest.callbacksOf(link.id).map((c) => c.body)).toEqual([DEFERRED]);
      expect(shown(link.token)).toEqual([]);
      expect(await stored(link.id)).toEqual([{ attempts: 1, lastError: expect.stringMatching(/terminat/i) }]);
      expect(await h.db.prisma.team.count({ where: { channelId: channel.id } })).toBe(0);

      await retry();
      expect(await h.db.prisma.team.count({ where: { channelId: channel.id } })).toBe(1);
      expect(shown(link.token).map((call) => call.body.content)).toEqual([say.team.linked(`<#${channel.id}>`, "crew")]);
      expect(h.rest.posted.get(channel.id)!.map((m) => m.content)).toEqual([say.team.linkAnnouncement("crew")]);
      expect(await stored(link.id)).toEqual([]);
    });

    it("a sent team form: postponed without an apology, then the answer saved once and the member told", async () => {
      const channel = { id: snowflake(), name: "squad" };
      const link = coachCommand(h.ids, coach, { group: "team", sub: "link", options: [{ type: "channel", name: "channel", channel }] });
      h.gateway.dispatch("INTERACTION_CREATE", link);
      await until(async () => shown(link.token).length > 0, "the team linked");
      const team = await h.db.prisma.team.findFirstOrThrow({ where: { channelId: channel.id } });
      const posted = await postTeamCheckIn(h.teams, team.id, isoWeek(clock.now()));
      expect(posted.status).toBe("posted");
      const post = h.rest.posted.get(channel.id)!.find((m) => m.components.length > 0) as PostedMessage;
      const member = testUser("member.lou");
      const opened = await runCallback(h, pressOn(h.ids, member, post, allButtons(post)[0].custom_id), "the team form");
      expect(opened.body.type).toBe(9);

      const fault = await loseConnectionOnce(scratch.url, "TeamAnswer", "INSERT");
      const submit = teamFormSubmit(h.ids, member, post, opened.body.data.custom_id, { achievement: "7", mood: "8", note: "shipped it" });
      await firstAttempt(submit, fault);
      await fault.remove();
      expect(h.rest.callbacksOf(submit.id).map((c) => c.body)).toEqual([DEFERRED]);
      expect(shown(submit.token)).toEqual([]);
      expect(await stored(submit.id)).toHaveLength(1);
      expect(await h.db.prisma.teamAnswer.count({ where: { teamCheckIn: { teamId: team.id } } })).toBe(0);

      await retry();
      const answers = await h.db.prisma.teamAnswer.findMany({ where: { teamCheckIn: { teamId: team.id } } });
      expect(answers.map((a) => [a.achievement, a.mood, a.note])).toEqual([[7, 8, "shipped it"]]);
      const replies = shown(submit.token).map((call) => call.body.content as string);
      expect(replies).toHaveLength(1);
      expect(replies[0]).not.toBe(say.somethingWrong);
      expect(await stored(submit.id)).toEqual([]);
    });

    it("'Delete everything': postponed without an apology, then the client deleted once and the question edited", async () => {
      const leaver = testUser("leaver.pat");
      h.gateway.dispatch("MESSAGE_CREATE", directMessage(leaver, h.rest.dmChannelFor(leaver.id), "hi"));
      await until(async () => (await h.db.prisma.client.count({ where: { platformUserId: leaver.id } })) === 1, "the newcomer enrolled");
      const ask = coachCommand(h.ids, leaver, { group: "data", sub: "delete" });
      h.gateway.dispatch("INTERACTION_CREATE", ask);
      await until(async () => shown(ask.token).some((call) => call.body.components?.length > 0), "the delete question");
      const edit = shown(ask.token).find((call) => call.body.components?.length > 0)!;
      const question = { id: snowflake(), channel_id: h.ids.channelId, content: edit.body.content, components: edit.body.components, flags: EPHEMERAL };
      const button = allButtons(question).find((b) => b.label === say.deleteButton);

      const fault = await loseConnectionOnce(scratch.url, "Client", "DELETE");
      const press = pressOn(h.ids, leaver, question, button.custom_id);
      await firstAttempt(press, fault);
      await fault.remove();
      expect(h.rest.callbacksOf(press.id).map((c) => c.body)).toEqual([DEFERRED_UPDATE]);
      expect(shown(press.token)).toEqual([]);
      expect(await stored(press.id)).toHaveLength(1);
      expect(await h.db.prisma.client.count({ where: { platformUserId: leaver.id } })).toBe(1);

      await retry();
      expect(await h.db.prisma.client.count({ where: { platformUserId: leaver.id } })).toBe(0);
      expect(shown(press.token).map((call) => [call.body.content, call.body.components])).toEqual([[say.deleted, []]]);
      expect(await stored(press.id)).toEqual([]);
    });

    it("logged no errors and no interaction token: each failure was a postponement", () => {
      expect(h.logs.filter((l) => l.level === "error")).toEqual([]);
      expect(h.logs.filter((l) => /database unavailable/.test(l.msg))).toHaveLength(3);
      // The interaction tokens the postponed rows held (token-<id> here) were never written to a log line.
      expect(JSON.stringify(h.logs)).not.toMatch(/token-\d/);
    });
  });

  describe("Slack", () => {
    let scratch: ScratchDatabase;
    let world: World;
    beforeAll(async () => {
      scratch = await createScratchDatabase("retried_slack");
      world = await startWorld({ coachUserIds: ["U_COACH"], db: await openDatabase({ kind: "postgres", url: scratch.url, poolSize: 8 }) });
    }, 120_000);
    afterAll(async () => {
      await world?.close();
      await scratch?.drop();
    });

    const inbox = () => world.options.inbox!;
    async function retry(): Promise<void> {
      world.clock.skip(PAST_BACKOFF_MS);
      await inbox().sweep();
      await world.slack.idle();
    }
    const apologies = () => world.api.callsTo("chat.postMessage").filter((c) => c.body.text === say.somethingWrong);

    it("/coach team link: postponed without an apology, then the team linked once and the coach told", async () => {
      const coach = world.user("U_COACH");
      const fault = await loseConnectionOnce(scratch.url, "Team", "INSERT");
      await coach.command("team link <#C_CREW|crew>", { channelName: "crew" });
      expect(await fault.fired()).toBe(true);
      await fault.remove();
      expect(apologies()).toEqual([]);
      expect(coach.newReplies()).toEqual([]);
      expect(await world.db.prisma.inboxEvent.count()).toBe(1);
      expect(await world.db.prisma.team.count({ where: { channelId: "C_CREW" } })).toBe(0);

      await retry();
      expect(await world.db.prisma.team.count({ where: { channelId: "C_CREW" } })).toBe(1);
      expect(coach.newReplies()).toEqual([say.team.linked("<#C_CREW>", "crew")]);
      expect(await world.db.prisma.inboxEvent.count()).toBe(0);
    });

    it("'Delete everything': postponed without an apology, then the client deleted once and the question updated", async () => {
      const sam = world.user("U_SAM");
      await sam.dm("hi");
      await sam.command("delete");
      const question = sam.findButton(say.deleteButton)!;
      expect(question).not.toBeNull();
      const updates = world.api.callsTo("chat.update").length;

      const fault = await loseConnectionOnce(scratch.url, "Client", "DELETE");
      await sam.press(say.deleteButton);
      expect(await fault.fired()).toBe(true);
      await fault.remove();
      expect(apologies()).toEqual([]);
      expect(world.api.callsTo("chat.update")).toHaveLength(updates);
      expect(await world.db.prisma.inboxEvent.count()).toBe(1);
      expect(await world.db.prisma.client.count({ where: { platformUserId: "U_SAM" } })).toBe(1);

      await retry();
      expect(await world.db.prisma.client.count({ where: { platformUserId: "U_SAM" } })).toBe(0);
      expect(
        world.api
          .callsTo("chat.update")
          .slice(updates)
          .map((c) => c.body.text),
      ).toEqual([say.deleted]);
      expect(await world.db.prisma.inboxEvent.count()).toBe(0);
    });

    it("logged no errors: each failure was a postponement", () => {
      expect(world.logs.filter((line) => /"level":"error"/.test(line))).toEqual([]);
    });
  });
});
