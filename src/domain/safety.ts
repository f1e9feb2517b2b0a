// Crisis and medical red-flag screening of free text. Pure: the phrase lists live in
// flows/safety.yaml and are passed in, so this module never touches the file system.

export interface SafetyLexicon {
  crisis: string[];
  medical: string[];
  idioms: string[];
  negations: string[];
}

export type SafetyConcern = "crisis" | "medical";

export interface ScreeningResult {
  concern: SafetyConcern | null;
  /** The lexicon phrase that fired, as written in the lexicon. */
  matched: string | null;
}

// Contractions lose their apostrophe first, so "don't", "don’t" and "dont" all arrive here
// as "dont" and come out identical. Only unambiguous forms are expanded: "ill" (i'll) and
// "well" (we'll) are real words and stay as they are.
const EXPANSIONS: Record<string, string> = {
  dont: "do not",
  doesnt: "does not",
  didnt: "did not",
  cant: "cannot",
  couldnt: "could not",
  wont: "will not",
  wouldnt: "would not",
  shouldnt: "should not",
  isnt: "is not",
  arent: "are not",
  wasnt: "was not",
  werent: "were not",
  havent: "have not",
  hasnt: "has not",
  hadnt: "had not",
  im: "i am",
  ive: "i have",
  wanna: "want to",
  gonna: "going to",
};

// Spelling splits that would otherwise need every phrase listed twice.
const JOINS: Array<[RegExp, string]> = [
  [/\bcan not\b/g, "cannot"],
  [/\bany more\b/g, "anymore"],
];

// Intensifiers people drop into the middle of a phrase ("I really just want to die").
// Ignoring them lets one listed phrase cover all those variants.
const FILLERS = new Set([
  "really", "just", "literally", "honestly", "actually", "seriously", "truly",
  "totally", "genuinely", "sometimes", "kinda", "sorta",
]);

// A negation only reaches this many words ahead, and never across a clause break,
// so "I didn't eat, then I fainted" still flags the fainting.
const NEGATION_REACH = 4;
const CLAUSE_BREAK = /[.!?;:,()\n\r\u2013\u2014]+|\s-+\s/;
const CONJUNCTIONS = new Set(["and", "but", "then", "so", "because", "though", "although", "however", "yet"]);

export function normaliseForScreening(text: string): string {
  const words = text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[’‘ʼ`´′']/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()
    .split(" ")
    .filter((w) => w !== "" && !FILLERS.has(w))
    .map((w) => EXPANSIONS[w] ?? w);
  return JOINS.reduce((s, [from, to]) => s.replace(from, to), words.join(" "));
}

function toWords(text: string): string[] {
  const normalised = normaliseForScreening(text);
  return normalised === "" ? [] : normalised.split(" ");
}

/** Start indexes where `phrase` occurs as a run of whole words in `words`. */
function occurrences(words: readonly string[], phrase: readonly string[]): number[] {
  const starts: number[] = [];
  if (phrase.length === 0) return starts;
  for (let i = 0; i + phrase.length <= words.length; i++) {
    if (phrase.every((w, j) => words[i + j] === w)) starts.push(i);
  }
  return starts;
}

interface Message {
  words: string[];
  clauseOf: number[];
  /** Idiom spans as [start, end) word ranges. */
  idiomSpans: Array<[number, number]>;
}

function readMessage(text: string, idioms: readonly string[]): Message {
  const words: string[] = [];
  const clauseOf: number[] = [];
  text.split(CLAUSE_BREAK).forEach((clause, index) => {
    for (const word of toWords(clause)) {
      words.push(word);
      clauseOf.push(index);
    }
  });
  const idiomSpans: Array<[number, number]> = [];
  for (const idiom of idioms) {
    const idiomWords = toWords(idiom);
    for (const start of occurrences(words, idiomWords)) idiomSpans.push([start, start + idiomWords.length]);
  }
  return { words, clauseOf, idiomSpans };
}

// Idioms are masked rather than deleted: a hit only counts as figurative when it lies wholly
// inside an idiom. Deleting the idiom text could swallow part of a real statement, e.g.
// removing "to die for" from "I want to die for real" would leave "I want real".
function insideIdiom(message: Message, start: number, end: number): boolean {
  return message.idiomSpans.some(([from, to]) => from <= start && end <= to);
}

function isNegated(message: Message, start: number, negations: readonly string[][]): boolean {
  const window: string[] = [];
  for (let i = start - 1; i >= 0 && window.length < NEGATION_REACH; i--) {
    const word = message.words[i]!;
    if (message.clauseOf[i] !== message.clauseOf[start] || CONJUNCTIONS.has(word)) break;
    window.unshift(word);
  }
  return negations.some((negation) => occurrences(window, negation).length > 0);
}

function firstMatch(
  message: Message,
  phrases: readonly string[],
  negations: readonly string[][] | null,
): string | null {
  for (const phrase of phrases) {
    const phraseWords = toWords(phrase);
    const hit = occurrences(message.words, phraseWords).some(
      (start) =>
        !insideIdiom(message, start, start + phraseWords.length) &&
        !(negations && isNegated(message, start, negations)),
    );
    if (hit) return phrase;
  }
  return null;
}

/**
 * Crisis is checked first and wins over medical. Negation deliberately does not apply to
 * crisis phrases: many of them contain a negation themselves ("don't want to live"), and a
 * denial such as "I'm not suicidal" is still worth a gentle check-in. Over-triggering here
 * costs one extra message; missing a real crisis costs far more.
 */
export function screenText(text: string, lexicon: SafetyLexicon): ScreeningResult {
  const message = readMessage(text, lexicon.idioms);

  const crisis = firstMatch(message, lexicon.crisis, null);
  if (crisis) return { concern: "crisis", matched: crisis };

  const negations = lexicon.negations.map(toWords);
  const medical = firstMatch(message, lexicon.medical, negations);
  if (medical) return { concern: "medical", matched: medical };

  return { concern: null, matched: null };
}
