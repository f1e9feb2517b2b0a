// The Slack deliverer inside the real outbox sender: permanent Web API errors end a message at
// once ("dead"), others are retried later, a 429 is waited out, and an engine failure ends in an
// apology instead of a crash.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CoachingEngine } from "../../../src/engine/engine.js";
import type { Inbound } from "../../../src/engine/inbound.js";
import { APOLOGY } from "../../../src/platforms/slack/dispatch.js";
import { BOT } from "./support/fake-slack-api.js";
import { startWorld, type World } from "./support/world.js";

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world?.close();
});

const outboxOf = (userId: string) => world.db.prisma.outboxMessage.findMany({ where: { recipient: userId }, orderBy: { id: "asc" } });

/** A coach's digest with a chart, queued in the Acme workspace (its tenant made here if no earlier test made it). */
async function queueDigestWithChart(recipient: string, filename: string, bytes: string): Promise<void> {
  const tenant = await world.db.prisma.tenant.upsert({
    where: { platform_externalId: { platform: "slack", externalId: BOT.teamId } },
    create: { platform: "slack", externalId: BOT.teamId, name: BOT.team },
    update: {},
  });
  await world.db.prisma.outboxMessage.create({
    data: {
      tenantId: tenant.id,
      recipient,
      kind: "digest",
      dedupeKey: `chart-${recipient}`,
      availableAt: new Date(),
      payload: {
        prompts: [{ id: "digest", text: "Your coaching digest", input: { kind: "none" } }],
        attachments: [{ filename, contentType: "image/png", dataBase64: Buffer.from(bytes).toString("base64") }],
      },
    },
  });
}

describe("Slack deliverer", () => {
  it.each(["channel_not_found", "account_inactive", "cannot_dm_bot", "token_revoked"])("marks a message dead at once when Slack answers %s", async (error) => {
    const userId = `U_GONE_${error.toUpperCase()}`;
    world.api.failNext("chat.postMessage", { body: { ok: false, error } });
    const response = await world.user(userId).dm("hi");
    expect(response.status).toBe(200);
    const [row] = await outboxOf(userId);
    expect(row).toMatchObject({ status: "dead", attempts: 1 });
    expect(row!.lastError).toContain(error);
  });

  it("keeps a message pending for a retry when Slack has a passing problem", async () => {
    world.api.failNext("chat.postMessage", { body: { ok: false, error: "internal_error" } });
    await world.user("U_UNLUCKY").dm("hi");
    const [row] = await outboxOf("U_UNLUCKY");
    expect(row).toMatchObject({ status: "pending", attempts: 1 });
    expect(row!.lastError).toContain("internal_error");
  });

  it("re-queues a rate-limited (429, Retry-After: 1) message without a failed attempt, and delivers it after the wait", async () => {
    const user = world.user("U_PATIENT");
    world.api.failNext("chat.postMessage", { status: 429, headers: { "retry-after": "1" }, body: { ok: false, error: "ratelimited" } });
    await user.dm("hi");
    const [waiting] = await outboxOf("U_PATIENT");
    expect(waiting).toMatchObject({ status: "pending", attempts: 0 });
    expect(waiting!.availableAt.getTime() - world.clock.now().getTime()).toBeGreaterThan(500);
    const attemptsSoFar = () => world.api.callsTo("chat.postMessage").filter((c) => c.body.channel === "U_PATIENT");
    // Not retried before Retry-After has passed; retried once it has (skipped ahead, not slept).
    world.clock.skip(500);
    await world.sender.deliverDue();
    expect(attemptsSoFar()).toHaveLength(1);
    world.clock.skip(600);
    await world.sender.deliverDue();
    const attempts = attemptsSoFar();
    expect(attempts).toHaveLength(2);
    expect(attempts[0]!.response).toMatchObject({ error: "ratelimited" });
    expect(user.newReplies()).toEqual([expect.stringMatching(/What name would you like me to use\?/)]);
    const [row] = await outboxOf("U_PATIENT");
    expect(row).toMatchObject({ status: "sent", attempts: 1, platformMessageId: attempts[1]!.response.ts });
  });

  it("uploads a digest's chart into the coach's DM after the text", async () => {
    await queueDigestWithChart("U_COACH_CHART", "weekly-achievement.png", "PNG-BYTES");
    await world.sender.deliverDue();
    const methods = world.api.calls
      .filter((c) => c.method.startsWith("files.") || (c.method === "chat.postMessage" && c.body.channel === "U_COACH_CHART"))
      .map((c) => c.method);
    expect(methods).toEqual(["chat.postMessage", "files.getUploadURLExternal", "files.completeUploadExternal"]);
    expect([...world.api.files.values()].some((f) => f.filename === "weekly-achievement.png" && f.content.includes("PNG-BYTES"))).toBe(true);
  });

  it("uploads a chart again after a failed upload without posting its text a second time", async () => {
    await queueDigestWithChart("U_COACH_RETRY", "retry-achievement.png", "PNG-AGAIN");
    world.api.failNext("files.getUploadURLExternal", { status: 200, body: { ok: false, error: "internal_error" } });
    const row = async () => (await outboxOf("U_COACH_RETRY"))[0]!;
    // Earlier tests' 429s may still pace this workspace: skip ahead to each due time, never sleep.
    const deliverUntil = async (done: (r: Awaited<ReturnType<typeof row>>) => boolean) => {
      for (let tries = 0; tries < 20 && !done(await row()); tries++) {
        world.clock.skip(Math.max(0, (await row()).availableAt.getTime() - world.clock.now().getTime() + 1));
        await world.sender.deliverDue();
      }
    };
    await deliverUntil((r) => r.attempts > 0);
    expect(await row()).toMatchObject({ status: "pending", attempts: 1 });
    await deliverUntil((r) => r.status !== "pending");
    const posts = world.api.callsTo("chat.postMessage").filter((c) => c.body.channel === "U_COACH_RETRY");
    expect(posts).toHaveLength(1);
    const uploaded = [...world.api.files.values()].filter((f) => f.filename === "retry-achievement.png" && f.channel === "D_COACH_RETRY");
    expect(uploaded).toHaveLength(1);
    const [sent] = await outboxOf("U_COACH_RETRY");
    expect(sent).toMatchObject({ status: "sent", attempts: 2, platformMessageId: posts[0]!.response.ts });
  });

  it("posts to the user id with a fallback text and blocks, and records the message ts", async () => {
    const user = world.user("U_CHECK");
    await user.dm("hello there");
    const call = world.api
      .callsTo("chat.postMessage")
      .filter((c) => c.body.channel === "U_CHECK")
      .at(-1)!;
    expect(call.body.text).toMatch(/What name would you like me to use\?/);
    expect(Array.isArray(call.body.blocks)).toBe(true);
    const [row] = await outboxOf("U_CHECK");
    expect(row).toMatchObject({ status: "sent", platformMessageId: call.response.ts });
  });
});

describe("Slack adapter when the engine fails", () => {
  let failing: World;
  beforeAll(async () => {
    failing = await startWorld({
      makeEngine: (deps) =>
        new (class extends CoachingEngine {
          override async handle(inbound: Inbound): ReturnType<CoachingEngine["handle"]> {
            if (inbound.kind === "message" && inbound.text === "boom") throw new Error("database went away");
            return super.handle(inbound);
          }
        })(deps),
    });
  });
  afterAll(async () => {
    await failing?.close();
  });

  it("logs the error, apologises in the DM, and keeps serving", async () => {
    const user = failing.user("U_VICTIM");
    const response = await user.dm("boom");
    expect(response.status).toBe(200);
    expect(user.newReplies()).toEqual([APOLOGY]);
    expect(failing.logs.some((l) => l.includes('"level":"error"') && l.includes("database went away"))).toBe(true);
    await user.dm("hi");
    expect(user.newReplies()).toEqual([expect.stringMatching(/What name would you like me to use\?/)]);
  });
});
