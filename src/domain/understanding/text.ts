// Shared reading of what people type: lower case, one kind of apostrophe, emoji as words, and
// numbers written as words turned into digits.

const EMOJI: Array<[RegExp, string]> = [
  [/👍|👌|✅|✔️?|☑️?|🙌|💯/gu, " yes "],
  [/👎|❌|✖️?|🚫/gu, " no "],
  [/🤷(?:\u200d[♀♂]\ufe0f?)?|🤔/gu, " not sure "],
];

/** Lower case, curly apostrophes straightened, emoji as words, spacing collapsed. */
export function tidy(text: string): string {
  let t = text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[’‘ʼ`´′]/g, "'");
  for (const [emoji, word] of EMOJI) t = t.replace(emoji, word);
  return t.replace(/\s+/g, " ").trim();
}

/** Words only: punctuation (apostrophes included) dropped, so "don't" reads "dont". */
export function words(text: string): string[] {
  const t = tidy(text)
    .replace(/'/g, "")
    .replace(/[^\p{L}\p{N}%/.]+/gu, " ")
    .trim();
  return t === ""
    ? []
    : t
        .split(" ")
        .map((w) => w.replace(/^\.+|\.+$/g, ""))
        .filter(Boolean);
}

const UNITS: Record<string, number> = {
  zero: 0,
  nil: 0,
  none: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };

/** Replaces number words ("seven", "sixty five", "a hundred") with digits; other words stay. */
export function digitsForWords(text: string): string {
  return text.replace(
    /\b(?:(?:a|one) hundred|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[ -](?:one|two|three|four|five|six|seven|eight|nine))?|zero|nil|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)\b/g,
    (phrase) => {
      if (phrase.endsWith("hundred")) return "100";
      const [first, second] = phrase.split(/[ -]/);
      if (TENS[first!] !== undefined) return String(TENS[first!]! + (second ? UNITS[second]! : 0));
      return String(UNITS[first!]);
    },
  );
}

/** Words that carry no meaning of their own when matching an answer to an option. */
export const FILLER_WORDS = new Set([
  "i",
  "im",
  "ive",
  "id",
  "a",
  "an",
  "the",
  "my",
  "me",
  "it",
  "its",
  "is",
  "am",
  "are",
  "was",
  "to",
  "of",
  "for",
  "and",
  "or",
  "in",
  "on",
  "at",
  "with",
  "this",
  "that",
  "so",
  "just",
  "really",
  "please",
  "think",
  "guess",
  "probably",
  "maybe",
  "um",
  "uh",
  "well",
  "ok",
  "okay",
  "option",
  "one",
  "bit",
  "be",
  "have",
  "has",
  "been",
  "do",
  "did",
  "would",
  "will",
  "now",
  "them",
  "they",
  "as",
  "all",
  "want",
  "like",
  "id",
  "some",
]);

/** A rough stem so "kept", "keeping" and "keep", or "stopped" and "stop", meet. */
export function stem(word: string): string {
  const irregular: Record<string, string> = {
    kept: "keep",
    ive: "i",
    stopped: "stop",
    slipped: "slip",
    quit: "stop",
    quitting: "stop",
    new: "new",
    adjusted: "adjust",
    changed: "change",
  };
  if (irregular[word]) return irregular[word]!;
  return word.replace(/(ing|ed|es|s|e)$/, "").replace(/(.)\1$/, "$1") || word;
}
