// Reads a typed command line ("session start @Sam 45", "note walk after lunch") into a command
// name and raw arguments, for every platform where people type commands (console, Slack). The
// platform's TextCodec turns its mentions into structured people and channels first; the
// registry's option list says what each remaining word is.
import type { OptionSpec } from "./options.js";
import { type CommandSpec, findCommand, GROUPS } from "./registry.js";
import type { ChannelArg, PersonArg } from "./types.js";

export type Token = { word: string } | { person: PersonArg; raw: string } | { channel: ChannelArg; raw: string };

export interface TextCodec {
  /** Splits typed text into tokens, mentions becoming structured people and channels. */
  tokens(text: string): Token[];
  /** Free text as the person typed it (Slack escapes &, < and >). */
  plain(text: string): string;
}

/** Plain words only: the console has no mentions. */
export const plainCodec: TextCodec = {
  tokens: (text) =>
    text
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map((word) => ({ word })),
  plain: (text) => text,
};

export type ParsedLine =
  | { ok: true; spec: CommandSpec; args: Record<string, unknown> }
  /** The first word(s) name no command; `group` is set for "session" or "team" without a known step. */
  | { ok: false; name: string; group?: string };

const raw = (t: Token) => ("word" in t ? t.word : t.raw);

export function parseCommandLine(text: string, codec: TextCodec): ParsedLine {
  const tokens = codec.tokens(text);
  const first = tokens[0] && "word" in tokens[0] ? tokens[0].word.replace(/^\//, "").toLowerCase() : "";
  let spec: CommandSpec | undefined;
  let rest: Token[];
  if (first in GROUPS) {
    const second = tokens[1] && "word" in tokens[1] ? tokens[1].word.toLowerCase() : "";
    spec = findCommand(`${first} ${second}`);
    if (!spec) return { ok: false, name: first, group: first };
    rest = tokens.slice(2);
  } else {
    spec = findCommand(first);
    if (!spec) return { ok: false, name: first };
    rest = tokens.slice(1);
  }
  return { ok: true, spec, args: readOptions(spec.options, rest, codec) };
}

function readOptions(options: readonly OptionSpec[], tokens: Token[], codec: TextCodec): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  let rest = [...tokens];
  // With free text in the command (a note), only a leading mention names the client: later ones are part of the text.
  const hasText = options.some((o) => o.kind === "text" && o === options.at(-1));
  options.forEach((option, i) => {
    const last = i === options.length - 1;
    if (option.kind === "person" || option.kind === "channel") {
      const key = option.kind;
      const at = hasText ? (rest[0] && key in rest[0] ? 0 : -1) : rest.findIndex((t) => key in t);
      if (at < 0) return;
      const token = rest[at]!;
      args[option.name] = key === "person" ? (token as { person: PersonArg }).person : (token as { channel: ChannelArg }).channel;
      rest = rest.filter((_, j) => j !== at);
      return;
    }
    if (rest.length === 0) return;
    if (last && (option.kind === "text" || option.kind === "area")) {
      args[option.name] = codec.plain(rest.map(raw).join(" ")).trim();
      rest = [];
      return;
    }
    args[option.name] = raw(rest.shift()!);
  });
  return args;
}
