// Team check-ins on the scheduler: the weekly post in the team channel, one reminder, and the
// coach's digest showing participation and the aggregate only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gatherDigest, queueCoachDigest, renderDigest } from "../../src/coach/digest.js";
import { ensureCoach } from "../../src/coach/roster.js";
import { DEFAULT_SCHEDULER_SETTINGS, runSchedulerPass, type SchedulerDeps } from "../../src/scheduler/pass.js";
import { linkTeam, postTeamCheckIn, recordTeamAnswer, remindTeam, type TeamCheckInPost, type TeamDeps } from "../../src/teams/index.js";
import { catalog, createHarness, type Harness, silent } from "../support/harness.js";

let h: Harness;
let deps: SchedulerDeps;
let teams: TeamDeps;
const posts: TeamCheckInPost[] = [];
const tenant = { platform: "console" as const, externalId: "local", name: "Console" };

beforeAll(async () => {
  h = await createHarness();
  const channel = {
    post: async (p: TeamCheckInPost) => (posts.push(p), { messageId: `m${posts.length}` }),
    update: async (_p: TeamCheckInPost, id: string) => ({ messageId: id }),
  };
  teams = { prisma: h.db.prisma, catalog, clock: h.clock, log: silent, channels: { console: channel }, deliverOutbox: () => h.sender.deliverDue() };
  deps = {
    prisma: h.db.prisma,
    engine: h.engine,
    sender: h.sender,
    catalog,
    log: silent,
    settings: DEFAULT_SCHEDULER_SETTINGS,
    sendDigest: (id, now, eventId) => queueCoachDigest(h.db.prisma, catalog, id, now, eventId),
    teams: {
      post: async (id, period) => (await postTeamCheckIn(teams, id, period)).status,
      remind: async (id, period) => void (await remindTeam(teams, id, period)),
    },
  };
  const coach = await ensureCoach(h.db.prisma, tenant, "kim", "Kim");
  await linkTeam(teams, { coach, channelId: "C-sales", name: "Sales" });
}, 60_000);
afterAll(() => h.db.close());

const tick = (at: string) => {
  h.clock.set(at);
  return runSchedulerPass(deps, new Date(at));
};

describe("team check-ins on schedule", () => {
  it("posts once a week on Monday morning, reminds silent members once, and shows the coach only aggregates", async () => {
    await tick("2026-11-24T10:00:00Z"); // plans the first post
    // Monday is the team's holiday: the post moves to Tuesday, not lost.
    await h.db.prisma.holiday.create({
      data: { tenantId: (await h.db.prisma.tenant.findFirstOrThrow()).id, teamId: (await h.db.prisma.team.findFirstOrThrow()).id, date: "2026-11-30" },
    });
    await tick("2026-11-30T09:00:00Z");
    expect(posts).toHaveLength(0);
    await tick("2026-12-01T09:00:00Z");
    await tick("2026-11-30T09:01:00Z");
    expect(posts).toHaveLength(1);
    const ref = { teamId: (await h.db.prisma.team.findFirstOrThrow()).id, period: "2026-W49" };
    for (const [who, achievement] of [
      ["ann", 80],
      ["bo", 60],
      ["cy", 40],
    ] as const) {
      await recordTeamAnswer(teams, ref, { platformUserId: who, name: who }, { achievement, mood: 7, note: `private note of ${who}`, shareWithTeam: false });
    }
    // A fourth member has joined but not answered: the reminder goes to them only, once.
    const dee = await h.db.prisma.client.create({ data: { tenantId: (await h.db.prisma.tenant.findFirstOrThrow()).id, platformUserId: "dee", name: "Dee" } });
    await h.db.prisma.teamMember.create({ data: { teamId: ref.teamId, clientId: dee.id } });
    await tick("2026-12-02T09:00:00Z");
    await tick("2026-12-03T09:00:00Z");
    expect(h.delivered.filter((m) => /your team Sales has its check-in open/.test(m.prompts[0]!.text)).map((m) => m.recipient)).toEqual(["dee"]);

    const coach = await h.db.prisma.coach.findFirstOrThrow();
    const text = renderDigest(
      catalog.digest,
      await gatherDigest(h.db.prisma, catalog, coach.id, new Date("2026-11-29T00:00:00Z"), new Date("2026-12-03T10:00:00Z")),
    );
    expect(text).toMatch(/Teams:\n {2}- Team Sales: 3 of 4 answered, average achievement 60%/);
    expect(text).not.toMatch(/private note/);
  });
});
