// Block Kit rendering of neutral prompts: every limit Slack enforces, and the answered-message update.
import { describe, expect, it } from "vitest";
import type { Prompt } from "../../../src/domain/prompt.js";
import { BLOCK_LIMITS, markAnswered, questionTextOf, renderPrompts, type SlackMessage } from "../../../src/platforms/slack/blocks.js";
import { FORM_ACTION, parseBlockId } from "../../../src/platforms/slack/ids.js";

type AnyBlock = Record<string, any>;
const blocksOf = (m: SlackMessage) => m.blocks as AnyBlock[];
const elementsOf = (m: SlackMessage) =>
  blocksOf(m)
    .filter((b) => b.type === "actions")
    .flatMap((b) => b.elements as AnyBlock[]);

/** Asserts every Block Kit limit on a rendered message, so each test below can reuse it. */
function expectWithinLimits(message: SlackMessage): void {
  const blocks = blocksOf(message);
  expect(blocks.length).toBeGreaterThan(0);
  expect(blocks.length).toBeLessThanOrEqual(BLOCK_LIMITS.blocksPerMessage);
  expect(message.text.length).toBeGreaterThan(0);
  expect(message.text.length).toBeLessThanOrEqual(BLOCK_LIMITS.fallbackText + 100);
  const blockIds = blocks.map((b) => b.block_id);
  expect(new Set(blockIds).size).toBe(blockIds.length);
  for (const block of blocks) {
    expect(String(block.block_id).length).toBeLessThanOrEqual(255);
    if (block.type === "section") {
      expect(block.text.text.length).toBeGreaterThan(0);
      expect(block.text.text.length).toBeLessThanOrEqual(BLOCK_LIMITS.sectionText);
    }
    if (block.type === "actions") {
      expect(block.elements.length).toBeLessThanOrEqual(BLOCK_LIMITS.elementsPerActions);
      const actionIds = block.elements.map((e: AnyBlock) => e.action_id);
      expect(new Set(actionIds).size).toBe(actionIds.length);
      for (const element of block.elements as AnyBlock[]) {
        expect(element.action_id.length).toBeLessThanOrEqual(255);
        if (element.type === "button") {
          expect(element.text.text.length).toBeLessThanOrEqual(BLOCK_LIMITS.buttonText);
          expect(element.value.length).toBeLessThanOrEqual(BLOCK_LIMITS.buttonValue);
        } else {
          expect(element.options.length).toBeLessThanOrEqual(BLOCK_LIMITS.optionsPerSelect);
          for (const option of element.options as AnyBlock[]) {
            expect(option.text.text.length).toBeLessThanOrEqual(BLOCK_LIMITS.optionText);
            expect(option.value.length).toBeLessThanOrEqual(BLOCK_LIMITS.optionValue);
          }
        }
      }
    }
  }
}

const choice = (count: number, label = (i: number) => `Option ${i + 1}`): Prompt => ({
  id: "checkin-3:pick",
  text: "Pick one",
  input: { kind: "choice", options: Array.from({ length: count }, (_, i) => ({ value: `v${i}`, label: label(i) })) },
});

describe("renderPrompts", () => {
  it("renders an information prompt as a section only", () => {
    const [message, ...rest] = renderPrompts([{ id: "help", text: "Here is what I can do", input: { kind: "none" } }]);
    expect(rest).toEqual([]);
    expectWithinLimits(message!);
    expect(blocksOf(message!)).toEqual([{ type: "section", block_id: "0.q0|help", text: { type: "plain_text", text: "Here is what I can do", emoji: true } }]);
    expect(message!.text).toBe("Here is what I can do");
  });

  it("splits a very long text into sections of at most 3000 characters, at paragraph breaks, losing nothing", () => {
    const paragraph = "Small steps add up. ".repeat(40).trim(); // ~800 characters
    const text = Array.from({ length: 12 }, () => paragraph).join("\n\n"); // ~9,800 characters
    const [message] = renderPrompts([{ id: "long", text, input: { kind: "none" } }]);
    expectWithinLimits(message!);
    const sections = blocksOf(message!).map((b) => b.text.text as string);
    expect(sections.length).toBeGreaterThanOrEqual(4);
    expect(sections.every((s) => s.endsWith("Small steps add up."))).toBe(true);
    expect(sections.join("\n\n")).toBe(text);
  });

  it("cuts text without spaces hard, and never through an emoji", () => {
    const text = `${"x".repeat(2999)}😀${"y".repeat(10)}`;
    const [message] = renderPrompts([{ id: "emoji", text, input: { kind: "none" } }]);
    const sections = blocksOf(message!).map((b) => b.text.text as string);
    expect(sections).toEqual(["x".repeat(2999), `😀${"y".repeat(10)}`]);
  });

  it("spreads a text too long for 50 blocks over several messages, each within the limits", () => {
    const text = Array.from({ length: 60 }, (_, i) => `Paragraph ${i}: ${"word ".repeat(560)}`.trim()).join("\n\n");
    const messages = renderPrompts([{ id: "huge", text, input: { kind: "text" } }]);
    expect(messages.length).toBe(2);
    messages.forEach(expectWithinLimits);
    // The answer button comes once, after the last of the question text.
    expect(elementsOf(messages[0]!)).toEqual([]);
    expect(elementsOf(messages[1]!).map((e) => e.action_id)).toEqual([FORM_ACTION]);
    expect(blocksOf(messages[1]!).at(-1)!.type).toBe("actions");
  });

  it("keeps several prompts of one outbox message apart by slot", () => {
    const [message] = renderPrompts([
      { id: "problem", text: "Could you give me a whole number from 0 to 10?", input: { kind: "none" } },
      { id: "checkin-2:feeling", text: "How are you doing?", input: { kind: "scale", min: 0, max: 10 } },
    ]);
    expectWithinLimits(message!);
    const ids = blocksOf(message!).map((b) => parseBlockId(b.block_id));
    expect(ids[0]).toEqual({ slot: 0, role: "q", promptId: "problem" });
    expect(ids.slice(1).every((id) => id?.slot === 1 && id.promptId === "checkin-2:feeling")).toBe(true);
  });

  it("renders up to 10 choices as buttons in rows of at most 5, with the option value as button value", () => {
    const [message] = renderPrompts([choice(7)]);
    expectWithinLimits(message!);
    const rows = blocksOf(message!).filter((b) => b.type === "actions");
    expect(rows.map((r) => r.elements.length)).toEqual([4, 3]);
    expect(elementsOf(message!).map((e) => [e.text.text, e.value])).toEqual(Array.from({ length: 7 }, (_, i) => [`Option ${i + 1}`, `v${i}`]));
  });

  it("renders more than 10 choices as a drop-down, paged by 100 options", () => {
    const [message] = renderPrompts([choice(230)]);
    expectWithinLimits(message!);
    const selects = elementsOf(message!);
    expect(selects.map((s) => s.type)).toEqual(["static_select", "static_select", "static_select"]);
    expect(selects.map((s) => s.options.length)).toEqual([100, 100, 30]);
    expect(selects[2]!.options[29]).toEqual({ text: { type: "plain_text", text: "Option 230", emoji: true }, value: "v229" });
  });

  it("shortens long labels to 75 characters for buttons and options", () => {
    const long = (i: number) => `${i} ${"a very long label ".repeat(10)}`;
    for (const count of [3, 12]) {
      const [message] = renderPrompts([choice(count, long)]);
      expectWithinLimits(message!);
      const texts = elementsOf(message!).flatMap((e) => (e.type === "button" ? [e.text.text] : e.options.map((o: AnyBlock) => o.text.text)));
      expect(texts.every((t: string) => t.length === 75 && t.endsWith("…"))).toBe(true);
    }
  });

  it("falls back to typing when an option value is too long for a button", () => {
    const prompt: Prompt = {
      id: "p:1",
      text: "Pick",
      input: {
        kind: "choice",
        options: [
          { value: "x".repeat(2001), label: "A" },
          { value: "b", label: "B" },
        ],
      },
    };
    const [message] = renderPrompts([prompt]);
    expect(blocksOf(message!).map((b) => b.type)).toEqual(["section"]);
  });

  it("renders a 0-10 scale as 11 buttons in two rows, with the end labels underneath", () => {
    const [message] = renderPrompts([
      { id: "onboarding-1:importance", text: "How important?", input: { kind: "scale", min: 0, max: 10, minLabel: "not at all", maxLabel: "extremely" } },
    ]);
    expectWithinLimits(message!);
    expect(blocksOf(message!).map((b) => b.type)).toEqual(["section", "actions", "actions", "context"]);
    expect(
      blocksOf(message!)
        .filter((b) => b.type === "actions")
        .map((b) => b.elements.map((e: AnyBlock) => e.value)),
    ).toEqual([
      ["0", "1", "2", "3", "4", "5"],
      ["6", "7", "8", "9", "10"],
    ]);
    expect(blocksOf(message!)[3]!.elements[0].text).toMatch(/0 = not at all .* 10 = extremely/);
  });

  it("renders a 1-100 scale as a drop-down", () => {
    const [message] = renderPrompts([{ id: "s", text: "Rate", input: { kind: "scale", min: 1, max: 100 } }]);
    expectWithinLimits(message!);
    expect(elementsOf(message!).map((e) => [e.type, e.options.length])).toEqual([["static_select", 100]]);
  });

  it("gives percent and text prompts an Answer button that opens the form, and optional text a Skip button", () => {
    const [percent] = renderPrompts([{ id: "c:achievement", text: "What share?", input: { kind: "percent" } }]);
    const [text] = renderPrompts([{ id: "c:name", text: "Your name?", input: { kind: "text" } }]);
    const [optional] = renderPrompts([{ id: "c:why", text: "Why?", input: { kind: "text", optional: true } }]);
    [percent, text, optional].forEach((m) => expectWithinLimits(m!));
    expect(elementsOf(percent!).map((e) => [e.action_id, e.value, e.text.text])).toEqual([[FORM_ACTION, "percent", "Answer"]]);
    expect(elementsOf(text!).map((e) => [e.action_id, e.value])).toEqual([[FORM_ACTION, "text"]]);
    expect(elementsOf(optional!).map((e) => [e.text.text, e.value])).toEqual([
      ["Answer", "text-optional"],
      ["Skip", "skip"],
    ]);
  });

  it("renders no buttons for a prompt id too long for a block_id (the answer can still be typed)", () => {
    const [message] = renderPrompts([{ ...choice(3), id: "x".repeat(300) }]);
    expect(blocksOf(message!).map((b) => b.type)).toEqual(["section"]);
    expect(blocksOf(message!)[0]!.block_id).toBeUndefined();
    expectWithinLimits(message!);
  });

  it("escapes &, < and > in the notification text", () => {
    const [message] = renderPrompts([{ id: "i", text: "Tom & Jerry <3 > all", input: { kind: "none" } }]);
    expect(message!.text).toBe("Tom &amp; Jerry &lt;3 &gt; all");
    expect(blocksOf(message!)[0]!.text.text).toBe("Tom & Jerry <3 > all");
  });
});

describe("markAnswered", () => {
  const [message] = renderPrompts([
    { id: "info", text: "Thanks!", input: { kind: "none" } },
    { id: "onboarding-1:importance", text: "How important?", input: { kind: "scale", min: 0, max: 10, minLabel: "low", maxLabel: "high" } },
  ]);

  it("replaces the prompt's buttons and hint with one 'You answered' line, keeping the text", () => {
    const updated = markAnswered(message!.blocks, 1, "7")!;
    expect(updated.map((b) => b.type)).toEqual(["section", "section", "context"]);
    expect(updated[2]).toEqual({
      type: "context",
      block_id: "1.done0|onboarding-1:importance",
      elements: [{ type: "plain_text", text: "✓ You answered: 7", emoji: true }],
    });
  });

  it("returns null when the prompt has no controls left, so it is not updated twice", () => {
    const once = markAnswered(message!.blocks, 1, "7")!;
    expect(markAnswered(once, 1, "8")).toBeNull();
    expect(markAnswered(message!.blocks, 0, "x")).toBeNull();
  });

  it("finds a prompt's question text by slot", () => {
    expect(questionTextOf(message!.blocks as AnyBlock[], 1)).toBe("How important?");
    expect(questionTextOf(message!.blocks as AnyBlock[], 5)).toBe("");
  });
});
