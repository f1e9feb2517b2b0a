import { describe, expect, it } from "vitest";
import { describeAnswer, type PromptInput, parseAnswer } from "../../src/domain/prompt.js";

const yesNo: PromptInput = {
  kind: "choice",
  options: [
    { value: "yes", label: "Yes" },
    { value: "no", label: "Not yet" },
  ],
};
const scale: PromptInput = { kind: "scale", min: 0, max: 10 };

describe("reading answers", () => {
  it.each([
    ["yes", "yes"],
    ["YES", "yes"],
    ["Not yet", "no"],
    ["2", "no"],
    ["not", "no"],
    [" 1 ", "yes"],
  ])("reads choice %j as %j", (raw, value) => expect(parseAnswer(yesNo, raw)).toEqual({ ok: true, value }));

  it("lists the options when a choice does not match", () => {
    expect(parseAnswer(yesNo, "maybe")).toEqual({ ok: false, problem: { code: "not_a_choice", options: ["Yes", "Not yet"] } });
    expect(parseAnswer(yesNo, "3")).toMatchObject({ ok: false });
  });

  it.each([
    ["0", 0],
    ["10", 10],
    ["7", 7],
  ])("reads scale %j", (raw, value) => expect(parseAnswer(scale, raw)).toEqual({ ok: true, value }));
  it.each(["11", "-1", "7.5", "seven", ""])("rejects scale %j with the range", (raw) =>
    expect(parseAnswer(scale, raw)).toEqual({ ok: false, problem: { code: "out_of_range", min: 0, max: 10 } }),
  );

  it.each([
    ["60", 60],
    ["60%", 60],
    ["100 percent", 100],
    ["0", 0],
  ])("reads percent %j", (raw, value) => expect(parseAnswer({ kind: "percent" }, raw)).toEqual({ ok: true, value }));
  it.each(["150", "half", "-5"])("rejects percent %j", (raw) => expect(parseAnswer({ kind: "percent" }, raw).ok).toBe(false));

  it("requires text unless optional, and lets optional text be skipped", () => {
    expect(parseAnswer({ kind: "text" }, "  ")).toEqual({ ok: false, problem: { code: "empty" } });
    expect(parseAnswer({ kind: "text", optional: true }, "skip")).toEqual({ ok: true, value: "" });
    expect(parseAnswer({ kind: "text" }, "skip")).toEqual({ ok: true, value: "skip" });
  });

  it("describes answers for summaries", () => {
    expect(describeAnswer(yesNo, "no")).toBe("Not yet");
    expect(describeAnswer({ kind: "percent" }, 40)).toBe("40%");
    expect(describeAnswer(scale, 7)).toBe("7/10");
  });
});
