// The client's own registry commands (/checkins, /export) typed bare in the console, as /help
// lists them: answered for the client, not refused as unknown and not shown as the coach's.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../../src/clock.js";
import { consoleChat } from "../../support/console.js";
import { FIRST_GOAL, ONBOARDING } from "../../support/scripts.js";

const dataDir = mkdtempSync(path.join(tmpdir(), "coach-console-registry-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("client registry commands typed in the console", () => {
  it("sets the check-in schedule and exports the client's data", async () => {
    const transcript = await consoleChat(dataDir, [...ONBOARDING, ...FIRST_GOAL, "/checkins friday 18:30", "/export"], {
      clock: fixedClock("2027-01-04T08:00:00Z"),
    });
    expect(transcript).toContain("you> /checkins friday 18:30\n\ncoach> Your check-ins come on Fridays at 18:30 (UTC).");
    expect(transcript).toMatch(/you> \/export\n\ncoach> Here is a copy of everything I hold about you/);
    expect(transcript).not.toMatch(/I don't know the command "\/(checkins|export)"/);
    // A whole onboarding on a PGlite folder, like first-conversation.test.ts: slow on a busy machine.
  }, 180_000);
});
