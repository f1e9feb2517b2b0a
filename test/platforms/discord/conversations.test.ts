// Whole conversations through the Discord adapter: the real discord.js client against local
// stand-ins for Discord's REST API and gateway, a real engine and outbox on in-memory PGlite.
// The wording asserted comes from the loaded flows, so these tests follow the flow files.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fillTemplate } from "../../../src/domain/script.js";
import { wording } from "../../../src/platforms/discord/wording.js";
import {
  allButtons,
  answer,
  buttonLabelled,
  catalog,
  converse,
  type DiscordHarness,
  onboardFully,
  press,
  questionIn,
  repliesTo,
  startHarness,
  typeInDm,
  waitFor,
} from "./support/harness.js";
import { buttonPress, formSubmit, selectPick, slashCommand, type TestUser, testUser } from "./support/payloads.js";
import type { PostedMessage } from "./support/rest-stand-in.js";

const EPHEMERAL = 64;
const CALLBACK = { reply: 4, deferredReply: 5, updateMessage: 7, modal: 9 } as const;
const rowSizes = (m: PostedMessage) => m.components.map((row) => row.components.length);

let h: DiscordHarness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

/** `/coach <sub>`: resolves with the interaction's callbacks, the reply's edit, and the DMs sent. */
async function slash(user: TestUser, sub: string) {
  const payload = slashCommand(h.ids, user, sub);
  const editPath = `/webhooks/${h.ids.applicationId}/${payload.token}/messages/@original`;
  const before = h.rest.dmMessages(user.id).length;
  h.gateway.dispatch("INTERACTION_CREATE", payload);
  const [edit] = await waitFor(() => h.rest.callsTo("PATCH", editPath).length > 0 && h.rest.callsTo("PATCH", editPath), `the reply to /coach ${sub}`);
  await h.adapter.idle();
  return { callbacks: h.rest.callbacksOf(payload.id), edit: edit!, dms: h.rest.dmMessages(user.id).slice(before) };
}

/** Presses "Answer"; returns the modal Discord was asked to show. */
async function openForm(user: TestUser, message: PostedMessage) {
  const payload = buttonPress(h.ids, user, message, buttonLabelled(message, wording.answerButton).custom_id);
  h.gateway.dispatch("INTERACTION_CREATE", payload);
  const [callback, ...more] = await waitFor(() => h.rest.callbacksOf(payload.id).length > 0 && h.rest.callbacksOf(payload.id), "the modal");
  expect(more).toEqual([]);
  expect(callback!.body.type).toBe(CALLBACK.modal);
  return callback!.body.data;
}

function updateOf(interactionId: string) {
  const [callback, ...more] = h.rest.callbacksOf(interactionId);
  expect(more).toEqual([]);
  expect(callback!.body.type).toBe(CALLBACK.updateMessage);
  const { content, components } = callback!.body.data as { content: string; components: unknown[] };
  return { content, components };
}

describe("onboarding in the DM", () => {
  it("greets a newcomer, takes the name as typed text, the rest by buttons, and posts the stage message", async () => {
    const user = testUser("sam.k", "Sam K");
    const [greeting, ...extra] = await typeInDm(h, user, "hi");
    expect(extra).toEqual([]);
    expect(greeting!.content).toContain(catalog.scripts.onboarding.steps[0]!.ask);
    expect(allButtons(greeting!).map((b) => b.label)).toEqual([wording.answerButton]);
    expect(allButtons(greeting!)[0].custom_id).toMatch(/^f\|t\|[^|]+:name$/);

    const askDomain = questionIn(await typeInDm(h, user, "Sam"))!;
    expect(askDomain.content).toContain("Sam");
    expect(allButtons(askDomain).map((b) => b.label)).toEqual(catalog.domains.map((d) => d.label));
    const domainPromptId = allButtons(askDomain)[0].custom_id.split("|")[1];
    expect(allButtons(askDomain).map((b) => b.custom_id)).toEqual(catalog.domains.map((d) => `a|${domainPromptId}|${d.key}`));

    // The press replaces the buttons by the answer, so the same question cannot be answered twice.
    const domain = await press(h, user, askDomain, "Exercise");
    expect(updateOf(domain.interactionId)).toEqual({ content: `${askDomain.content}\n\n${wording.answered("Exercise")}`, components: [] });

    const stageIntro = fillTemplate(catalog.messages.stageIntro.preparation, { name: "Sam", domain: "exercise" });
    const turns = await converse(h, user, questionIn(domain.replies)!, (replies) => replies.some((r) => r.content.includes(stageIntro)));
    expect(turns.map((t) => t.answer)).toEqual(expect.arrayContaining(["Not yet", "Yes, in the next 30 days"]));
    // Importance is asked on a 0-10 scale: 11 buttons in three rows, answered by a press.
    const importance = turns.find((t) => t.question.content.includes("important"))!;
    expect(rowSizes(importance.question)).toEqual([4, 4, 3]);
    expect(importance).toMatchObject({ how: "pressed", answer: "8" });
    expect(turns.some((t) => t.how === "typed")).toBe(true);

    const client = await h.db.prisma.client.findFirstOrThrow({ where: { platformUserId: user.id }, include: { tenant: true, domains: true } });
    expect(client).toMatchObject({ name: "Sam", tenant: { platform: "discord", externalId: h.ids.guildId, name: h.guildName } });
    expect(client.domains).toEqual([expect.objectContaining({ domain: "exercise", stage: "preparation", importance: 8 })]);

    // Every message went out through the outbox, recorded with the id Discord gave it.
    const rows = await h.db.prisma.outboxMessage.findMany({ where: { recipient: user.id }, orderBy: { id: "asc" } });
    expect(rows.map((r) => r.status)).toEqual(rows.map(() => "sent"));
    const dms = h.rest.dmMessages(user.id);
    expect(rows.at(-1)!.platformMessageId).toBe(dms.at(-1)!.id);
    expect(new Set(rows.map((r) => r.platformMessageId)).size).toBe(rows.length);
    const posts = h.rest.callsTo("POST", `/channels/${h.rest.dmChannelFor(user.id)}/messages`);
    expect(posts).toHaveLength(dms.length);
    expect(posts.every((p) => p.body.enforce_nonce === true && /^o\d+\.\d+$/.test(p.body.nonce) && p.body.allowed_mentions.parse.length === 0)).toBe(true);
  });

  it("accepts an answer from a string select (used for long option lists)", async () => {
    const user = testUser("ria");
    await typeInDm(h, user, "hello");
    const askDomain = questionIn(await typeInDm(h, user, "Ria"))!;
    const promptId = allButtons(askDomain)[0].custom_id.split("|")[1];
    // The same question, as the renderer would draw it with more than 25 options.
    const customId = `s|${promptId}|1`;
    const asSelect = {
      ...askDomain,
      components: [{ type: 1, components: [{ type: 3, custom_id: customId, options: catalog.domains.map((d) => ({ label: d.label, value: d.key })) }] }],
    };
    const payload = selectPick(h.ids, user, asSelect, customId, "sleep");
    const replies = await repliesTo(h, user, () => h.gateway.dispatch("INTERACTION_CREATE", payload));
    expect(updateOf(payload.id)).toEqual({ content: `${askDomain.content}\n\n${wording.answered("Sleep")}`, components: [] });
    const sleep = catalog.domains.find((d) => d.key === "sleep")!;
    expect(questionIn(replies)!.content).toContain(sleep.criterion);
  });
});

describe("slash commands", () => {
  it("/coach status: an ephemeral deferred reply, the status itself by DM", async () => {
    const user = testUser("lee");
    await onboardFully(h, user, "Lee");
    const { callbacks, edit, dms } = await slash(user, "status");
    expect(callbacks.map((c) => c.body)).toEqual([{ type: CALLBACK.deferredReply, data: { flags: EPHEMERAL } }]);
    expect(edit.body.content).toBe(wording.repliedInDm);
    const status = dms.find((d) => d.content.includes(fillTemplate(catalog.messages.status.header, { name: "Lee" })));
    expect(status?.content).toContain("Exercise");
    expect(status?.content).toContain(catalog.messages.stageNames.preparation);
  });

  it("/coach checkin, answered by buttons and forms, with a bad percentage turned away kindly", async () => {
    const user = testUser("noor");
    await onboardFully(h, user, "Noor");
    const { callbacks, dms } = await slash(user, "checkin");
    expect(callbacks.map((c) => c.body)).toEqual([{ type: CALLBACK.deferredReply, data: { flags: EPHEMERAL } }]);
    const askFeeling = questionIn(dms)!;
    expect(askFeeling.content).toContain(fillTemplate(catalog.scripts.checkin.steps[0]!.ask, { name: "Noor" }));
    expect(rowSizes(askFeeling)).toEqual([4, 4, 3]);

    const feeling = await press(h, user, askFeeling, "7");
    expect(updateOf(feeling.interactionId).content).toContain(wording.answered("7"));

    // Walk the check-in; the first optional text and the first percentage go through the form.
    const done = fillTemplate(catalog.messages.checkinDone, { name: "Noor" });
    let question = questionIn(feeling.replies);
    let usedTextForm = false;
    let usedPercentForm = false;
    let finished = false;
    for (let turn = 0; question && !finished && turn < 40; turn++) {
      const formId: string | undefined = allButtons(question).find((b) => b.custom_id.startsWith("f|"))?.custom_id;
      let replies: PostedMessage[];
      if (formId?.startsWith("f|o|") && !usedTextForm) {
        usedTextForm = true;
        const form = await openForm(user, question);
        expect(form.custom_id).toBe(`m|${formId.slice(2)}`);
        expect(form.title.length).toBeLessThanOrEqual(45);
        expect(form.components).toEqual([
          expect.objectContaining({
            type: 18,
            label: wording.formLabel.optionalText,
            component: expect.objectContaining({ type: 4, custom_id: "answer", required: false }),
          }),
        ]);
        const submit = formSubmit(h.ids, user, question, form.custom_id, "a long walk on Sunday");
        replies = await repliesTo(h, user, () => h.gateway.dispatch("INTERACTION_CREATE", submit));
        expect(updateOf(submit.id).content).toContain(wording.answered("a long walk on Sunday"));
      } else if (formId?.startsWith("f|p|") && !usedPercentForm) {
        usedPercentForm = true;
        const form = await openForm(user, question);
        expect(form.components[0].component).toMatchObject({ style: 1, required: true });
        // A typo gets a private note, reaches neither the engine nor the DM, and keeps the buttons.
        const dmsBefore = h.rest.dmMessages(user.id).length;
        const typo = formSubmit(h.ids, user, question, form.custom_id, "lots");
        h.gateway.dispatch("INTERACTION_CREATE", typo);
        const [refusal] = await waitFor(() => h.rest.callbacksOf(typo.id).length > 0 && h.rest.callbacksOf(typo.id), "the reply to a bad percentage");
        await h.adapter.idle();
        expect(refusal!.body).toEqual({ type: CALLBACK.reply, data: expect.objectContaining({ content: wording.notAPercent, flags: EPHEMERAL }) });
        expect(await h.db.prisma.processedEvent.findUnique({ where: { eventId: typo.id } })).toBeNull();
        expect(h.rest.dmMessages(user.id)).toHaveLength(dmsBefore);
        const fixed = formSubmit(h.ids, user, question, form.custom_id, "70%");
        replies = await repliesTo(h, user, () => h.gateway.dispatch("INTERACTION_CREATE", fixed));
        expect(updateOf(fixed.id)).toEqual({ content: expect.stringContaining(wording.answered("70%")), components: [] });
      } else {
        replies = (await answer(h, user, question)).replies;
      }
      finished = replies.some((r) => r.content.includes(done));
      question = questionIn(replies);
    }
    expect({ usedTextForm, usedPercentForm, finished }).toEqual({ usedTextForm: true, usedPercentForm: true, finished: true });

    const checkin = await h.db.prisma.conversation.findFirstOrThrow({
      where: { client: { platformUserId: user.id }, script: "checkin" },
      include: { answers: true },
    });
    expect(checkin.status).toBe("closed");
    expect(checkin.answers.map((a) => a.value)).toEqual(expect.arrayContaining([7, "a long walk on Sunday", 70]));

    // The first question's buttons, pressed again from a stale copy of the message.
    const late = await press(h, user, askFeeling, "3");
    expect(updateOf(late.interactionId).components).toEqual([]);
    expect(late.replies.map((r) => r.content)).toContainEqual(expect.stringContaining(catalog.messages.staleAnswer));
  });
});
