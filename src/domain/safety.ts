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
const FILLERS = new Set(["really", "just", "literally", "honestly", "actually", "seriously", "truly", "totally", "genuinely", "sometimes", "kinda", "sorta"]);

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

/** One phrase of the lexicon, ready to match: words, with GAP standing for up to GAP_REACH words. */
interface CompiledPhrase {
  source: string;
  words: string[];
}

// "*" in a lexicon phrase stands for a few words of the same clause ("saving up * pills" covers
// "saving up my sleeping pills"), and "{a|b}" lists alternatives, so one line covers a family.
const GAP = "*";
const GAP_REACH = 3;

function expandAlternatives(phrase: string): string[] {
  const group = /\{([^{}]*)\}/.exec(phrase);
  if (!group) return [phrase];
  return group[1]!
    .split("|")
    .flatMap((alternative) => expandAlternatives(`${phrase.slice(0, group.index)}${alternative}${phrase.slice(group.index + group[0].length)}`));
}

function compilePhrase(source: string): CompiledPhrase[] {
  return expandAlternatives(source).map((variant) => ({
    source,
    words: variant.split(GAP).flatMap((part, i) => (i === 0 ? toWords(part) : [GAP, ...toWords(part)])),
  }));
}

/** Phrases in lexicon order, and where each first word starts one: a message is held against the few that can match. */
interface PhraseList {
  phrases: CompiledPhrase[];
  byFirstWord: Map<string, number[]>;
}

interface CompiledLexicon {
  crisis: PhraseList;
  medical: PhraseList;
  idioms: PhraseList;
  negations: string[][];
}

function phraseList(phrases: CompiledPhrase[]): PhraseList {
  const byFirstWord = new Map<string, number[]>();
  phrases.forEach((phrase, index) => {
    const first = phrase.words[0];
    if (first === undefined) return;
    const starting = byFirstWord.get(first);
    if (starting) starting.push(index);
    else byFirstWord.set(first, [index]);
  });
  return { phrases, byFirstWord };
}

/** The phrases whose first word is in the message (no other can match), in lexicon order. */
function candidates(list: PhraseList, words: readonly string[]): CompiledPhrase[] {
  const indices = [...new Set(words)].flatMap((word) => list.byFirstWord.get(word) ?? []);
  return indices.sort((a, b) => a - b).map((index) => list.phrases[index]!);
}

// The lexicon is loaded once at start-up and screened against every message: normalise it once.
const compiled = new WeakMap<SafetyLexicon, CompiledLexicon>();

function compileLexicon(lexicon: SafetyLexicon): CompiledLexicon {
  let result = compiled.get(lexicon);
  if (!result) {
    result = {
      crisis: phraseList(lexicon.crisis.flatMap(compilePhrase)),
      medical: phraseList(lexicon.medical.flatMap(compilePhrase)),
      idioms: phraseList(lexicon.idioms.flatMap(compilePhrase)),
      negations: lexicon.negations.map(toWords),
    };
    compiled.set(lexicon, result);
  }
  return result;
}

interface Message {
  words: string[];
  clauseOf: number[];
  /** Idiom spans as [start, end) word ranges. */
  idiomSpans: Array<[number, number]>;
}

/** [start, end) word ranges where `phrase` occurs, gaps staying inside one clause. */
function occurrences(message: Pick<Message, "words" | "clauseOf">, phrase: readonly string[]): Array<[number, number]> {
  const found: Array<[number, number]> = [];
  if (phrase.length === 0) return found;
  const matchFrom = (at: number, p: number, clause: number): number | null => {
    if (p === phrase.length) return at;
    if (phrase[p] === GAP) {
      for (let skip = 0; skip <= GAP_REACH; skip++) {
        const end = at + skip;
        if (end > message.words.length) break;
        if (skip > 0 && message.clauseOf[end - 1] !== clause) break;
        const rest = matchFrom(end, p + 1, clause);
        if (rest !== null) return rest;
      }
      return null;
    }
    if (message.words[at] !== phrase[p]) return null;
    if (p > 0 && message.clauseOf[at] !== clause && phrase[p - 1] === GAP) return null;
    return matchFrom(at + 1, p + 1, clause);
  };
  for (let i = 0; i < message.words.length; i++) {
    const end = matchFrom(i, 0, message.clauseOf[i]!);
    if (end !== null) found.push([i, end]);
  }
  return found;
}

function readMessage(text: string, idioms: PhraseList): Message {
  const words: string[] = [];
  const clauseOf: number[] = [];
  text.split(CLAUSE_BREAK).forEach((clause, index) => {
    for (const word of toWords(clause)) {
      words.push(word);
      clauseOf.push(index);
    }
  });
  const idiomSpans = candidates(idioms, words).flatMap((idiom) => occurrences({ words, clauseOf }, idiom.words));
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
  const inWindow = { words: window, clauseOf: window.map(() => 0) };
  return negations.some((negation) => occurrences(inWindow, negation).length > 0);
}

function firstMatch(message: Message, phrases: PhraseList, negations: readonly string[][] | null): string | null {
  // Most phrases cannot match at all: only those starting with a word of the message are walked.
  for (const phrase of candidates(phrases, message.words)) {
    const hit = occurrences(message, phrase.words).some(
      ([start, end]) => !insideIdiom(message, start, end) && !(negations && isNegated(message, start, negations)),
    );
    if (hit) return phrase.source;
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
  const phrases = compileLexicon(lexicon);
  const message = readMessage(text, phrases.idioms);

  const crisis = firstMatch(message, phrases.crisis, null);
  if (crisis) return { concern: "crisis", matched: crisis };

  const medical = firstMatch(message, phrases.medical, phrases.negations);
  if (medical) return { concern: "medical", matched: medical };

  return { concern: null, matched: null };
}
