// Drives the real Bolt app over HTTP, signed like Slack, against a local Web API stand-in and a
// real engine on in-memory PGlite: onboarding and a check-in through DMs, buttons and forms.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseBlockId } from "../../../src/platforms/slack/ids.js";
import { buttonsOf, startWorld, type World } from "./support/world.js";

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world?.close();
});

describe("Slack adapter: conversations", () => {
  it("answers GET /healthz with 200 and the Slack connection, from the bot's own server", async () => {
    const response = await fetch(`${world.baseUrl}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", connections: { slack: "connected" } });
  });

  it("onboards a client in a DM with typed text, buttons and the answer form, ending with their stage", async () => {
    const sam = world.user("U_SAM");

    const first = await sam.dm("hi");
    expect(first.status).toBe(200);
    const [greeting] = sam.newReplies();
    expect(greeting).toMatch(/What name would you like me to use\?/);
    // A free-text question offers the answer form; typing the answer works too.
    expect(sam.findButton("Answer")).not.toBeNull();

    await sam.dm("Sam");
    expect(sam.newReplies()).toEqual([expect.stringMatching(/Nice to meet you, Sam\. Which area/)]);

    await sam.press("Exercise");
    expect(sam.newReplies()).toEqual([expect.stringMatching(/do you get moderate physical activity/)]);

    await sam.press("Not yet");
    expect(sam.newReplies()).toEqual([expect.stringMatching(/Are you thinking of starting\?/)]);

    await sam.press("Yes, in the next 30 days");
    const [importance] = sam.newReplies();
    expect(importance).toMatch(/how important is it to you right now to work on exercise/);
    // 0..10 is rendered as 11 buttons in two rows.
    const scale = sam.posted().at(-1)!;
    expect(scale.blocks.filter((b) => b.type === "actions")).toHaveLength(2);
    expect(buttonsOf(scale).map((b) => b.text)).toEqual(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]);

    await sam.press("7");
    expect(sam.newReplies()).toEqual([expect.stringMatching(/Why that number, and not a zero\?/)]);

    const formResponse = await sam.answerInForm("I want to keep up with my kids");
    expect(formResponse.status).toBe(200);
    expect(formResponse.text).toBe("");
    // The short first conversation: two exercise-safety questions, then the stage and a first step.
    expect(sam.newReplies()).toEqual([expect.stringMatching(/Has a doctor advised you/)]);

    await sam.press("No");
    expect(sam.newReplies()).toEqual([expect.stringMatching(/chest pain, dizziness or fainting/)]);

    await sam.press("No");
    const [stage, firstStep] = sam.newReplies();
    expect(stage).toMatch(/You're getting ready to make a change in exercise, Sam/);
    expect(firstStep).toMatch(/one small first step/);

    // What Slack delivered reached the database as answers to the right questions.
    const client = await world.db.prisma.client.findFirstOrThrow({ where: { platformUserId: "U_SAM" }, include: { tenant: true, domains: true } });
    expect(client.tenant).toMatchObject({ platform: "slack", externalId: "T_ACME", name: "Acme Corp" });
    expect(client).toMatchObject({ name: "Sam", status: "active" });
    expect(client.domains).toEqual([expect.objectContaining({ domain: "exercise", stage: "preparation" })]);
    const answers = await world.db.prisma.answer.findMany({ where: { conversation: { clientId: client.id } } });
    expect(Object.fromEntries(answers.map((a) => [a.questionKey, a.value]))).toMatchObject({
      name: "Sam",
      domain: "exercise",
      meets_criterion: "no",
      intention: "within_30_days",
      importance: 7,
      importance_reason: "I want to keep up with my kids",
      doctor_advised: "no",
      exertion_symptoms: "no",
    });
  });

  it("replaces a pressed prompt's buttons with the answer (chat.update), and the form's button too", async () => {
    const updates = world.api.callsTo("chat.update").filter((c) => String(c.body.channel) === "D_SAM");
    // Every answered prompt of the onboarding above was marked, the typed name excepted.
    expect(updates.length).toBeGreaterThanOrEqual(7);
    const domainUpdate = updates.find((c) => JSON.stringify(c.body.blocks).includes("You answered: Exercise"));
    expect(domainUpdate).toBeDefined();
    const blocks = domainUpdate!.body.blocks as Record<string, unknown>[];
    expect(blocks.some((b) => b.type === "actions")).toBe(false);
    expect(blocks.find((b) => b.type === "context")).toMatchObject({ elements: [{ text: "✓ You answered: Exercise" }] });
    // The stand-in's copy shows no buttons any more, so it cannot be answered twice.
    const stored = world.api.message(String(domainUpdate!.body.channel), String(domainUpdate!.body.ts))!;
    expect(buttonsOf(stored)).toEqual([]);
    // The form path read the message back and marked it too.
    expect(world.api.callsTo("conversations.history").length).toBeGreaterThanOrEqual(1);
    expect(updates.some((c) => JSON.stringify(c.body.blocks).includes("You answered: I want to keep up with my kids"))).toBe(true);
  });

  it("answers a button on an old prompt with the machine's 'already closed' reply", async () => {
    const sam = world.user("U_SAM");
    sam.newReplies();
    // The domain question, as it was first posted (a client that never refreshed still shows it).
    const old = sam.posted().find((m) => /Which area/.test(JSON.stringify(m.blocks)))!;
    const stale = buttonsOf(old).find((b) => b.text === "Sleep")!;
    const response = await sam.pressOn(old, stale);
    expect(response.status).toBe(200);
    expect(sam.newReplies()).toEqual([expect.stringMatching(/That question has already closed/)]);
    const client = await world.db.prisma.client.findFirstOrThrow({ where: { platformUserId: "U_SAM" }, include: { domains: true } });
    expect(client.domains.map((d) => d.domain)).toEqual(["exercise"]);
  });

  it("reads a drop-down pick like a button press (value and prompt id from the select)", async () => {
    const sam = world.user("U_SAM");
    sam.newReplies();
    const updatesBefore = world.api.callsTo("chat.update").length;
    // A drop-down for the (closed) domain question, as rendered for more than 10 options.
    const message = sam.posted().find((m) => /Which area/.test(JSON.stringify(m.blocks)))!;
    const select = { block_id: String(message.blocks.find((b) => b.type === "actions")!.block_id), action_id: "coach.answer.0" };
    const response = await world.send.pickOption("U_SAM", message, select, { text: "Sleep", value: "sleep" });
    await world.slack.idle();
    expect(response.status).toBe(200);
    expect(sam.newReplies()).toEqual([expect.stringMatching(/That question has already closed/)]);
    // The message the client still showed is marked with the option picked, from the select's own label.
    const update = world.api.callsTo("chat.update").slice(updatesBefore);
    expect(update).toHaveLength(1);
    expect(JSON.stringify(update[0]!.body.blocks)).toContain("You answered: Sleep");
  });

  it("runs a weekly check-in from /coach checkin, with a percent answered in the form and an invalid one rejected", async () => {
    const kai = world.user("U_KAI");
    await kai.dm("hi");
    // Onboarding (and whatever the machine asks after it), answered the way a client would.
    expect(await kai.answerEverything()).toEqual(expect.arrayContaining(["text", "choice", "scale"]));
    kai.newReplies();

    const ack = await kai.command("checkin");
    expect(ack.status).toBe(200);
    expect(ack.ms).toBeLessThan(3000);
    expect(ack.text).toBe("");
    const [opening] = kai.newReplies();
    expect(opening).toMatch(/How are you doing/);

    let percentSeen = 0;
    const answered = await kai.answerEverything({
      percent: async () => {
        percentSeen++;
        kai.newReplies();
        const eventsBefore = await world.db.prisma.processedEvent.count();
        const rejected = await kai.answerInForm("150");
        expect(rejected.status).toBe(200);
        expect(rejected.json()).toEqual({ response_action: "errors", errors: { answer: expect.stringMatching(/0 to 100/) } });
        // Nothing reached the engine, nothing was said, and the Answer button is still there.
        expect(await world.db.prisma.processedEvent.count()).toBe(eventsBefore);
        expect(kai.newReplies()).toEqual([]);
        expect(kai.findButton("Answer")).not.toBeNull();
        const accepted = await kai.answerInForm(" 70% ");
        expect(accepted.status).toBe(200);
        expect(accepted.text).toBe("");
      },
    });
    expect(percentSeen).toBeGreaterThanOrEqual(1);
    expect(answered).toContain("percent");

    // The check-in was saved with the percentage as a number, and closed.
    const checkin = await world.db.prisma.conversation.findFirstOrThrow({
      where: { client: { platformUserId: "U_KAI" }, script: "checkin" },
      include: { answers: true },
    });
    expect(checkin.status).toBe("closed");
    expect(checkin.answers.map((a) => a.value)).toContain(70);
    // The form's message shows the answer instead of its button.
    expect(world.api.callsTo("chat.update").some((c) => c.body.channel === "D_KAI" && JSON.stringify(c.body.blocks).includes("You answered: 70%"))).toBe(true);
  });

  it("acknowledges /coach from a channel with an ephemeral note and replies in the DM; bare /coach is help", async () => {
    const ana = world.user("U_ANA");
    const ack = await ana.command("", { channelName: "general" });
    expect(ack.status).toBe(200);
    expect(ack.json()).toEqual({ response_type: "ephemeral", text: expect.stringMatching(/direct messages/) });
    const replies = ana.newReplies();
    expect(replies.join("\n")).toMatch(/Here is what I can do/);
  });

  it("passes other subcommands on to the machine, which answers unknown ones kindly", async () => {
    const ana = world.user("U_ANA");
    await ana.command("dance twice");
    expect(ana.newReplies().join("\n")).toMatch(/"\/dance"/);
  });

  it("treats a DM starting with / as a command", async () => {
    const ana = world.user("U_ANA");
    await ana.dm("/help");
    expect(ana.newReplies().join("\n")).toMatch(/Here is what I can do/);
  });

  it("carries the prompt id in block ids that stay within Slack's limits", () => {
    for (const message of world.user("U_SAM").posted()) {
      for (const block of message.blocks) {
        expect(String(block.block_id).length).toBeLessThanOrEqual(255);
        expect(parseBlockId(String(block.block_id))).not.toBeNull();
      }
    }
  });

  it("logged no warnings or errors along the way (no failed update, form or delivery)", () => {
    const problems = world.logs.filter((line) => /"level":"(warn|error)"/.test(line));
    expect(problems).toEqual([]);
  });
});
