// A client's own data from Slack: `/coach export` uploads a JSON file into their DM the way
// files.uploadV2 does it (files.getUploadURLExternal, the upload, files.completeUploadExternal);
// `/coach delete` asks with two buttons and deletes only on "Delete my data".
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
      initialComment: wording.exportReady,
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
    expect(nobody.newReplies()).toEqual([wording.noData]);
    expect(world.api.files.size).toBe(1);
  });

  it("apologises when the upload fails, and keeps serving", async () => {
    world.api.failNext("files.getUploadURLExternal", { body: { ok: false, error: "missing_scope" } });
    await sam.command("export");
    expect(sam.newReplies()).toEqual([wording.exportFailed]);
  });
});

describe("a client deleting their data", () => {
  it("asks first, and keeps everything when they choose to keep it", async () => {
    await sam.command("delete");
    expect(sam.newReplies()).toEqual([wording.deleteQuestion]);
    await sam.press(wording.keepButton);
    expect(await world.db.prisma.client.count({ where: { platformUserId: "U_SAM" } })).toBe(1);
    const update = world.api.callsTo("chat.update").at(-1)!;
    expect(update.body.text).toBe(wording.kept);
    expect(sam.findButton(wording.deleteButton)).toBeNull();
  });

  it("deletes the client and everything about them after confirmation, and says so", async () => {
    const client = await world.db.prisma.client.findFirstOrThrow({ where: { platformUserId: "U_SAM" } });
    await sam.command("delete");
    sam.newReplies();
    const question = sam.findButton(wording.deleteButton)!;
    expect(question.button.value).toBe(client.id);
    await sam.press(wording.deleteButton);

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
    expect(current.text).toBe(wording.deleted);
    expect(sam.findButton(wording.deleteButton)).toBeNull();
  });

  it("does nothing more when the old button is pressed again", async () => {
    const before = await world.db.prisma.client.count();
    const posted = sam.posted().find((m) => m.text === wording.deleteQuestion)!;
    await sam.pressOn(posted, { block_id: "privacy", action_id: "coach.privacy.delete", text: wording.deleteButton, value: "not-a-client-any-more" });
    expect(world.api.callsTo("chat.update").at(-1)!.body.text).toBe(wording.alreadyDeleted);
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
        { block_id: "privacy", action_id: "coach.privacy.delete", text: wording.deleteButton, value: miaId },
      );
    expect(await world.db.prisma.client.count({ where: { id: miaId } })).toBe(1);
  });

  it("logged no errors along the way", () => {
    expect(world.logs.filter((line) => /"level":"error"/.test(line))).toEqual([]);
  });
});
