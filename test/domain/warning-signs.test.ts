// Recall and false alarms of the safety screening on the warning-sign corpus.
import { describe, expect, it } from "vitest";
import { screenText } from "../../src/domain/safety.js";
import { loadCatalog } from "../../src/flows/loader.js";
import { CRISIS_CATEGORIES, EVERYDAY_TALK, WARNING_SIGNS, type WarningCategory } from "./corpus/warning-signs.js";

const lexicon = loadCatalog().safety.lexicon;

/**
 * Everyday sentences the screening flags anyway. Both are real warning-sign wordings ("I feel
 * trapped", "there's no way out") used about something harmless; a crisis check-in there costs
 * one extra message, so they are accepted and counted rather than guarded away.
 */
const KNOWN_FALSE_ALARMS = ["I feel trapped in this job but I'm applying elsewhere", "There's no way out of the meeting on Friday"];

const expectedConcern = (category: WarningCategory) => (CRISIS_CATEGORIES.includes(category) ? "crisis" : "medical");

describe("warning-sign corpus", () => {
  const positives = Object.entries(WARNING_SIGNS).flatMap(([category, texts]) => texts.map((text) => [category as WarningCategory, text] as const));

  it("has at least 150 warning signs across every category and 150 everyday phrasings", () => {
    expect(positives.length).toBeGreaterThanOrEqual(150);
    expect(EVERYDAY_TALK.length).toBeGreaterThanOrEqual(150);
    for (const texts of Object.values(WARNING_SIGNS)) expect(texts.length).toBeGreaterThanOrEqual(9);
  });

  it.each(positives)("catches %s: %s", (category, text) => {
    const { concern } = screenText(text, lexicon);
    // An overdose under way is both a crisis and a medical emergency: either reply gives resources.
    if (category === "under_way") expect(["crisis", "medical"]).toContain(concern);
    else expect(concern).toBe(expectedConcern(category));
  });

  it("raises no alarm on everyday coaching talk beyond the known, counted false alarms", () => {
    const alarms = EVERYDAY_TALK.filter((text) => screenText(text, lexicon).concern !== null);
    expect(alarms).toEqual(KNOWN_FALSE_ALARMS);
  });
});
