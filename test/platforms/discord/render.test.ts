// Discord's message and component limits, checked on the pure renderer.
import { describe, expect, it } from "vitest";
import type { ChoiceOption, Prompt, PromptInput } from "../../../src/domain/prompt.js";
import { decodeCustomId } from "../../../src/platforms/discord/custom-id.js";
import { type DiscordMessageBody, LIMITS, renderPrompt, splitContent, truncate } from "../../../src/platforms/discord/render.js";
import { wording } from "../../../src/platforms/discord/wording.js";

const prompt = (input: PromptInput, text = "How was your week?", id = "checkin-3:feeling"): Prompt => ({ id, text, input });
const options = (n: number, make: (i: number) => ChoiceOption = (i) => ({ value: `option_${i + 1}`, label: `Option ${i + 1}` })) =>
  Array.from({ length: n }, (_, i) => make(i));

/** Every limit Discord enforces on a message body, checked on one rendering. */
function expectWithinLimits(bodies: DiscordMessageBody[]): void {
  for (const body of bodies) {
    expect(body.content.length).toBeGreaterThan(0);
    expect(body.content.length).toBeLessThanOrEqual(2000);
    const rows = body.components ?? [];
    expect(rows.length).toBeLessThanOrEqual(5);
    const ids: string[] = [];
    for (const row of rows) {
      expect(row.type).toBe(1);
      const selects = row.components.filter((c) => c.type === 3);
      if (selects.length > 0) expect(row.components).toHaveLength(1);
      else expect(row.components.length).toBeLessThanOrEqual(5);
      for (const c of row.components as any[]) {
        ids.push(c.custom_id);
        expect(c.custom_id.length).toBeLessThanOrEqual(100);
        expect(decodeCustomId(c.custom_id)).not.toBeNull();
        if (c.type === 2) expect(c.label.length).toBeLessThanOrEqual(80);
        if (c.type === 3) {
          expect(c.options.length).toBeLessThanOrEqual(25);
          for (const o of c.options) {
            expect(o.label.length).toBeLessThanOrEqual(100);
            expect(o.value.length).toBeLessThanOrEqual(100);
          }
        }
      }
    }
    expect(new Set(ids).size).toBe(ids.length);
  }
  // Only the last message carries components.
  expect(bodies.slice(0, -1).every((b) => b.components === undefined)).toBe(true);
}

const buttonsOf = (body: DiscordMessageBody | undefined) => (body?.components ?? []).flatMap((r) => r.components) as any[];
const rowSizes = (body: DiscordMessageBody | undefined) => (body?.components ?? []).map((r) => r.components.length);

describe("renderPrompt", () => {
  it("sends an information prompt as plain text", () => {
    expect(renderPrompt(prompt({ kind: "none" }, "Well done."))).toEqual([{ content: "Well done." }]);
  });

  it("renders a 0-10 scale as 11 buttons in 3 balanced rows, with the ends explained", () => {
    const [body, ...rest] = renderPrompt(prompt({ kind: "scale", min: 0, max: 10, minLabel: "rough", maxLabel: "great" }));
    expect(rest).toEqual([]);
    expect(body!.content).toBe("How was your week?\n*0 = rough, 10 = great*");
    expect(rowSizes(body)).toEqual([4, 4, 3]);
    expect(buttonsOf(body).map((b) => b.custom_id)).toEqual(Array.from({ length: 11 }, (_, i) => `a|checkin-3:feeling|${i}`));
    expect(buttonsOf(body).map((b) => b.label)).toEqual(Array.from({ length: 11 }, (_, i) => String(i)));
  });

  it("renders small scales in one row and a scale too wide for buttons as a number form", () => {
    expect(rowSizes(renderPrompt(prompt({ kind: "scale", min: 1, max: 5 }))[0])).toEqual([5]);
    expect(rowSizes(renderPrompt(prompt({ kind: "scale", min: 1, max: 25 }))[0])).toEqual([5, 5, 5, 5, 5]);
    const wide = renderPrompt(prompt({ kind: "scale", min: 0, max: 100 }));
    expect(buttonsOf(wide[0]).map((b) => b.custom_id)).toEqual(["f|n|checkin-3:feeling"]);
  });

  it("renders choices as buttons, at most 5 per row, rows balanced", () => {
    expect(rowSizes(renderPrompt(prompt({ kind: "choice", options: options(2) }))[0])).toEqual([2]);
    expect(rowSizes(renderPrompt(prompt({ kind: "choice", options: options(6) }))[0])).toEqual([3, 3]);
    expect(rowSizes(renderPrompt(prompt({ kind: "choice", options: options(11) }))[0])).toEqual([4, 4, 3]);
    const full = renderPrompt(prompt({ kind: "choice", options: options(25) }));
    expect(rowSizes(full[0])).toEqual([5, 5, 5, 5, 5]);
    expect(buttonsOf(full[0])[24]).toMatchObject({ label: "Option 25", custom_id: "a|checkin-3:feeling|option_25" });
  });

  it("switches to string selects of 25 options each beyond 25 choices, and to typed answers beyond 125", () => {
    const [body] = renderPrompt(prompt({ kind: "choice", options: options(26) }));
    const selects = buttonsOf(body);
    expect(selects.map((s) => [s.type, s.custom_id, s.options.length])).toEqual([
      [3, "s|checkin-3:feeling|1", 25],
      [3, "s|checkin-3:feeling|2", 1],
    ]);
    expect(selects[1].options[0]).toEqual({ label: "Option 26", value: "option_26" });
    expect(selects[0].placeholder).toBe("Choose (options 1-25)");
    expect(rowSizes(renderPrompt(prompt({ kind: "choice", options: options(125) }))[0])).toEqual([1, 1, 1, 1, 1]);

    const typed = renderPrompt(prompt({ kind: "choice", options: options(126) }));
    expect(typed.every((b) => b.components === undefined)).toBe(true);
    const text = typed.map((b) => b.content).join("\n");
    expect(text).toContain("1. Option 1\n2. Option 2");
    expect(text).toContain("126. Option 126");
    expect(text.endsWith(wording.typedChoiceHint)).toBe(true);
  });

  it("opens a form for percentages and text, with a Skip button when the text is optional", () => {
    expect(buttonsOf(renderPrompt(prompt({ kind: "percent" }))[0]).map((b) => [b.label, b.custom_id, b.style])).toEqual([
      [wording.answerButton, "f|p|checkin-3:feeling", 1],
    ]);
    const text = renderPrompt(prompt({ kind: "text" }))[0]!;
    expect(text.content).toBe(`How was your week?\n${wording.replyHint}`);
    expect(buttonsOf(text).map((b) => b.custom_id)).toEqual(["f|t|checkin-3:feeling"]);
    const optional = renderPrompt(prompt({ kind: "text", optional: true }))[0]!;
    expect(buttonsOf(optional).map((b) => [b.label, b.custom_id])).toEqual([
      [wording.answerButton, "f|o|checkin-3:feeling"],
      [wording.skipButton, "a|checkin-3:feeling|skip"],
    ]);
  });

  it("splits a long prompt into messages of at most 2000 characters, buttons on the last", () => {
    const paragraph = "Small steps add up over time. ".repeat(30).trim();
    const text = Array.from({ length: 6 }, () => paragraph).join("\n\n");
    expect(text.length).toBeGreaterThan(5000);
    const bodies = renderPrompt(prompt({ kind: "scale", min: 0, max: 10 }, text));
    // 899-character paragraphs: two fit in 2000, three do not.
    expect(bodies.length).toBe(3);
    expectWithinLimits(bodies);
    expect(bodies.at(-1)!.components).toHaveLength(3);
    // Cut at paragraph breaks: no paragraph is torn apart.
    expect(bodies.slice(0, -1).every((b) => b.content.split("\n\n").every((p) => p === paragraph))).toBe(true);
  });

  it("truncates labels to Discord's lengths and keeps values that are too long to carry by number", () => {
    const long = "x".repeat(120);
    const [buttons] = renderPrompt(
      prompt({
        kind: "choice",
        options: [
          { value: "a", label: long },
          { value: "v".repeat(95), label: "Long value" },
        ],
      }),
    );
    expect(buttonsOf(buttons)[0].label).toBe(`${"x".repeat(79)}…`);
    // "a|checkin-3:feeling|" + 95 characters is over 100: the option's number is sent instead.
    expect(buttonsOf(buttons)[1].custom_id).toBe("a|checkin-3:feeling|2");
    const [select] = renderPrompt(prompt({ kind: "choice", options: options(30, (i) => ({ value: `v${i}`, label: `${long}${i}` })) }));
    expect(buttonsOf(select)[0].options[0].label).toHaveLength(100);
  });

  it("falls back to typed answers instead of sending ids Discord would reject", () => {
    const ambiguous = renderPrompt(
      prompt({
        kind: "choice",
        options: [
          { value: "2", label: "Two" },
          { value: "y".repeat(95), label: "Other" },
        ],
      }),
    );
    expect(ambiguous[0]!.components).toBeUndefined();
    expect(ambiguous[0]!.content).toBe(`How was your week?\n1. Two\n2. Other\n${wording.typedChoiceHint}`);
    const duplicated = renderPrompt(
      prompt({
        kind: "choice",
        options: [
          { value: "a", label: "A" },
          { value: "a", label: "Also A" },
        ],
      }),
    );
    expect(duplicated[0]!.components).toBeUndefined();
    const pipe = renderPrompt(prompt({ kind: "percent" }, "Share?", "odd|id"));
    expect(pipe).toEqual([{ content: `Share?\n${wording.typedAnswerHint}` }]);
    const longId = renderPrompt(prompt({ kind: "scale", min: 0, max: 10 }, "Feeling?", "c".repeat(97)));
    expect(longId[0]!.components).toBeUndefined();
  });

  it("stays within every limit for a wide range of prompts", () => {
    const inputs: PromptInput[] = [
      { kind: "none" },
      { kind: "percent" },
      { kind: "text" },
      { kind: "text", optional: true },
      ...[1, 2, 5, 6, 11, 24, 25, 26, 50, 51, 125, 126, 200].map((n): PromptInput => ({ kind: "choice", options: options(n) })),
      ...[
        [0, 4],
        [0, 10],
        [1, 7],
        [-5, 5],
        [0, 24],
        [0, 25],
        [0, 100],
      ].map(([min, max]): PromptInput => ({ kind: "scale", min: min!, max: max! })),
    ];
    const texts = ["Short?", "é".repeat(1999), "word ".repeat(900), "😀".repeat(1500), "line\n".repeat(700)];
    for (const input of inputs) for (const text of texts) expectWithinLimits(renderPrompt(prompt(input, text)));
  });
});

describe("splitContent", () => {
  it("keeps short text whole", () => {
    expect(splitContent("hello")).toEqual(["hello"]);
    expect(splitContent("a".repeat(2000))).toEqual(["a".repeat(2000)]);
  });

  it("prefers a paragraph, then a line, then a space, and loses no words", () => {
    const text = `${"a".repeat(1500)}\n\n${"b".repeat(1000)}`;
    expect(splitContent(text)).toEqual(["a".repeat(1500), "b".repeat(1000)]);
    const words = Array.from({ length: 800 }, (_, i) => `w${i}`).join(" ");
    const pieces = splitContent(words);
    expect(pieces.every((p) => p.length <= 2000)).toBe(true);
    expect(pieces.join(" ")).toBe(words);
  });

  it("cuts text without spaces hard, never between the halves of an emoji", () => {
    const pieces = splitContent(`x${"😀".repeat(1500)}`);
    expect(pieces.map((p) => p.length)).toEqual([1999, 1002]);
    expect(pieces.join("")).toBe(`x${"😀".repeat(1500)}`);
    for (const piece of pieces) expect(piece).toBe(Buffer.from(piece, "utf8").toString("utf8"));
  });
});

describe("truncate", () => {
  it("shortens with an ellipsis to exactly the limit", () => {
    expect(truncate("abcdef", 6)).toBe("abcdef");
    expect(truncate("abcdefg", 6)).toBe("abcde…");
    expect(LIMITS.content).toBe(2000);
  });
});
