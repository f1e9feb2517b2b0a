// The answer form (modal) and the text of an answered question, against Discord's limits.
import { describe, expect, it } from "vitest";
import { answeredContent, answerForm } from "../../../src/platforms/discord/forms.js";
import { wording } from "../../../src/platforms/discord/wording.js";

describe("answerForm", () => {
  it("is one labelled text field whose custom_id carries the prompt id", () => {
    const form = answerForm("percent", "checkin-2:achievement", "Roughly what share of it did you manage? (0-100%)")!;
    expect(form).toEqual({
      custom_id: "m|p|checkin-2:achievement",
      title: wording.formTitle,
      components: [
        {
          type: 18,
          label: wording.formLabel.percent,
          description: "Roughly what share of it did you manage? (0-100%)",
          component: { type: 4, custom_id: "answer", style: 1, required: true, max_length: 10, placeholder: "70" },
        },
      ],
    });
  });

  it("uses a paragraph field for text, optional when the question is", () => {
    const field = answerForm("optionalText", "c:learned", "What did you learn?")!.components[0] as any;
    expect(field.component).toMatchObject({ style: 2, required: false, max_length: 1000 });
    expect(field.label).toBe(wording.formLabel.optionalText);
  });

  it("stays within the modal limits for a long question", () => {
    const question = `${"A very long question indeed. ".repeat(20)}\n\n${wording.replyHint}`;
    for (const kind of ["percent", "text", "optionalText", "number"] as const) {
      const form = answerForm(kind, "c:q", question)!;
      const label = form.components[0] as any;
      expect(form.title.length).toBeLessThanOrEqual(45);
      expect(label.label.length).toBeLessThanOrEqual(45);
      expect(label.description.length).toBeLessThanOrEqual(100);
      expect(label.description).not.toContain(wording.replyHint);
    }
  });

  it("is null when the prompt id cannot be carried", () => {
    expect(answerForm("text", "x".repeat(97), "Q?")).toBeNull();
  });
});

describe("answeredContent", () => {
  it("shows the question without the reply hint, then the answer", () => {
    expect(answeredContent(`What helped?\n${wording.replyHint}`, "my  running\nbuddy")).toBe(`What helped?\n\n${wording.answered("my running buddy")}`);
    expect(answeredContent("Anything else?", "")).toBe(`Anything else?\n\n${wording.answered(wording.skipped)}`);
  });

  it("never exceeds 2000 characters", () => {
    const content = answeredContent("q".repeat(2000), "a".repeat(1000));
    expect(content.length).toBeLessThanOrEqual(2000);
    expect(content.endsWith(`${"a".repeat(299)}…`)).toBe(true);
  });
});
