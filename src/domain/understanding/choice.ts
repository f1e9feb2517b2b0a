// Matching a reply to one of a question's options: exact labels, positions, yes/no, durations
// the options stand for, and loose word overlap ("kept it up" for "I kept it up").
import type { ChoiceOption } from "../prompt.js";
import { readTimeSpan, type TimeSpan } from "./durations.js";
import { readDecline, readReply } from "./replies.js";
import { digitsForWords, FILLER_WORDS, stem, tidy, words } from "./text.js";
import type { Understanding } from "./types.js";

const ORDINALS: Record<string, number> = { first: 1, "1st": 1, second: 2, "2nd": 2, third: 3, "3rd": 3, fourth: 4, "4th": 4, fifth: 5, "5th": 5 };
const TOLERANCE = 0.2;
// A bare number may be a count of these units when the options are lengths of time: how long
// something has gone on may be days to years; how soon it will start, weeks or months.
const BARE_UNITS_PAST = [1 / 30.4, 12 / 52, 1, 12];
const BARE_UNITS_AHEAD = [12 / 52, 1];

export function understandChoice(options: ChoiceOption[], text: string, now: Date): Understanding {
  const t = tidy(text)
    .replace(/[.!?]+$/, "")
    .trim();
  const answer = (option: ChoiceOption, confidence: number): Understanding => ({ kind: "answer", value: option.value, confidence });
  const choose = (found: ChoiceOption[], confidence: number): Understanding | null =>
    found.length === 1 ? answer(found[0]!, confidence) : found.length > 1 ? { kind: "ask", candidates: found.map((o) => o.value) } : null;

  const exact = options.find((o) => tidy(o.value) === t || tidy(o.label) === t || tidy(o.label).replace(/[^\p{L}\p{N} ]/gu, "") === t);
  if (exact) return answer(exact, 1);

  const position = readPosition(t, options.length);
  const timed = options.some((o) => o.means?.months || o.means?.startsInMonths);
  if (position !== null && !timed) return answer(options[position - 1]!, 0.95);

  const reply = readReply(t);
  if (reply) {
    const byReply = choose(
      options.filter((o) => o.means?.replies?.includes(reply)),
      0.95,
    );
    if (byReply) return byReply;
    const leading = options.filter((o) => (reply === "yes" || reply === "no") && words(o.label)[0] === reply);
    if (leading.length === 1) return answer(leading[0]!, 0.9);
    if (reply === "unsure") return { kind: "problem", problem: { code: "unsure" } };
    // "sort of" to a yes/no question: which it is matters, so ask rather than pick.
    const yesNo = options.filter((o) => o.means?.replies?.some((r) => r === "yes" || r === "no") || /^(?:yes|no)\b/.test(tidy(o.label)));
    if (reply === "partly" && yesNo.length >= 2) return { kind: "ask", candidates: yesNo.map((o) => o.value) };
  }
  const decline = readDecline(t);
  if (decline) {
    // An option for this kind of decline ("I can't") wins over one for any decline.
    const specific = choose(
      options.filter((o) => o.means?.replies?.includes(decline)),
      0.9,
    );
    return (
      specific ??
      choose(
        options.filter((o) => o.means?.replies?.includes("decline")),
        0.9,
      ) ?? { kind: "decline", decline }
    );
  }

  if (timed) {
    const bare = /^\d{1,3}$/.test(digitsForWords(t)) ? Number(digitsForWords(t)) : null;
    if (bare !== null) {
      // "2" to "how long?": option 2, 2 weeks, 2 months or 2 years. Only a single meaning is taken.
      const readings = new Set<ChoiceOption>();
      if (position !== null) readings.add(options[position - 1]!);
      const units = options.some((o) => o.means?.months) ? BARE_UNITS_PAST : BARE_UNITS_AHEAD;
      for (const unit of units)
        for (const o of optionsForSpan(options, { months: bare * unit, direction: "unknown", bound: "exact", approximate: false })) readings.add(o);
      return choose([...readings], 0.8) ?? { kind: "problem", problem: { code: "not_a_choice", options: options.map((o) => o.label) } };
    }
    if (position !== null) return answer(options[position - 1]!, 0.95);
    const span = readTimeSpan(t, now);
    if (span) {
      const found = choose(optionsForSpan(options, span), span.approximate ? 0.85 : 0.95);
      if (found) return found;
    }
  }
  return matchWords(options, t) ?? { kind: "problem", problem: { code: "not_a_choice", options: options.map((o) => o.label) } };
}

/** "2", "option 2", "the second one", "#2", "last". */
function readPosition(t: string, count: number): number | null {
  const m = /^(?:(?:option|number|no\.?|choice|#)\s*)?(\d{1,2})(?:\s*\))?$/.exec(digitsForWords(t));
  const ordinal = /^(?:the\s+)?(first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|last)(?:\s+(?:one|option))?$/.exec(t);
  const n = m ? Number(m[1]) : ordinal ? (ordinal[1] === "last" ? count : ORDINALS[ordinal[1]!]!) : null;
  return n !== null && n >= 1 && n <= count ? n : null;
}

/** Options whose range of months holds the span, widened a little when the span is approximate. */
function optionsForSpan(options: ChoiceOption[], span: TimeSpan): ChoiceOption[] {
  const slack = span.approximate || span.bound === "nearly" ? span.months * TOLERANCE : 0;
  const low = span.bound === "over" ? span.months + 0.01 : span.bound === "under" ? 0 : span.months - slack;
  const high = span.bound === "under" || span.bound === "nearly" ? span.months - 0.01 : span.bound === "over" ? Infinity : span.months + slack;
  return options.filter((o) => {
    const past = o.means?.months;
    const ahead = o.means?.startsInMonths;
    // Past ranges are [from, to): "less than 6 months" excludes 6. Ahead ranges are (from, to]:
    // "in the next 6 months" includes 6.
    if (past && span.direction !== "ahead") return high >= past[0] && low < past[1];
    if (ahead && span.direction !== "past") return high > ahead[0] && low <= ahead[1];
    return false;
  });
}

function contentWords(text: string): string[] {
  return words(text)
    .filter((w) => !FILLER_WORDS.has(w))
    .map(stem);
}

/** The option sharing most meaningful words with the reply; ties are asked about. */
function matchWords(options: ChoiceOption[], t: string): Understanding | null {
  const reply = contentWords(t);
  if (reply.length === 0) return null;
  const scored = options.map((o) => {
    const labelWords = contentWords(o.label);
    const label = new Set(labelWords);
    const shared = reply.filter((w) => label.has(w)).length;
    // Every word of the reply is in the label ("kept it up"), or every word of the label is in
    // the reply ("stress management" for "Stress"): confident enough to take.
    return { o, shared, covers: shared === reply.length || labelWords.every((w) => reply.includes(w)) };
  });
  const best = Math.max(...scored.map((s) => s.shared));
  if (best === 0) return null;
  const top = scored.filter((s) => s.shared === best);
  if (top.length > 1) return { kind: "ask", candidates: top.map((s) => s.o.value) };
  return { kind: "answer", value: top[0]!.o.value, confidence: top[0]!.covers ? 0.9 : 0.6 };
}
