// The platform-neutral team check-in service on a real database (in-memory PGlite), with a
// recording TeamChannel in place of a chat platform.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/clock.js";
import { ensureCoach } from "../../src/coach/roster.js";
import { loadCatalog } from "../../src/flows/loader.js";
import { createLogger } from "../../src/log.js";
import { type Database, openDatabase } from "../../src/store/database.js";
import {
  linkTeam,
  membersToRemind,
  parseTeamAnswer,
  postTeamCheckIn,
  recordTeamAnswer,
  remindTeam,
  type TeamChannel,
  TeamChannelUnreachableError,
  type TeamCheckInPost,
  type TeamDeps,
  teamAggregate,
  teamCheckInOfPrompt,
  teamCheckInPromptId,
} from "../../src/teams/index.js";

const tenant = { platform: "discord" as const, externalId: "guild-1", name: "Acme" };

class RecordingChannel implements TeamChannel {
  posts: TeamCheckInPost[] = [];
  updates: { post: TeamCheckInPost; messageId: string }[] = [];
  failWith: Error | null = null;
  private next = 1;
  async post(post: TeamCheckInPost) {
    if (this.failWith) throw this.failWith;
    this.posts.push(post);
    return { messageId: `msg-${this.next++}` };
  }
  async update(post: TeamCheckInPost, messageId: string) {
    if (this.failWith) throw this.failWith;
    this.updates.push({ post, messageId });
    return { messageId };
  }
}

let db: Database;
let clock: ReturnType<typeof fixedClock>;
let channel: RecordingChannel;
let deps: TeamDeps;
let coach: { id: string; tenantId: string; platformUserId: string };
let delivered = 0;
let teamNo = 0;

beforeAll(async () => {
  db = await openDatabase({ kind: "pglite", dataDir: "memory" });
  clock = fixedClock("2026-11-24T09:00:00Z");
  coach = await ensureCoach(db.prisma, tenant, "coach-1", "Kim");
});
afterAll(() => db.close());

beforeEach(() => {
  channel = new RecordingChannel();
  deps = {
    prisma: db.prisma,
    catalog: loadCatalog(),
    clock,
    log: createLogger("silent"),
    channels: { discord: channel },
    deliverOutbox: async () => void delivered++,
  };
});

async function newTeam(name = `Team ${++teamNo}`) {
  const { team } = await linkTeam(deps, { coach, channelId: `chan-${teamNo}-${name}`, name });
  return team;
}

const answer = (achievement: number | null, mood: number | null, shareWithTeam = false, note: string | null = null) => ({
  achievement,
  mood,
  note,
  shareWithTeam,
});

describe("linkTeam", () => {
  it("links a channel to a team coached by the linking coach; relinking updates it", async () => {
    const first = await linkTeam(deps, { coach, channelId: "chan-link", name: "Sales" });
    expect(first.created).toBe(true);
    const other = await ensureCoach(db.prisma, tenant, "coach-2", "Ana");
    await db.prisma.team.update({ where: { id: first.team.id }, data: { reachable: false } });
    const again = await linkTeam(deps, { coach: other, channelId: "chan-link", name: "Sales EMEA" });
    expect(again).toMatchObject({ created: false, team: { id: first.team.id, name: "Sales EMEA" } });
    expect(await db.prisma.team.findUniqueOrThrow({ where: { id: first.team.id } })).toMatchObject({ coachId: other.id, reachable: true });
  });
});

describe("postTeamCheckIn", () => {
  it("posts once per period and describes the post neutrally", async () => {
    const team = await newTeam("Ops");
    const result = await postTeamCheckIn(deps, team.id, "2026-W48");
    expect(result).toMatchObject({
      status: "posted",
      messageId: "msg-1",
      post: { teamName: "Ops", channelId: team.channelId, period: "2026-W48", aggregate: { answered: 0, averages: null, shared: [] } },
    });
    expect(await postTeamCheckIn(deps, team.id, "2026-W48")).toMatchObject({ status: "already_posted", messageId: "msg-1" });
    expect(channel.posts).toHaveLength(1);
    const row = await db.prisma.teamCheckIn.findUniqueOrThrow({ where: { teamId_period: { teamId: team.id, period: "2026-W48" } } });
    expect(row.platformMessageId).toBe("msg-1");
  });

  it("never posts twice when called concurrently", async () => {
    const team = await newTeam();
    const results = await Promise.all([1, 2, 3].map(() => postTeamCheckIn(deps, team.id, "2026-W48")));
    expect(channel.posts).toHaveLength(1);
    expect(results.filter((r) => r.status === "posted")).toHaveLength(1);
  });

  it("waits when no adapter serves the team's platform", async () => {
    const team = await newTeam();
    expect(await postTeamCheckIn({ ...deps, channels: {} }, team.id, "2026-W48")).toEqual({ status: "no_channel", platform: "discord" });
    expect(await postTeamCheckIn(deps, team.id, "2026-W48")).toMatchObject({ status: "posted" });
  });

  it("marks the team unreachable and tells its coach once when the channel is gone", async () => {
    const team = await newTeam("Gone");
    channel.failWith = new TeamChannelUnreachableError("unknown channel", "the channel no longer exists");
    const before = delivered;
    expect(await postTeamCheckIn(deps, team.id, "2026-W48")).toEqual({ status: "unreachable", reason: "the channel no longer exists" });
    expect(await db.prisma.team.findUniqueOrThrow({ where: { id: team.id } })).toMatchObject({ reachable: false });
    const notes = await db.prisma.outboxMessage.findMany({ where: { kind: "coach_note", dedupeKey: { startsWith: `team-unreachable:${team.id}` } } });
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ recipient: "coach-1", status: "pending", clientId: null });
    expect(JSON.stringify(notes[0]!.payload)).toContain("Gone");
    expect(delivered).toBe(before + 1);
    // Next week: skipped without trying, and no second note.
    expect(await postTeamCheckIn(deps, team.id, "2026-W49")).toMatchObject({ status: "unreachable" });
    expect(await db.prisma.outboxMessage.count({ where: { dedupeKey: { startsWith: `team-unreachable:${team.id}` } } })).toBe(1);
    // The unposted check-in is free again for a later attempt.
    const row = await db.prisma.teamCheckIn.findUniqueOrThrow({ where: { teamId_period: { teamId: team.id, period: "2026-W48" } } });
    expect(row.platformMessageId).toBeNull();
  });

  it("throws other failures for the caller to retry, leaving the check-in unposted", async () => {
    const team = await newTeam();
    channel.failWith = new Error("HTTP 500");
    await expect(postTeamCheckIn(deps, team.id, "2026-W48")).rejects.toThrow("HTTP 500");
    channel.failWith = null;
    expect(await postTeamCheckIn(deps, team.id, "2026-W48")).toMatchObject({ status: "posted" });
  });
});

describe("recordTeamAnswer and the aggregate", () => {
  it("enrolls a newcomer as a client of the team's coach (no onboarding greeting) and a member", async () => {
    const team = await newTeam();
    await postTeamCheckIn(deps, team.id, "2026-W48");
    const outboxBefore = await db.prisma.outboxMessage.count();
    const recorded = await recordTeamAnswer(deps, { teamId: team.id, period: "2026-W48" }, { platformUserId: "new-1", name: "Noa" }, answer(70, 7));
    expect(recorded).toMatchObject({ complete: true, updated: false, teamName: team.name, aggregate: { answered: 1, averages: null } });
    const client = await db.prisma.client.findFirstOrThrow({ where: { platformUserId: "new-1" }, include: { teamMemberships: true, actorSnapshot: true } });
    expect(client).toMatchObject({ coachId: coach.id, name: "Noa", tenantId: coach.tenantId, actorSnapshot: null });
    expect(client.teamMemberships.map((m) => m.teamId)).toEqual([team.id]);
    expect(await db.prisma.outboxMessage.count()).toBe(outboxBefore);
  });

  it("keeps an existing client's coach", async () => {
    const team = await newTeam();
    const other = await ensureCoach(db.prisma, tenant, "coach-3", "Lee");
    await db.prisma.client.create({ data: { tenantId: coach.tenantId, coachId: other.id, platformUserId: "existing-1", name: "Ex" } });
    await postTeamCheckIn(deps, team.id, "2026-W48");
    await recordTeamAnswer(deps, { teamId: team.id, period: "2026-W48" }, { platformUserId: "existing-1" }, answer(50, 5));
    expect(await db.prisma.client.findFirstOrThrow({ where: { platformUserId: "existing-1" } })).toMatchObject({ coachId: other.id });
  });

  it("refreshes the post after each answer: the count below three, averages and shared answers from three", async () => {
    const team = await newTeam();
    const { messageId } = (await postTeamCheckIn(deps, team.id, "2026-W48")) as { messageId: string };
    const ref = { teamId: team.id, period: "2026-W48" };
    await recordTeamAnswer(deps, ref, { platformUserId: "a" }, answer(80, 8, true, "new routine works"));
    await recordTeamAnswer(deps, ref, { platformUserId: "b" }, answer(40, 4, false, "rough week"));
    expect(channel.updates.map((u) => u.post.aggregate)).toEqual([
      { answered: 1, averages: null, shared: [] },
      { answered: 2, averages: null, shared: [] },
    ]);
    await recordTeamAnswer(deps, ref, { platformUserId: "c", name: "Cy" }, answer(60, 6));
    const last = channel.updates.at(-1)!;
    expect(last.messageId).toBe(messageId);
    expect(last.post.aggregate).toEqual({
      answered: 3,
      averages: { achievement: 60, mood: 6 },
      shared: [{ platformUserId: "a", name: null, achievement: 80, mood: 8, note: "new routine works" }],
    });
    expect(JSON.stringify(channel.updates)).not.toContain("rough week");
    expect(await teamAggregate(deps, team.id, "2026-W48")).toEqual(last.post.aggregate);
    const row = await db.prisma.teamCheckIn.findUniqueOrThrow({ where: { teamId_period: ref } });
    expect(row.aggregatePostedAt).toEqual(clock.now());
  });

  it("answering twice updates the answer; an unreadable number keeps the stored one", async () => {
    const team = await newTeam();
    await postTeamCheckIn(deps, team.id, "2026-W48");
    const ref = { teamId: team.id, period: "2026-W48" };
    await recordTeamAnswer(deps, ref, { platformUserId: "twice" }, answer(30, 3));
    const again = await recordTeamAnswer(deps, ref, { platformUserId: "twice" }, answer(90, null, true, "better"));
    expect(again).toMatchObject({ complete: true, updated: true, stored: { achievement: 90, mood: 3, shareWithTeam: true, note: "better" } });
    expect(await db.prisma.teamAnswer.count({ where: { teamCheckIn: { teamId: team.id } } })).toBe(1);
  });

  it("saves a draft with a number missing without counting it", async () => {
    const team = await newTeam();
    await postTeamCheckIn(deps, team.id, "2026-W48");
    const ref = { teamId: team.id, period: "2026-W48" };
    const draft = await recordTeamAnswer(deps, ref, { platformUserId: "typo" }, answer(null, 6, true, "keep this note"));
    expect(draft).toMatchObject({
      complete: false,
      stored: { achievement: null, mood: 6, note: "keep this note", shareWithTeam: true },
      aggregate: { answered: 0 },
    });
    expect(channel.updates).toHaveLength(0);
    const fixed = await recordTeamAnswer(deps, ref, { platformUserId: "typo" }, answer(75, null, true, "keep this note"));
    expect(fixed).toMatchObject({ complete: true, stored: { achievement: 75, mood: 6 }, aggregate: { answered: 1 } });
  });

  it("marks the team unreachable when the post cannot be edited any more", async () => {
    const team = await newTeam("Vanished");
    await postTeamCheckIn(deps, team.id, "2026-W48");
    channel.failWith = new TeamChannelUnreachableError("missing access", "no access");
    const recorded = await recordTeamAnswer(deps, { teamId: team.id, period: "2026-W48" }, { platformUserId: "late" }, answer(50, 5));
    expect(recorded.complete).toBe(true);
    expect(await db.prisma.team.findUniqueOrThrow({ where: { id: team.id } })).toMatchObject({ reachable: false });
    expect(await db.prisma.outboxMessage.count({ where: { dedupeKey: { startsWith: `team-unreachable:${team.id}` } } })).toBe(1);
  });

  it("rejects an unknown check-in", async () => {
    await expect(recordTeamAnswer(deps, { checkInId: "00000000-0000-0000-0000-000000000000" }, { platformUserId: "x" }, answer(1, 1))).rejects.toThrow(
      /no team check-in/,
    );
  });
});

describe("reminders", () => {
  it("reminds each member who has not answered, once, by an outbox DM that names the check-in", async () => {
    const team = await newTeam("Design");
    await postTeamCheckIn(deps, team.id, "2026-W47");
    const w47 = { teamId: team.id, period: "2026-W47" };
    for (const id of ["r1", "r2", "r3", "r4"]) await recordTeamAnswer(deps, w47, { platformUserId: id }, answer(50, 5));
    // r4 closed their DMs, r3 is on holiday.
    await db.prisma.client.updateMany({ where: { platformUserId: "r4" }, data: { reachable: false } });
    await db.prisma.client.updateMany({ where: { platformUserId: "r3" }, data: { pausedUntil: new Date("2026-12-31T00:00:00Z") } });

    expect(await membersToRemind(deps, team.id, "2026-W48")).toEqual([]);
    const { post } = (await postTeamCheckIn(deps, team.id, "2026-W48")) as { post: TeamCheckInPost };
    await recordTeamAnswer(deps, { teamId: team.id, period: "2026-W48" }, { platformUserId: "r1" }, answer(80, 8));
    expect((await membersToRemind(deps, team.id, "2026-W48")).map((m) => m.platformUserId)).toEqual(["r2"]);

    const before = delivered;
    const first = await remindTeam(deps, team.id, "2026-W48");
    expect(first.reminded.map((m) => m.platformUserId)).toEqual(["r2"]);
    expect(delivered).toBe(before + 1);
    const rows = await db.prisma.outboxMessage.findMany({ where: { kind: "team_reminder", recipient: "r2" } });
    expect(rows).toHaveLength(1);
    const prompt = (rows[0]!.payload as any).prompts[0];
    expect(prompt).toMatchObject({ id: teamCheckInPromptId(post.checkInId), input: { kind: "none" } });
    expect(prompt.text).toContain("Design");
    expect(teamCheckInOfPrompt(prompt.id)).toBe(post.checkInId);

    expect(await remindTeam(deps, team.id, "2026-W48")).toEqual({ reminded: [] });
    expect(await db.prisma.outboxMessage.count({ where: { kind: "team_reminder", recipient: "r2" } })).toBe(1);
    expect(delivered).toBe(before + 1);
    // The placeholder row carrying the guard is not an answer.
    expect(await teamAggregate(deps, team.id, "2026-W48")).toMatchObject({ answered: 1 });
    // Answering after the reminder counts as usual.
    const late = await recordTeamAnswer(deps, { teamId: team.id, period: "2026-W48" }, { platformUserId: "r2" }, answer(40, 4));
    expect(late).toMatchObject({ complete: true, updated: false, aggregate: { answered: 2 } });
  });

  it("reminds at most once however many run at once", async () => {
    const team = await newTeam();
    await postTeamCheckIn(deps, team.id, "2026-W47");
    await recordTeamAnswer(deps, { teamId: team.id, period: "2026-W47" }, { platformUserId: "c1" }, answer(50, 5));
    await postTeamCheckIn(deps, team.id, "2026-W48");
    const results = await Promise.all([1, 2, 3].map(() => remindTeam(deps, team.id, "2026-W48")));
    expect(results.flatMap((r) => r.reminded)).toHaveLength(1);
  });
});

describe("parseTeamAnswer", () => {
  it.each([
    [{ achievement: "70", mood: "7" }, { achievement: 70, mood: 7 }, []],
    [{ achievement: "70%", mood: "7/10" }, { achievement: 70, mood: 7 }, []],
    [{ achievement: " 0 ", mood: "10" }, { achievement: 0, mood: 10 }, []],
    [{ achievement: "lots", mood: "7" }, { achievement: null, mood: 7 }, ["achievement"]],
    [{ achievement: "101", mood: "11" }, { achievement: null, mood: null }, ["achievement", "mood"]],
    [{ achievement: "", mood: "-1" }, { achievement: null, mood: null }, ["achievement", "mood"]],
  ])("reads %j", (raw, numbers, problems) => {
    const parsed = parseTeamAnswer(raw);
    expect(parsed.answer).toMatchObject(numbers);
    expect(parsed.problems).toEqual(problems);
  });

  it("reads the note and the share choice", () => {
    expect(parseTeamAnswer({ achievement: "1", mood: "1", note: "  hi  ", share: "yes" }).answer).toEqual({
      achievement: 1,
      mood: 1,
      note: "hi",
      shareWithTeam: true,
    });
    expect(parseTeamAnswer({ achievement: "1", mood: "1", note: "   ", share: "no" }).answer).toMatchObject({ note: null, shareWithTeam: false });
    expect(parseTeamAnswer({ achievement: "1", mood: "1", share: null }).answer.shareWithTeam).toBe(false);
    expect(parseTeamAnswer({ achievement: "1", mood: "1", note: "x".repeat(400) }).answer.note).toHaveLength(300);
  });
});
