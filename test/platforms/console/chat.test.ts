// Drives the console chat through scripted conversations on a real data directory.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "../../../src/clock.js";
import { consoleChat } from "../../support/console.js";
import { ASSESSMENT } from "../../support/scripts.js";

const dataDir = mkdtempSync(path.join(tmpdir(), "coach-console-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const chat = (lines: string[]) => consoleChat(dataDir, lines, { clock: systemClock });

// The first conversation onboards Sam; the other tests need them, so it runs before all of them.
let firstChat: string;
beforeAll(async () => {
  // "2" to "are you thinking of starting?" could be option 2 or "in 2 months": the bot asks,
  // and "1" picks its first reading, "Sometime in the next 6 months".
  // The first conversation stops at the first goal (two exercise-safety questions before it);
  // the wellbeing check it offers is taken with /assessment.
  firstChat = await chat(["Sam", "1", "2", "2", "1", "6", "I want energy", "no", "no", "3", "9", "/assessment", ...ASSESSMENT, "/status"]);
});

describe("console chat", () => {
  it("onboards a client, tells them their stage, and answers /status", () => {
    const transcript = firstChat;
    expect(transcript).toMatch(/coach> Hello, and welcome!/);
    expect(transcript).toMatch(/you> Sam/);
    expect(transcript).toMatch(/1\) Exercise/);
    expect(transcript).toMatch(/Just to be sure I understood, which did you mean\?\s+1\) Sometime in the next 6 months\s+2\) Yes, in the next 30 days/);
    expect(transcript).toMatch(/weighing up a change in exercise, Sam/);
    expect(transcript).toMatch(/short wellbeing check/);
    expect(transcript).toMatch(/getting clearer/);
    expect(transcript).toMatch(/Your goal for this week: Talk with someone who has made a similar change/);
    expect(transcript).toMatch(/Where you are, Sam:\s+Exercise: thinking about it/);
    expect(transcript.trimEnd()).toMatch(/goodbye for now\)$/);
  });

  it("remembers the client after a restart on the same data directory", async () => {
    const transcript = await chat(["/status"]);
    expect(transcript).toMatch(/Welcome back, Sam/);
    expect(transcript).toMatch(/Exercise: thinking about it/);
    expect(transcript).not.toMatch(/What name would you like/);
  });

  it("answers help, unknown commands and bad answers kindly, and runs a check-in", async () => {
    const transcript = await chat([
      "/help",
      "/dance",
      "just saying hi",
      "/checkin",
      "eleven",
      "8",
      "a good chat with my sister",
      "abc",
      "70",
      "skip",
      "skip",
      "3",
      // "Has anything moved with exercise?": "1" could be option 1 or "within 1 month" (option 2),
      // so the bot asks, and "1" picks "I took a first step". Then "1" keeps the goals as they are.
      "1",
      "1",
      "1",
    ]);
    expect(transcript).toMatch(/\/checkin\s+start your weekly check-in/);
    expect(transcript).toMatch(/I don't know the command "\/dance"/);
    expect(transcript).toMatch(/I'm here whenever you need me/);
    expect(transcript).toMatch(/whole number from 0 to 10/);
    expect(transcript).toMatch(/rough percentage from 0 to 100/);
    expect(transcript).toMatch(/Has anything moved with exercise this week\?(.|\n)*Just to be sure I understood/);
    expect(transcript).toMatch(/plan for the week ahead, Sam:\s+- Talk with someone who has made a similar change/);
  });
});
