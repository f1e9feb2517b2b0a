// A client's own data from Slack: `/coach export` uploads a JSON file into their DM the way
// files.uploadV2 does it (files.getUploadURLExternal, the upload, files.completeUploadExternal);
// `/coach delete` asks with two buttons and deletes only on "Delete my data".
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { interactionWording as say } from "../../../src/interactions/index.js";
import { wording } from "../../../src/platforms/slack/wording.js";
import { type DmUser, startWorld, type World } from "./support/world.js";

let world: World;
let sam: DmUser;
beforeAll(async () => {
  world = await startWorld();
  sam = world.user("U_SAM");
  await sam.dm("hi");
  await sam.dm("Sam");
  await sam.press("Exercise");
  sam.newReplies();
});
afterAll(async () => {
  await world?.close();
});

describe("a client's data export", () => {
  it("uploads a JSON file with the client's answers into their DM, wherever they typed the command", async () => {
    const response = await sam.command("export", { channelName: "general" });
    expect(response.json()).toEqual({ response_type: "ephemeral", text: wording.onItInDm });
    expect(world.api.callsTo("conversations.open").at(-1)!.body).toMatchObject({ users: "U_SAM" });
    expect(world.api.callsTo("files.getUploadURLExternal")).toHaveLength(1);
    const [file] = [...world.api.files.values()];
    expect(file).toMatchObject({
      channel: "D_SAM",
      initialComment: say.exportReady(null),
      filename: expect.stringMatching(/^coaching-data-\d{4}-\d{2}-\d{2}\.json$/),
    });

    const data = JSON.parse(file!.content) as {
      client: { platformUserId: string; conversations: { script: string; answers: { questionKey: string; value: unknown }[] }[] };
    };
    expect(data.client).toMatchObject({ platformUserId: "U_SAM" });
    const onboarding = data.client.conversations.find((c) => c.script === "onboarding")!;
    expect(Object.fromEntries(onboarding.answers.map((a) => [a.questionKey, a.value]))).toEqual({ name: "Sam", domain: "exercise" });
  });

  it("tells someone the bot holds nothing about that there is nothing to export", async () => {
    const nobody = world.user("U_NOBODY");
    await nobody.command("export");
    expect(nobody.newReplies()).toEqual([say.noData(null)]);
    expect(world.api.files.size).toBe(1);
  });

  it("apologises when the upload fails, and keeps serving", async () => {
    world.api.failNext("files.getUploadURLExternal", { body: { ok: false, error: "missing_scope" } });
    await sam.command("export");
    expect(sam.newReplies()).toEqual([wording.exportFailed]);
  });

  it("runs /export typed as text in the DM, as /help lists it, instead of calling it an unknown command", async () => {
    const before = world.api.files.size;
    await sam.dm("/export");
    await world.slack.idle();
    expect(world.api.files.size).toBe(before + 1);
    const file = [...world.api.files.values()].at(-1)!;
    expect(file).toMatchObject({ channel: "D_SAM", initialComment: say.exportReady(null) });
    expect((JSON.parse(file.content) as { client: { platformUserId: string } }).client.platformUserId).toBe("U_SAM");
    expect(sam.newReplies().join("\n")).not.toMatch(/don't know the command/i);
  });
});

describe("a client deleting their data", () => {
  it("asks first, and keeps everything when they choose to keep it", async () => {
    await sam.command("delete");
    expect(sam.newReplies()).toEqual([say.deleteQuestion(null)]);
    await sam.press(say.keepButton);
    expect(await world.db.prisma.client.count({ where: { platformUserId: "U_SAM" } })).toBe(1);
    const update = world.api.callsTo("chat.update").at(-1)!;
    expect(update.body.text).toBe(say.kept);
    expect(sam.findButton(say.deleteButton)).toBeNull();
  });

  it("deletes the client and everything about them after confirmation, and says so", async () => {
    const client = await world.db.prisma.client.findFirstOrThrow({ where: { platformUserId: "U_SAM" } });
    await sam.command("delete");
    sam.newReplies();
    const question = sam.findButton(say.deleteButton)!;
    expect(question.button.value).toBe(client.id);
    await sam.press(say.deleteButton);

    expect(await world.db.prisma.client.count({ where: { platformUserId: "U_SAM" } })).toBe(0);
    for (const count of [
      world.db.prisma.answer.count({ where: { conversation: { clientId: client.id } } }),
      world.db.prisma.goal.count({ where: { clientId: client.id } }),
      world.db.prisma.outboxMessage.count({ where: { clientId: client.id } }),
      world.db.prisma.actorSnapshot.count({ where: { clientId: client.id } }),
    ]) {
      expect(await count).toBe(0);
    }
    const current = world.api.message(question.message.channel, question.message.ts)!;
    expect(current.text).toBe(say.deleted);
    expect(sam.findButton(say.deleteButton)).toBeNull();
  });

  it("does nothing more when the old button is pressed again", async () => {
    const before = await world.db.prisma.client.count();
    const posted = sam.posted().find((m) => m.text === say.deleteQuestion(null))!;
    await sam.pressOn(posted, { block_id: "privacy", action_id: "coach.privacy.delete", text: say.deleteButton, value: "not-a-client-any-more" });
    expect(world.api.callsTo("chat.update").at(-1)!.body.text).toBe(say.alreadyDeleted);
    expect(await world.db.prisma.client.count()).toBe(before);
  });

  it("lets someone else's press delete nothing", async () => {
    const mia = world.user("U_MIA");
    await mia.dm("hi");
    const miaId = (await world.db.prisma.client.findFirstOrThrow({ where: { platformUserId: "U_MIA" } })).id;
    // A press by U_MAX carrying Mia's client id (e.g. a forwarded message) acts on U_MAX only.
    await world
      .user("U_MAX")
      .pressOn(
        { channel: "D_MAX", ts: "1700000000.000009", text: "", blocks: [] },
        { block_id: "privacy", action_id: "coach.privacy.delete", text: say.deleteButton, value: miaId },
      );
    expect(await world.db.prisma.client.count({ where: { id: miaId } })).toBe(1);
  });

  it("logged no errors along the way", () => {
    expect(world.logs.filter((line) => /"level":"error"/.test(line))).toEqual([]);
  });
});
