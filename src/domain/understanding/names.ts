// The name in a first message: "hey, I'm Sam" -> "Sam", "my name is Sam Lee" -> "Sam Lee".
import { tidy } from "./text.js";

export interface NameReading {
  name: string;
  /** Sure when said with "I'm", "my name is", "call me", or when the message is only a name. */
  sure: boolean;
}

const GREETING =
  /^(?:(?:hi|hello|hey|heya|hiya|howdy|yo|greetings|good (?:morning|afternoon|evening)|morning|evening|hi there|hello there|hey there|thanks|thank you|nice to meet you)\b[\s,!.:;-]*)+/i;
const INTRODUCTIONS = [
  /\b(?:my name is|my name's|name is|name's|i am|i'm|im|this is|it's|its|call me|you can call me|please call me|people call me|i go by|go by)\s+([\p{L}][\p{L}'’-]*(?:\s+[\p{L}][\p{L}'’-]*)?)/iu,
  /^([\p{L}][\p{L}'’-]*)\s+here\b/iu,
];
const NOT_NAMES = new Set([
  "here",
  "fine",
  "good",
  "ok",
  "okay",
  "new",
  "not",
  "so",
  "very",
  "just",
  "a",
  "the",
  "glad",
  "happy",
  "ready",
  "excited",
  "sam's",
  "well",
  "back",
  "trying",
  "looking",
  "hoping",
  "from",
  "in",
  "at",
  "tired",
  "called",
]);
const TRAILING = /\s+(?:and|but|from|here|i|im|i'm|nice|thanks|please|by|the|a|who|at|in|looking|trying|hoping)$/i;

export function readName(text: string): NameReading | null {
  const raw = text
    .normalize("NFKC")
    .replace(/[’‘ʼ]/g, "'")
    .trim()
    .replace(/[!.?,;:]+$/, "");
  const afterGreeting = raw.replace(GREETING, "").trim();
  for (const pattern of INTRODUCTIONS) {
    const m = pattern.exec(afterGreeting);
    if (!m) continue;
    let name = m[1]!.trim();
    while (TRAILING.test(name)) name = name.replace(TRAILING, "");
    if (NOT_NAMES.has(tidy(name.split(/\s+/)[0]!))) continue;
    return { name: capitalise(name), sure: true };
  }
  const rest = afterGreeting.replace(/^[,!.\s]+|[,!.\s]+$/g, "");
  if (rest === "") return null;
  const parts = rest.split(/\s+/);
  if (parts.length <= 3 && parts.every((p) => /^[\p{L}][\p{L}'’.-]*$/u.test(p))) return { name: capitalise(rest), sure: parts.length <= 2 };
  return { name: rest, sure: false };
}

/** "sam" -> "Sam"; a name already written with capitals is kept as written. */
function capitalise(name: string): string {
  return name === name.toLowerCase() ? name.replace(/(^|[\s-])(\p{L})/gu, (_, sep: string, c: string) => sep + c.toUpperCase()) : name;
}
