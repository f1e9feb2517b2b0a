// Renders neutral prompts as plain console text.
import type { Prompt } from "../../domain/prompt.js";

export function renderPrompt(prompt: Prompt): string {
  const lines = [prompt.text];
  const input = prompt.input;
  switch (input.kind) {
    case "choice":
      for (const [i, option] of input.options.entries()) lines.push(`  ${i + 1}) ${option.label}`);
      break;
    case "scale": {
      const ends = input.minLabel && input.maxLabel ? ` (${input.min} = ${input.minLabel}, ${input.max} = ${input.maxLabel})` : "";
      lines.push(`  [${input.min}-${input.max}]${ends}`);
      break;
    }
    case "percent":
      lines.push("  [0-100%]");
      break;
    case "text":
      if (input.optional) lines.push('  (or type "skip")');
      break;
    case "none":
      break;
  }
  return lines.join("\n");
}
