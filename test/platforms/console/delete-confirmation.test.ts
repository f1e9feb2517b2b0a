// /delete typed in the console: the question's two answers are shown, and the next line answers
// it (yes/no or the buttons' labels) through the confirmation every platform's buttons use.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../../src/clock.js";
import { openDatabase } from "../../../src/store/database.js";
import { consoleChat } from "../../support/console.js";
import { ONBOARDING } from "../../support/scripts.js";

const dataDir = mkdtempSync(path.join(tmpdir(), "coach-console-delete-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("/delete in the console", () => {
  it("takes the next line as the answer: unclear asks again, no keeps the data, yes deletes it", async () => {
    const transcript = await consoleChat(dataDir, [...ONBOARDING, "/delete", "maybe", "no", "buy walking shoes on Saturday morning", "/delete", "Yes"], {
      clock: fixedClock("2027-01-04T08:00:00Z"),
    });
    expect(transcript).toMatch(
      /you> \/delete\n\ncoach> Do you want me to delete everything I hold about you[^\n]*\n\s+Type yes \(Delete everything\) or no \(Keep the data\)\./,
    );
    expect(transcript).toMatch(/you> maybe\n\ncoach> Please answer yes \(Delete everything\) or no \(Keep the data\)\./);
    expect(transcript).toMatch(/you> no\n\ncoach> Nothing was deleted\. The data stays as it was\./);
    // "no" answered the question, not the open step: the plan step typed next is taken as the plan.
    expect(transcript).toMatch(/you> buy walking shoes on Saturday morning\n\ncoach> How confident are you/);
    expect(transcript).toMatch(/you> Yes\n\ncoach> Done: the data is deleted\./);

    const db = await openDatabase({ kind: "pglite", dataDir });
    try {
      // After "Yes" nothing of the client is left.
      expect(await db.prisma.client.count()).toBe(0);
      expect(await db.prisma.answer.count()).toBe(0);
    } finally {
      await db.close();
    }
    // A whole onboarding on a PGlite folder, like first-conversation.test.ts: slow on a busy machine.
  }, 180_000);
});
