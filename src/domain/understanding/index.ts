// One place where a typed reply is understood against the question it answers, for every
// platform: yes/no, options by their words, numbers, shares, ratings, durations, names, declines.
// Pure: `now` anchors dates such as "since March".
import type { PromptInput } from "../prompt.js";
import { understandChoice } from "./choice.js";
import { readTimeSpan } from "./durations.js";
import { readName } from "./names.js";
import { readNumber } from "./numbers.js";
import { readDecline, readReply } from "./replies.js";
import { tidy } from "./text.js";
import type { Understanding } from "./types.js";

export { readTimeSpan, type TimeSpan } from "./durations.js";
export { readName } from "./names.js";
export { readNumber } from "./numbers.js";
export type { Decline, Reply } from "./replies.js";
export { readDecline, readReply } from "./replies.js";
export { CONFIDENT, type Understanding } from "./types.js";

/** Longer than any name people go by: a paste or a held key, which would be repeated in every message. */
export const MAX_NAME_LENGTH = 60;

export function understand(input: PromptInput, raw: string, now: Date): Understanding {
  const text = raw.trim();
  switch (input.kind) {
    case "none":
      return { kind: "answer", value: text, confidence: 1 };
    case "text": {
      const decline = text === "" ? "skip" : readDecline(text);
      if (input.optional && decline) return { kind: "answer", value: "", confidence: 1 };
      if (decline) return text === "" ? { kind: "problem", problem: { code: "empty" } } : { kind: "decline", decline };
      if (input.reads === "time_ago") return understandTimeAgo(text, now);
      if (input.reads === "name") {
        const name = readName(text);
        if (!name) return { kind: "problem", problem: { code: "empty" } };
        if (name.name.length > MAX_NAME_LENGTH) return { kind: "problem", problem: { code: "name_too_long", max: MAX_NAME_LENGTH } };
        return { kind: "answer", value: name.name, confidence: name.sure ? 0.95 : 0.5 };
      }
      return { kind: "answer", value: text, confidence: 1 };
    }
    case "choice":
      if (text === "") return { kind: "problem", problem: { code: "empty" } };
      return understandChoice(input.options, text, now);
    case "scale":
      return understandScale(input, text);
    case "percent":
      return understandPercent(text);
  }
}

/**
 * How long ago something started, in months (one decimal): "about 5 months", "since August",
 * "3 months ago", or a bare month or date ("August", "in March"), read as the last one past.
 */
function understandTimeAgo(text: string, now: Date): Understanding {
  const span = readTimeSpan(text, now) ?? readTimeSpan(`since ${text.replace(/^\s*(?:in|back in|around|about)\s+/i, "")}`, now);
  if (!span || span.direction === "ahead") return { kind: "problem", problem: { code: "not_a_time" } };
  const months = Math.round(span.months * 10) / 10;
  return { kind: "answer", value: months, confidence: 1 };
}

function understandScale(input: Extract<PromptInput, { kind: "scale" }>, text: string): Understanding {
  const outOfRange: Understanding = { kind: "problem", problem: { code: "out_of_range", min: input.min, max: input.max } };
  const t = tidy(text).replace(/[.!]+$/, "");
  if (input.minLabel && t === tidy(input.minLabel)) return { kind: "answer", value: input.min, confidence: 0.95 };
  if (input.maxLabel && t === tidy(input.maxLabel)) return { kind: "answer", value: input.max, confidence: 0.95 };
  const n = readNumber(text);
  if (!n) {
    if (readReply(text) === "unsure") return { kind: "problem", problem: { code: "unsure" } };
    const decline = readDecline(text);
    return decline ? { kind: "decline", decline } : outOfRange;
  }
  const inRange = (v: number) => Number.isInteger(v) && v >= input.min && v <= input.max;
  if (n.share !== null && n.value !== n.share) {
    // "7/10" on a 0-10 scale is 7; "3/5" is a share of the scale and worth a check.
    const denominator = n.value / n.share;
    if (denominator === input.max && inRange(n.value)) return { kind: "answer", value: n.value, confidence: 1 };
    const scaled = Math.round(input.min + n.share * (input.max - input.min));
    return inRange(scaled) ? { kind: "answer", value: scaled, confidence: 0.6 } : outOfRange;
  }
  if (n.share !== null) return outOfRange; // "half" is not a rating
  if (n.percent) {
    const scaled = Math.round(input.min + (n.value / 100) * (input.max - input.min));
    return inRange(scaled) ? { kind: "answer", value: scaled, confidence: 0.6 } : outOfRange;
  }
  const readings = [n.value, ...n.alternatives].flatMap((v) => (Number.isInteger(v) ? [v] : [Math.floor(v), Math.ceil(v)])).filter(inRange);
  const distinct = [...new Set(readings)];
  if (distinct.length === 0) return outOfRange;
  if (distinct.length > 1) return { kind: "ask", candidates: distinct };
  return { kind: "answer", value: distinct[0]!, confidence: n.approximate ? 0.9 : 1 };
}

function understandPercent(text: string): Understanding {
  const problem: Understanding = { kind: "problem", problem: { code: "not_a_percent" } };
  const n = readNumber(text);
  if (!n) {
    if (readReply(text) === "unsure") return { kind: "problem", problem: { code: "unsure" } };
    const decline = readDecline(text);
    return decline ? { kind: "decline", decline } : problem;
  }
  if (n.share !== null) {
    const value = Math.round(n.share * 100);
    return { kind: "answer", value, confidence: n.vague ? 0.6 : 0.95 };
  }
  const readings = [...new Set([n.value, ...n.alternatives].map(Math.round))];
  if (readings.some((v) => v < 0 || v > 100)) return problem;
  if (readings.length > 1) return { kind: "ask", candidates: readings };
  // A bare "5" may be a count ("5 times") rather than 5%: check before it moves a stage.
  const small = !n.percent && readings[0]! > 0 && readings[0]! <= 10;
  return { kind: "answer", value: readings[0]!, confidence: small ? 0.6 : n.approximate ? 0.9 : 1 };
}
