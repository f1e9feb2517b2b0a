// /help, generated from the registry: the client commands for everyone, the coach commands
// too for coaches. Each platform writes commands its own way (PlatformVoice.command).
import type { OptionSpec } from "./options.js";
import { COMMANDS, usage } from "./registry.js";
import type { PlatformVoice } from "./types.js";
import { wording } from "./wording.js";

/** How an option is shown in a usage line. */
export function optionLabel(option: OptionSpec): string {
  switch (option.kind) {
    case "person":
      return "@person";
    case "channel":
      return "#channel";
    case "text":
      return `<${option.name}>`;
    default:
      return option.name;
  }
}

export function usageOf(name: string, voice: Pick<PlatformVoice, "command">): string {
  const spec = COMMANDS.find((c) => c.name === name);
  return spec ? voice.command(usage(spec, optionLabel)) : voice.command(name);
}

export function helpText(voice: Pick<PlatformVoice, "command">, audience: "client" | "coach"): string {
  const lines = (who: "client" | "coach") => COMMANDS.filter((c) => c.audience === who).map((c) => `${voice.command(usage(c, optionLabel))}  ${c.help}`);
  const client = [wording.help.client, ...lines("client")];
  return (audience === "coach" ? [wording.help.coach, ...lines("coach"), "", ...client] : client).join("\n");
}

/** The README's commands table (test/interactions/readme.test.ts keeps the README in step). */
export function commandsTable(): string {
  const rows = COMMANDS.map((c) => `| ${c.audience === "coach" ? "Coach" : "Client"} | \`/coach ${usage(c, optionLabel)}\` | ${c.help}. |`);
  return ["| Who | Command | What it does |", "| --- | --- | --- |", ...rows].join("\n");
}
