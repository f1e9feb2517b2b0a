// Numbers as people write them in an answer: "7", "seven", "7/10", "about 60%", "half",
// "3 out of 5", "7 or 8". Pure text reading; what a number means is decided by the caller.
import { digitsForWords, tidy } from "./text.js";

export interface NumberReading {
  /** The number read; for "x or y", the first, with `alternatives` holding the rest. */
  value: number;
  alternatives: number[];
  /** "60%" or "percent": the writer said it is a percentage. */
  percent: boolean;
  /** "7/10", "3 out of 5", "half": a share of a whole, as a fraction from 0 to 1. */
  share: number | null;
  /** "about", "around", "-ish", "roughly". */
  approximate: boolean;
  /** The message is the number and nothing else: "2". */
  bare: boolean;
  /** "most", "a little": a share too vague to use without checking. */
  vague: boolean;
}

const SHARE_WORDS: Array<[RegExp, number]> = [
  [/\b(?:none of it|none|nothing|not at all|not once|zero|did nothing)\b/, 0],
  [/\b(?:all of it|all|everything|every day|every time|the whole (?:thing|lot)|fully|completely)\b/, 1],
  [/\b(?:three quarters|3 quarters)\b/, 0.75],
  [/\b(?:two thirds|2 thirds)\b/, 2 / 3],
  [/\b(?:half|50 ?50|halfway)\b/, 0.5],
  [/\b(?:a third|one third|1 third)\b/, 1 / 3],
  [/\b(?:a quarter|one quarter|1 quarter)\b/, 0.25],
];

const APPROXIMATE = /\b(?:about|around|roughly|approximately|approx|maybe|probably|nearly|almost|close to|something like|give or take|more or less)\b|~|ish\b/;

export function readNumber(text: string): NumberReading | null {
  const t = digitsForWords(tidy(text)).replace(/(\d),(\d{3})/g, "$1$2");
  const approximate = APPROXIMATE.test(t);
  const bare = /^\d{1,3}$/.test(t);

  const outOf = /(\d+(?:\.\d+)?)\s*(?:\/|out of|of|in)\s*(?:my\s+|the\s+)?(\d+(?:\.\d+)?)/.exec(t);
  if (outOf && Number(outOf[2]) > 0 && Number(outOf[1]) <= Number(outOf[2])) {
    const share = Number(outOf[1]) / Number(outOf[2]);
    return { value: Number(outOf[1]), alternatives: [], percent: false, share, approximate, bare: false, vague: false };
  }
  if (/(?:^|\s)-\s?\d/.test(t) && !/\d\s*-\s*\d/.test(t)) {
    const negative = -Number(/-\s?(\d+(?:\.\d+)?)/.exec(t)![1]);
    return { value: negative, alternatives: [], percent: false, share: null, approximate, bare: false, vague: false };
  }
  const either = /(\d+(?:\.\d+)?)\s*%?\s*(?:or|to|-|–|and)\s*(\d+(?:\.\d+)?)\s*(%|percent)?/.exec(t);
  if (either) {
    return {
      value: Number(either[1]),
      alternatives: [Number(either[2])],
      percent: either[3] !== undefined,
      share: null,
      approximate: true,
      bare: false,
      vague: false,
    };
  }
  const percentMatch = /(\d+(?:\.\d+)?)\s*(?:%|percent|per cent|pct)/.exec(t);
  if (percentMatch) return { value: Number(percentMatch[1]), alternatives: [], percent: true, share: null, approximate, bare: false, vague: false };

  for (const [pattern, share] of SHARE_WORDS) {
    if (pattern.test(t)) return { value: share, alternatives: [], percent: false, share, approximate, bare: false, vague: false };
  }
  const all = [...t.matchAll(/(?<![\d.])(\d+(?:\.\d+)?)(?![\d.])/g)].map((m) => Number(m[1]));
  // Two unrelated numbers ("3 walks and 2 swims") are not one answer.
  if (all.length === 1) return { value: all[0]!, alternatives: [], percent: false, share: null, approximate, bare, vague: false };
  if (all.length > 1) return null;
  const most = /\b(?:most of it|most|mostly|the majority)\b/.exec(t);
  if (most) return { value: 0.75, alternatives: [], percent: false, share: 0.75, approximate: true, bare: false, vague: true };
  const some = /\b(?:a little|a bit|some of it|a few|barely|hardly)\b/.exec(t);
  if (some) return { value: 0.25, alternatives: [], percent: false, share: 0.25, approximate: true, bare: false, vague: true };
  return null;
}
