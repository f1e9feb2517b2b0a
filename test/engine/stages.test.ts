// One source of truth for stages: the tables hold exactly what the client machine holds, written
// in the engine's transaction from its effects; /status, the App Home read model and the coach's
// preparation view show the same dates.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { preparationView } from "../../src/coach/preparation.js";
import type { PersistedClientSnapshot } from "../../src/machines/snapshot.js";
import { clientHome } from "../../src/store/client-home.js";
import { catalog, createHarness, type Harness } from "../support/harness.js";

const TENANT = { platform: "console" as const, externalId: "local", name: "Console" };
const WEEK = 7 * 86_400_000;

describe("stages: the snapshot and the tables agree", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => {
    await h.db.close();
  });

  async function snapshotDomains(userId: string) {
    const client = await h.db.prisma.client.findFirstOrThrow({
      where: { platformUserId: userId },
      include: { actorSnapshot: true, domains: true, stageTransitions: { orderBy: { occurredAt: "asc" } } },
    });
    const context = (client.actorSnapshot!.snapshot as unknown as PersistedClientSnapshot).context;
    return { client, context };
  }

  async function checkin(userId: string, percent: number, status?: "kept_up" | "slipped" | "stopped") {
    await h.say(userId, "/checkin");
    for (const answer of ["8", "a walk", String(percent), "skip", "skip", "about_right", ...(status ? [status] : []), "keep"]) await h.say(userId, answer);
  }

  it("keeps the behavior's start from onboarding, and a lapse moves neither since-date", async () => {
    const user = "u-regular";
    await h.send(user, { kind: "start" });
    for (const answer of [
      "Robin",
      "exercise",
      "yes",
      "under_6",
      "about 5 months",
      "8",
      "skip",
      "no",
      "no",
      "walk 30 minutes on Monday, Wednesday and Friday this week",
      "9",
    ])
      await h.say(user, answer);
    let { client, context } = await snapshotDomains(user);
    const staged = context.domains.exercise!;
    expect(staged.stage).toBe("action");
    expect(staged.criterionMetSince).toBe("2026-06-24T09:00:00.000Z");
    expect(client.domains[0]).toMatchObject({ stage: "action", stageSince: new Date(staged.since), criterionMetSince: new Date(staged.criterionMetSince!) });
    expect(client.stageTransitions.map((t) => [t.fromStage, t.toStage, t.changedBy])).toEqual([[null, "action", "client"]]);

    h.clock.set(new Date(Date.parse("2026-11-24T09:00:00Z") + WEEK));
    await checkin(user, 20, "slipped");
    ({ client, context } = await snapshotDomains(user));
    expect(context.domains.exercise!.since).toBe(staged.since);
    expect(client.domains[0]!.stageSince).toEqual(new Date(staged.since));
    expect(client.domains[0]!.criterionMetSince).toEqual(new Date(staged.criterionMetSince!));
    expect(client.stageTransitions.at(-1)).toMatchObject({
      fromStage: "action",
      toStage: "action",
      changedBy: "system",
      reason: expect.stringMatching(/^lapse/),
    });

    // A month after onboarding, six months since Robin started: maintenance, in both places.
    h.clock.set(new Date("2026-12-29T09:00:00Z"));
    await checkin(user, 100, "kept_up");
    ({ client, context } = await snapshotDomains(user));
    expect(context.domains.exercise).toMatchObject({ stage: "maintenance", since: "2026-12-29T09:00:00.000Z" });
    expect(client.domains[0]).toMatchObject({
      stage: "maintenance",
      stageSince: new Date("2026-12-29T09:00:00.000Z"),
      criterionMetSince: new Date(staged.criterionMetSince!),
    });

    // The client's /status, their App Home and the coach's view show the same date.
    const status = (await h.say(user, "/status")).join("\n");
    expect(status).toMatch(/Exercise: keeping it going \(since 2026-12-29\)/);
    const home = await clientHome(h.db.prisma, catalog, TENANT, user);
    expect(home!.stages).toEqual([{ domain: "exercise", stage: "maintenance", since: new Date("2026-12-29T09:00:00.000Z") }]);
    const prep = await preparationView(h.db.prisma, catalog, client.id);
    expect(prep).toMatch(/Exercise: maintenance since 2026-12-29 \(focus\)/);
  });

  it("reads the coach's view through the snapshot migrations: an older snapshot's focus area still shows", async () => {
    const user = "u-old-snapshot";
    await h.send(user, { kind: "start" });
    for (const answer of ["Kim", "nutrition", "no", "within_30_days", "6", "skip", "eat one more vegetable portion at dinner", "8"]) await h.say(user, answer);
    const { client } = await snapshotDomains(user);
    // Written by a v6 machine: no stage steps yet.
    const stored = client.actorSnapshot!.snapshot as unknown as PersistedClientSnapshot;
    const v6 = {
      ...stored,
      context: { ...stored.context, domains: { nutrition: { stage: "preparation", since: stored.context.domains.nutrition!.since, criterionMetSince: null } } },
    };
    await h.db.prisma.actorSnapshot.update({ where: { clientId: client.id }, data: { snapshot: v6 as never, machineVersion: 6 } });
    expect(await preparationView(h.db.prisma, catalog, client.id)).toMatch(/Nutrition: preparation since [\d-]+ \(focus\)/);
  });
});
