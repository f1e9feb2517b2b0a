// Journeys rehearsed through `coach rehearse`: what a client and their coach live through,
// instant by instant, on a virtual clock.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fillTemplate } from "../../src/domain/script.js";
import { loadCatalog } from "../../src/flows/loader.js";
import { JOURNEYS, rehearseFile, type TranscriptMessage } from "../support/rehearse.js";

const SLOW = 240_000;
const to = (messages: TranscriptMessage[], who: string) => messages.filter((m) => m.who === who);

describe("coach rehearse: journeys", () => {
  it("onboarding: the enrolled client is greeted at the start instant, staged, and leaves with a first goal", { timeout: SLOW }, async () => {
    const run = await rehearseFile(path.join(JOURNEYS, "onboarding.yaml"));
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const [greeting, firstAnswer, areaQuestion] = run.messages;
    expect(greeting).toMatchObject({ at: "2027-01-04T08:00Z", who: "bot>client" });
    expect(greeting!.text).toMatch(/What name would you like me to use\?$/);
    expect(firstAnswer).toEqual({ at: "2027-01-04T08:00Z", who: "client", text: "hey, I'm Sam" });
    // Options are rendered as the console renders them, as further lines of the message.
    expect(areaQuestion!.text.split("\n")).toEqual([
      "Nice to meet you, Sam. Which area would you like to focus on first?",
      "  1) Exercise",
      "  2) Nutrition",
      "  3) Stress",
      "  4) Sleep",
    ]);
    // The first conversation respects the client's time: a saved first goal within 10 messages,
    // typed as people type ("nope", words for options), one minute per step from 08:00.
    const typed = to(run.messages, "client");
    expect(typed).toHaveLength(10);
    expect(typed.at(-1)!.at).toBe("2027-01-04T08:09Z");
    expect(run.messages.some((m) => /getting ready to make a change in exercise/.test(m.text))).toBe(true);
    // The two exercise-safety questions come before any exercise goal.
    const safety = run.messages.findIndex((m) => /chest pain, dizziness or fainting/.test(m.text));
    const goal = run.messages.findIndex((m) => /^Your goal for this week: buy walking shoes on Saturday morning/.test(m.text));
    expect(safety).toBeGreaterThan(0);
    expect(goal).toBeGreaterThan(safety);
    expect(run.messages[goal]).toMatchObject({ at: "2027-01-04T08:09Z", who: "bot>client" });
    // The rest of the assessment is offered for later, not asked now.
    expect(run.messages.at(-1)!.text).toMatch(/type \/assessment for a short wellbeing check/);
    expect(to(run.messages, "bot>coach")).toEqual([]);
  });

  it("weekly check-in: sent Monday 09:00, a reminder exactly a day later when unanswered, then answered", { timeout: SLOW }, async () => {
    const run = await rehearseFile(path.join(JOURNEYS, "checkin-reminder.yaml"));
    expect(run.code).toBe(0);
    const after = run.messages.filter((m) => m.at > "2027-01-04T08:09Z");
    expect(after.map((m) => `${m.at} ${m.who}: ${m.text.split("\n")[0]}`).slice(0, 4)).toEqual([
      "2027-01-11T08:00Z bot>coach: Your coaching digest, Coach (2027-01-04 to 2027-01-11)",
      "2027-01-11T09:00Z bot>client: Hi Sam, good to see you. How are you doing right now, from 0 (rough) to 10 (great)?",
      "2027-01-12T09:00Z bot>client: A gentle nudge, Sam: your weekly check-in is still open. It only takes a few minutes, and every answer you've given so far is saved.",
      "2027-01-12T09:00Z bot>client: Hi Sam, good to see you. How are you doing right now, from 0 (rough) to 10 (great)?",
    ]);
    // The digest an hour before the first check-in goes out: Sam was not asked yet, so is not "No answer yet".
    expect(after[0]!.text).toMatch(/^No answer yet \(0\): -$/m);
    expect(after[0]!.text).toMatch(/^Check-in not sent yet \(1\): Sam$/m);
    // The closing line is one of the flow's variants, picked the same way on every run.
    expect((loadCatalog().messages.variants.checkinDone ?? []).map((line) => fillTemplate(line, { name: "Sam" }))).toContain(after.at(-2)!.text);
    // The shoes are bought (100%): a one-off step leaves the list and Sam is asked for the next one;
    // the check-in's goodbye and plan come after it, with the new step.
    expect(after.map((m) => m.text)).toContain(
      '"buy walking shoes on Saturday morning" is done, Sam: well done. That step is behind you, so let\'s choose the next one.',
    );
    expect(after.at(-1)!.text).toBe("Here is your plan for the week ahead, Sam:\n  - walk 15 minutes on Tuesday and Friday mornings");
  });

  it("goal review: due at week 4 at the client's check-in time; without a vision it looks back and invites one, and 'not now' is respected", {
    timeout: SLOW,
  }, async () => {
    const run = await rehearseFile(path.join(JOURNEYS, "goal-review.yaml"));
    expect(run.code).toBe(0);
    const review = run.messages.filter((m) => m.at >= "2027-01-31T00:00Z");
    expect(review[0]).toMatchObject({ at: "2027-01-31T09:00Z", who: "bot>client" });
    expect(review.filter((m) => m.who === "bot>client").map((m) => m.text.split("\n")[0])).toEqual([
      "It's been 4 weeks since we started, Sam. Looking back, what has been your best progress or learning so far, however small?",
      "How committed do you feel right now to what you're working on, from 0 to 10?",
      expect.stringMatching(/^Some people find it helps to picture where they'd like to be in three months/),
      expect.stringMatching(/^Thanks for looking back with me, Sam/),
      "No problem, Sam. Whenever you'd like to picture where you're heading, type /vision.",
    ]);
    expect(review.map((m) => m.text).join("\n")).not.toMatch(/no vision written yet|picture you described|three-month goals so far/);
    // Three answered weekly check-ins before it, each on a Monday at 09:00.
    expect(run.messages.filter((m) => /How are you doing right now/.test(m.text)).map((m) => m.at)).toEqual([
      "2027-01-11T09:00Z",
      "2027-01-18T09:00Z",
      "2027-01-25T09:00Z",
    ]);
  });

  it("coaching session: the coach books, the client is reminded a day before, the coach runs the phases and reads the summary before it is sent", {
    timeout: SLOW,
  }, async () => {
    const run = await rehearseFile(path.join(JOURNEYS, "session.yaml"));
    expect(run.code).toBe(0);
    const later = run.messages.filter((m) => m.at >= "2027-01-04T08:10Z");
    const lines = later.map((m) => `${m.at} ${m.who}: ${m.text.split("\n")[0]}`);
    expect(lines.slice(0, 3)).toEqual([
      "2027-01-04T08:10Z coach: /coach schedule 2027-01-07 15:00",
      "2027-01-04T08:10Z bot>coach: Next session with Sam booked for Thu 7 Jan, 15:00 (Europe/London). They get a reminder a day before.",
      "2027-01-06T15:00Z bot>client: A reminder: your coaching session is Thu 7 Jan, 15:00. Think of one thing you'd like to talk about.",
    ]);
    expect(lines).toContain(
      "2027-01-07T15:01Z bot>coach: Session with Sam started: 30 minutes (Opening 2, Weekly goal review 6, Generative moment 14, Goal setting 6, Close 2). Use /coach next to move on, /coach note <text> (private), /coach goal <text>, /coach share <text> (for the client's summary), /coach end.",
    );
    expect(lines).toContain("2027-01-07T15:02Z bot>coach: Weekly goal review: about 6 min");
    // /coach end shows the coach the summary; nothing reaches the client until /coach send.
    const preview = later.find((m) => m.who === "bot>coach" && /This is the summary Sam will get/.test(m.text));
    expect(preview?.at).toBe("2027-01-07T15:10Z");
    const summary = later.find((m) => m.who === "bot>client" && /Thank you for our session today/.test(m.text));
    expect(summary?.at).toBe("2027-01-07T15:11Z");
    expect(preview?.text).toContain(summary?.text);
    expect(summary?.text).toMatch(/walk 20 minutes on Tuesday and Thursday mornings/);
    expect(summary?.text).toMatch(/What you are taking away:\n {2}- a friend to walk with makes it easier$/);
    // Notes stay with the coach, the close-phase one included: nothing the client got holds them.
    const toClient = run.messages
      .filter((m) => m.who === "bot>client")
      .map((m) => m.text)
      .join("\n");
    expect(toClient).not.toMatch(/low mood|referral|walking with a friend helps/);
    expect(lines.at(-1)).toBe("2027-01-07T15:11Z bot>coach: Session with Sam ended; the summary was sent to them.");
  });

  it("README: the example's output is what the command prints", { timeout: SLOW }, async () => {
    const readme = readFileSync("README.md", "utf8");
    const shown = /\$ npx coach rehearse test\/journeys\/readme-example\.yaml\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(shown).toBeDefined();
    const run = await rehearseFile(path.join(JOURNEYS, "readme-example.yaml"));
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(shown);
  });
});
