// Reads the coach's side of /coach: which subcommand, which person (an @-mention, which Slack
// sends as <@U123|name> because the manifest sets should_escape), and the rest as text.
// Pure, so every spelling is unit-tested; the handlers are in coach-desk.ts.
import { slackTextToPlain } from "./text.js";

export type SessionAction = "start" | "next" | "note" | "goal" | "end" | "schedule";

export type CoachCommand =
  | { kind: "enroll"; person: string | null; area: string | null }
  | { kind: "clients" }
  | { kind: "digest" }
  | { kind: "client"; person: string | null }
  | { kind: "session"; action: SessionAction; person: string | null; minutes: string | null; text: string }
  | { kind: "session-usage" };

/** Subcommands only coaches may use. */
export const COACH_SUBCOMMANDS: ReadonlySet<string> = new Set(["enroll", "clients", "client", "prep", "session", "next", "note", "goal", "end", "schedule", "digest"]);

// Slack user ids are upper-case letters and digits (U…, or W… in Enterprise Grid).
const MENTION = /<@([UW][A-Z0-9_]+)(?:\|[^>]*)?>/g;
const PERSON = /^\u0000([UW][A-Z0-9_]+)$/;

/**
 * The coach command in a slash command's text, or null when its first word is not a coach
 * subcommand (then it is a client's command for the machine).
 */
export function parseCoachCommand(rawText: string): CoachCommand | null {
  // Mentions become single tokens first: a display name in <@U1|Sam Lee> may hold spaces.
  const words = rawText.replace(MENTION, " \u0000$1 ").trim().split(/\s+/).filter(Boolean);
  const [first = "", ...rest] = words;
  const name = first.replace(/^\//, "").toLowerCase();
  if (!COACH_SUBCOMMANDS.has(name)) return null;
  switch (name) {
    case "enroll": {
      const { person, others } = takePerson(rest);
      return { kind: "enroll", person, area: others.length ? others.join(" ") : null };
    }
    case "clients":
      return { kind: "clients" };
    case "digest":
      return { kind: "digest" };
    case "client":
    case "prep":
      return { kind: "client", person: takePerson(rest).person };
    case "session": {
      const [verb = "", ...after] = rest;
      const action = verb.toLowerCase();
      return isSessionAction(action) ? sessionCommand(action, after) : { kind: "session-usage" };
    }
    default:
      return sessionCommand(name as SessionAction, rest);
  }
}

function sessionCommand(action: SessionAction, words: string[]): CoachCommand {
  // In a note or goal only a leading mention names the client; later ones are part of the text.
  const { person, others } = takePerson(words, action === "note" || action === "goal");
  if (action === "start") return { kind: "session", action, person, minutes: others[0] ?? null, text: "" };
  const text = slackTextToPlain(others.join(" ")).trim();
  return { kind: "session", action, person, minutes: null, text };
}

/** The first @-mention among `words` (or only as the first word), and the words without it. */
function takePerson(words: string[], leadingOnly = false): { person: string | null; others: string[] } {
  const at = leadingOnly ? (PERSON.test(words[0] ?? "") ? 0 : -1) : words.findIndex((w) => PERSON.test(w));
  if (at < 0) return { person: null, others: words.map(unmark) };
  return { person: PERSON.exec(words[at]!)![1]!, others: words.filter((_, i) => i !== at).map(unmark) };
}

/** A second mention inside a note stays readable as <@U…>. */
function unmark(word: string): string {
  const match = PERSON.exec(word);
  return match ? `<@${match[1]}>` : word;
}

function isSessionAction(value: string): value is SessionAction {
  return value === "start" || value === "next" || value === "note" || value === "goal" || value === "end" || value === "schedule";
}

/** How a person is shown in an mrkdwn message: a mention Slack renders as their name. */
export function mention(userId: string): string {
  return `<@${userId}>`;
}
