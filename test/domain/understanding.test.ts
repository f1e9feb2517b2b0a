// The answer-understanding layer against the corpus of real phrasings, per prompt kind.
import { describe, expect, it } from "vitest";
import { findStep } from "../../src/domain/script.js";
import { CONFIDENT, type Understanding, understand } from "../../src/domain/understanding/index.js";
import { catalog } from "../support/harness.js";
import { ANSWER_CORPUS, type Expected } from "./corpus/answers.js";

const now = new Date("2026-11-24T09:00:00Z");

function inputOf(step: string) {
  const [script, key] = step.split(".") as [keyof typeof catalog.scripts, string];
  return findStep(catalog.scripts[script], key)!.input;
}

/** The reading in the corpus's terms. */
function reading(u: Understanding): Expected {
  switch (u.kind) {
    case "answer":
      return u.confidence >= CONFIDENT ? u.value : { confirm: u.value };
    case "ask":
      return { ask: u.candidates };
    case "decline":
      return { decline: u.decline };
    case "problem":
      return { problem: u.problem.code };
  }
}

const sameReading = (got: Expected, want: Expected) =>
  typeof want === "object" && "ask" in want && typeof got === "object" && "ask" in got
    ? [...got.ask].sort().join() === [...want.ask].sort().join()
    : JSON.stringify(got) === JSON.stringify(want);

/** A confident answer other than the expected one: the reply would be used wrongly without asking. */
const isMisread = (got: Expected, want: Expected) => typeof got !== "object" && !sameReading(got, want);

describe("answer corpus", () => {
  const kinds = Object.entries(ANSWER_CORPUS);

  it("holds at least 300 phrasings", () => {
    expect(kinds.reduce((n, [, kind]) => n + kind.cases.length, 0)).toBeGreaterThanOrEqual(300);
  });

  // Accuracy per prompt kind: the reading a person would want, including asking back where a
  // reply really is ambiguous. Printed so the numbers can be quoted; each kind must reach 90%.
  it.each(kinds.map(([name]) => name))("%s: reads at least nine replies in ten as a person would", (name) => {
    const kind = ANSWER_CORPUS[name]!;
    const input = inputOf(kind.step);
    const wrong = kind.cases.filter(([text, want]) => !sameReading(reading(understand(input, text, now)), want));
    const accuracy = 1 - wrong.length / kind.cases.length;
    console.info(
      `${name}: ${kind.cases.length - wrong.length}/${kind.cases.length} (${Math.round(accuracy * 100)}%)${wrong.length ? `; not as expected: ${wrong.map(([t]) => JSON.stringify(t)).join(", ")}` : ""}`,
    );
    expect(accuracy).toBeGreaterThanOrEqual(0.9);
  });

  it("never misreads a reply that would change a stage or a goal", () => {
    const misreads = kinds
      .filter(([, kind]) => kind.changesStageOrGoal)
      .flatMap(([name, kind]) => kind.cases.map(([text, want]) => ({ name, text, want, got: reading(understand(inputOf(kind.step), text, now)) })))
      .filter(({ got, want }) => isMisread(got, want));
    expect(misreads).toEqual([]);
  });
});
