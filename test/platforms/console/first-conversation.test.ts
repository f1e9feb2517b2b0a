// The first conversation as a new client types it in the console: a saved first goal within ten
// messages, written the way people write.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../../src/clock.js";
import { openDatabase } from "../../../src/store/database.js";
import { consoleChat } from "../../support/console.js";

const dataDir = mkdtempSync(path.join(tmpdir(), "coach-first-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("first conversation in the console", () => {
  // Someone already doing it is also asked about when they started (maintenance comes six months
  // after that): one message more than the ten of the other stages.
  it("reaches a saved first goal within 11 client messages for someone already doing it, then offers the wellbeing check", async () => {
    const typed = [
      "hey, I'm Sam",
      "exercise",
      "yeah",
      "2 months",
      "about 2 months ago",
      "8",
      "I want more energy for my kids",
      "nope",
      "no",
      "walk 20 minutes on Monday, Wednesday and Friday this week",
      "9",
    ];
    expect(typed.length).toBeLessThanOrEqual(11);
    const t = await consoleChat(dataDir, typed, { clock: fixedClock("2026-11-24T09:00:00Z") });
    expect(t).toMatch(/Nice to meet you, Sam\./);
    expect(t).toMatch(/"I want more energy for my kids"/);
    expect(t).toMatch(/Has a doctor advised you/);
    expect(t).toMatch(/Your goal for this week: walk 20 minutes on Monday, Wednesday and Friday this week \(confidence 9\/10\)/);
    expect(t).toMatch(/type \/assessment for a short wellbeing check/);

    const db = await openDatabase({ kind: "pglite", dataDir });
    try {
      const client = await db.prisma.client.findFirstOrThrow({ include: { goals: true, domains: true } });
      expect(client.goals).toEqual([expect.objectContaining({ kind: "behavioral", status: "active" })]);
      // "2 months" of exercise: action, not maintenance.
      expect(client.domains).toEqual([expect.objectContaining({ domain: "exercise", stage: "action" })]);
    } finally {
      await db.close();
    }
  }, 180_000);
});
