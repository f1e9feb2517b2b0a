// An empty line in the console is an answer, never dropped: on an optional question it skips it,
// on a required one the client hears that nothing was caught and gets the question again.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../../src/clock.js";
import { consoleChat } from "../../support/console.js";

const dataDir = mkdtempSync(path.join(tmpdir(), "coach-console-empty-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("an empty line in the console chat", () => {
  it("skips an optional question and is answered kindly on a required one", async () => {
    const transcript = await consoleChat(dataDir, ["Sam", "", "exercise", "no", "within_30_days", "7", ""], { clock: fixedClock("2027-01-04T08:00:00Z") });
    // Required (the area): nothing caught, asked again.
    expect(transcript).toMatch(/you> \n\ncoach> I didn't catch an answer there\.[\s\S]*Which area would you like to focus on first\?/);
    // Optional ("why that number"): the empty line moves on to the next question.
    const afterWhy = transcript.slice(transcript.lastIndexOf("Why that number"));
    expect(afterWhy).toMatch(/you> \n[\s\S]*Has a doctor advised you to limit or avoid physical activity\?/);
  });
});
