// How long something has gone on, or how soon it will start, as months: "2 months", "a year and
// a half", "since March", "more than 6 months", "in a few months", "next week".
// Calendar dates ("since March", "since January 2025") are read by chrono-node; lengths
// ("2 months", "a couple of years") by the small grammar below, since chrono reads dates, not
// lengths of time.
// English only: the package root loads every locale (about 0.3 s of CPU at start).
import * as chrono from "chrono-node/en";
import { digitsForWords, tidy } from "./text.js";

export interface TimeSpan {
  /** Months, fractional; "for 2 years" is 24. */
  months: number;
  /** "past": how long it has gone on; "ahead": how soon it will start. */
  direction: "past" | "ahead" | "unknown";
  /** "more than 6 months": above `months`; "less than": anywhere below; "nearly": just below. */
  bound: "exact" | "over" | "under" | "nearly";
  approximate: boolean;
}

const UNIT_MONTHS: Record<string, number> = { day: 1 / 30.4, week: 12 / 52, fortnight: 24 / 52, month: 1, year: 12, yr: 12, mo: 1, wk: 12 / 52 };
const UNIT = "(day|week|fortnight|month|year|yr|mo|wk)s?";
const QUANTITY = `(\\d+(?:\\.\\d+)?|a couple of|a couple|couple of|a few|few|several|a|an|half an?|one and a half|1 and a half)`;
const FUZZY: Record<string, number> = {
  "a couple of": 2,
  "a couple": 2,
  "couple of": 2,
  "a few": 3,
  few: 3,
  several: 4,
  a: 1,
  an: 1,
  "half a": 0.5,
  "half an": 0.5,
  "one and a half": 1.5,
  "1 and a half": 1.5,
};
const OVER = /\b(?:not for|not until|more than|over|at least|longer than|upwards of|just over|a bit more than|well over|\+)\b|\+/;
const UNDER = /\b(?:less than|under|not even|fewer than)\b/;
const NEARLY = /\b(?:almost|nearly|just under|not quite|shy of)\b/;
const APPROX = /\b(?:about|around|roughly|approximately|maybe|probably|or so|ish|give or take|some)\b|~/;

/** `now` anchors calendar dates; a date in the future is read as last year's ("since March"). */
export function readTimeSpan(text: string, now: Date): TimeSpan | null {
  const t = digitsForWords(tidy(text));
  const bound = OVER.test(t) ? "over" : NEARLY.test(t) ? "nearly" : UNDER.test(t) ? "under" : "exact";
  const ahead =
    /\bnot (?:for|until|till|before)\b/.test(t) || (/\b(?:in|within|next|from now|coming|soon|after|by)\b/.test(t) && !/\b(?:ago|since|for)\b/.test(t));
  const past = /\b(?:ago|since|for|been|already|so far|now for|started)\b/.test(t);
  const direction = ahead ? "ahead" : past ? "past" : "unknown";

  const length = new RegExp(`${QUANTITY}\\s*${UNIT}(?:\\s+and\\s+(?:a\\s+)?half)?`).exec(t);
  if (length) {
    const quantity = FUZZY[length[1]!] ?? Number(length[1]);
    const half = /and (?:a )?half/.test(length[0]) ? 0.5 : 0;
    const months = (quantity + half) * UNIT_MONTHS[length[2]!]!;
    const approximate = APPROX.test(t) || /couple|few|several/.test(length[1]!);
    return { months, direction, bound, approximate };
  }
  const relative: Array<[RegExp, number, TimeSpan["direction"]]> = [
    [/\b(?:today|tomorrow|right away|straight away|asap|this week|next few days|now)\b/, 0.1, "ahead"],
    [/\bnext week\b/, 0.25, "ahead"],
    [/\bnext month\b/, 1, "ahead"],
    [/\bnext year\b/, 12, "ahead"],
    [/\b(?:soon|shortly)\b/, 0.5, "ahead"],
    [/\b(?:just started|recently|last week|a few days|this week)\b/, 0.25, "past"],
    [/\b(?:for ages|for years|years now|forever|as long as i can remember|all my life|since (?:i was|school|uni|college))\b/, 36, "past"],
    [/\blast year\b/, 12, "past"],
  ];
  for (const [pattern, months, dir] of relative) {
    if (pattern.test(t)) return { months, direction: direction === "unknown" ? dir : direction, bound, approximate: true };
  }
  const since = /\bsince\b\s*(.*)$/.exec(t);
  if (since) {
    const year = /^(?:the start of |early |late |mid )?((?:19|20)\d{2})\b/.exec(since[1]!);
    const date = year ? new Date(Date.UTC(Number(year[1]), 0, 1)) : pastDate(since[1]!, now);
    if (date) return { months: monthsBetween(date, now), direction: "past", bound: "exact", approximate: true };
  }
  return null;
}

function pastDate(text: string, now: Date): Date | null {
  const found = chrono.parse(text, { instant: now }, { forwardDate: false })[0];
  if (!found) return null;
  const date = found.start.date();
  if (date > now && !found.start.isCertain("year")) date.setFullYear(date.getFullYear() - 1);
  return date > now ? null : date;
}

function monthsBetween(from: Date, to: Date): number {
  return (to.getTime() - from.getTime()) / (30.44 * 86_400_000);
}
