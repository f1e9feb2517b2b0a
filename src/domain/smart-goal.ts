// Heuristic SMART check for a behavioral goal typed as free English text.
//
// The bot uses this to nudge a client towards a concrete goal ("which part is still vague?"),
// never to reject one, so every pattern errs on the generous side: a false "present" only costs
// a missed nudge, while a false "missing" would nag a client whose goal was already fine.
//
// Parts:
// - what:     an action verb or activity noun (walk, yoga, vegetables, bed...)
// - how_much: a quantity, duration, distance or count ("20 minutes", "2 portions", "10k steps")
// - when:     a frequency or timing ("daily", "mon wed fri", "after work", "at 7am")
// - by_when:  a horizon ("this week", "by Friday", "for the next two weeks")
//
// A frequency count such as "3 times a week", "3x/week" or "twice a day" satisfies both how_much
// (it says how many) and when (it says how often).

export type SmartPart = "what" | "how_much" | "when" | "by_when";

export const SMART_PARTS: readonly SmartPart[] = ["what", "how_much", "when", "by_when"];

/** Below this confidence (0-10) the coach suggests making the goal smaller. */
export const SMALLER_GOAL_CONFIDENCE_THRESHOLD = 7;

export function confidenceSuggestsSmallerGoal(confidence: number): boolean {
  return confidence < SMALLER_GOAL_CONFIDENCE_THRESHOLD;
}

export function checkSmartGoal(text: string): { missing: SmartPart[]; isSmart: boolean } {
  const t = normalize(text);

  // Horizons are removed before looking for timing, so "by Friday" is not also read as
  // "on Fridays", and "for the next two weeks" is not read as a duration.
  const byWhen = anyMatch(BY_WHEN, t);
  const withoutHorizon = removeAll(BY_WHEN, t);

  const frequency = FREQUENCY.test(t);
  const when = frequency || anyMatch(WHEN, withoutHorizon) || hasDayAbbreviations(withoutHorizon);
  const howMuch = frequency || anyMatch(HOW_MUCH, withoutHorizon);

  // "before breakfast" / "after dinner" / "before bed" are timings, not the activity itself.
  const what = WHAT.test(withoutHorizon.replace(MEAL_OR_BED_TIMING, " ; "));

  const present: Record<SmartPart, boolean> = { what, how_much: howMuch, when, by_when: byWhen };
  const missing = SMART_PARTS.filter((part) => !present[part]);
  return { missing, isSmart: missing.length === 0 };
}

/**
 * Whether a goal reads as one action, done once ("buy walking shoes on Saturday morning", "book a
 * physio appointment"), rather than something to repeat ("walk 20 minutes on Tuesday and Thursday
 * mornings", "no screens after 22:00"). Cautious the other way round from the SMART check: a
 * one-off is reviewed once and then replaced by the next step, so a wrong "one-off" drops a habit
 * the client meant to keep. Only the action itself makes one (buying, booking, signing up, getting
 * something fixed), never a day or date alone: "walk on Saturday" is every Saturday. When unsure,
 * weekly.
 */
export function isOneOffAction(text: string): boolean {
  const t = normalize(text);
  if (FREQUENCY.test(t) || REPEATS.some((p) => p.test(t)) || namedDays(t) > 1 || hasDayAbbreviations(t)) return false;
  return ONE_TIME_ACT.test(t);
}

// ---------------------------------------------------------------------------------------------
// Patterns. Text is lowercased and whitespace-collapsed before matching.

function normalize(text: string): string {
  return ` ${text.toLowerCase().replace(/[’‘]/g, "'").replace(/[–—]/g, "-").replace(/\s+/g, " ").trim()} `;
}

function anyMatch(patterns: readonly RegExp[], t: string): boolean {
  return patterns.some((p) => new RegExp(p.source, "g").test(t));
}

function removeAll(patterns: readonly RegExp[], t: string): string {
  // A separator instead of "" so removal never glues two unrelated words together.
  return patterns.reduce((acc, p) => acc.replace(new RegExp(p.source, "g"), " ; "), t);
}

const NUMBER_WORD =
  "(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|" +
  "sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|" +
  "hundred|thousand|a couple of|a couple|couple of)";
const DIGITS = String.raw`\d+(?:[.,]\d+)*`;
// "20", "10,000", "1.5", "20-30", "twenty five", "two hundred".
const NUM = `(?:${DIGITS}(?:\\s*-\\s*${DIGITS})?|${NUMBER_WORD}(?:[\\s-]${NUMBER_WORD})*)`;

const DAY_NAME = "(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)";
const DAY_ABBR = "(?:mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)";
const MONTH_NAME =
  "(?:january|february|march|april|may|june|july|august|september|october|november|december|" + "jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)";
const PERIOD = "(?:day|night|week|weekday|weeknight|weekend|month|fortnight)";

/** "3 times a week", "3x/week", "4 days per week", "twice a day", "5 times weekly". */
const FREQUENCY = new RegExp(
  `(?:\\b${NUM}\\s*(?:x|times?|days?|nights?|mornings?|evenings?)|\\b(?:once|twice|thrice))` +
    `(?:\\s*(?:a|an|per|each|every|this|next|\\/)\\s*${PERIOD}s?\\b|\\s+(?:daily|weekly|nightly))`,
);

const BY_WHEN: readonly RegExp[] = [
  // "by Friday", "until the end of the month", "before next week", "by June 3", "by the 15th".
  new RegExp(
    "\\b(?:by|until|till|til|through|thru|before)\\s+(?:the\\s+)?" +
      "(?:end\\s+of\\s+(?:the\\s+|this\\s+|next\\s+)?(?:day|week|weekend|month|year)" +
      `|(?:this\\s+|next\\s+)?(?:${DAY_NAME}|${DAY_ABBR}|week|weekend|month|fortnight)` +
      `|tomorrow|${MONTH_NAME}(?:\\s+\\d{1,2}(?:st|nd|rd|th)?)?` +
      `|\\d{1,2}(?:st|nd|rd|th)(?:\\s+of\\s+${MONTH_NAME})?` +
      "|\\d{1,2}\\/\\d{1,2}(?:\\/\\d{2,4})?|\\d{4}-\\d{2}-\\d{2})\\b",
  ),
  // "this week", "next month", "the coming week", "end of the month".
  /\b(?:this|next|(?:this\s+)?coming)\s+(?:week|weekend|month|fortnight)\b/,
  /\bend\s+of\s+(?:the\s+|this\s+|next\s+)?(?:week|month)\b/,
  /\b(?:for\s+|over\s+|during\s+)?the\s+rest\s+of\s+(?:the\s+|this\s+)?(?:week|month)\b/,
  // "for the next two weeks", "over the coming month", "within the following 10 days".
  new RegExp(`\\b(?:for|over|within|in|during)\\s+(?:the\\s+)?(?:next|coming|following)\\s+(?:${NUM}\\s+)?(?:days?|weeks?|months?|fortnight)\\b`),
  // "for 2 weeks", "within a month", "in 10 days" -- but not "3 days a week" (a frequency).
  new RegExp(`\\b(?:for|over|within|in)\\s+(?:${NUM}|a|an)\\s+(?:days?|weeks?|months?|fortnight)\\b(?!\\s*(?:a|an|per|each)\\b)`),
  /\b(?:a|one|two)\s+weeks?\s+from\s+(?:now|today)\b/,
];

const WHEN: readonly RegExp[] = [
  // Rates and repeats: "a day", "per week", "every morning", "each Monday", "every other day".
  new RegExp(`\\b(?:a|an|per)\\s+${PERIOD}\\b`),
  /\/\s*(?:day|week|night|month|d|wk)\b/,
  new RegExp(`\\b(?:every|each)\\s+(?:other\\s+|single\\s+)?(?:${PERIOD}|morning|afternoon|evening|lunch(?:time)?|meal|time|${DAY_NAME})s?\\b`),
  /\b(?:daily|nightly|weekly|weekdays?|weeknights?|weekends?|mornings|afternoons|evenings|nights|tonight|tomorrow)\b/,
  new RegExp(`\\b${DAY_NAME}s?\\b`),
  new RegExp(`\\b(?:on|every)\\s+${DAY_ABBR}\\b`),
  /\b(?:mwf|m\/w\/f|tth|t\/th|tu\/th)\b/,
  // Timing within the day.
  /\bin\s+the\s+(?:morning|afternoon|evening)s?\b/,
  /\bat\s+(?:night|noon|midday|midnight|lunch(?:time)?|dawn|sunrise|sunset|bedtime|breakfast|dinner|work|home|the\s+weekend)\b/,
  /\b(?:before|after)\s+(?:my\s+|the\s+|each\s+|every\s+|i\s+|we\s+)?[a-z0-9]+/,
  /\b(?:during|on)\s+(?:my\s+|the\s+)?(?:lunch(?:\s*break)?|break|breaks|commute|way\s+(?:to|home)|walk\s+home)\b/,
  /\b(?:when|as\s+soon\s+as)\s+i\s+[a-z]+/,
  /\b(?:upon\s+waking|first\s+thing|right\s+after|straight\s+after)\b/,
  // Clock times: "7am", "6:30 pm", "at 7", "by 22:30".
  /\b\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)/,
  /\b(?:at|by|from|around)\s+\d{1,2}(?::\d{2})?\b/,
  /\b\d{1,2}:\d{2}\b/,
];

/** Words that make a goal something to repeat or keep up, not one action. */
const REPEATS: readonly RegExp[] = [
  new RegExp(`\\b(?:every|each|per)\\b|\\b(?:a|an)\\s+${PERIOD}\\b|\\/\\s*(?:day|week|night|d|wk)\\b`),
  /\b(?:daily|nightly|weekly|weekdays|weeknights|weekends|mornings|afternoons|evenings|nights|lunchtimes)\b/,
  new RegExp(`\\b${DAY_NAME}s\\b`),
  /\b(?:twice|thrice|times|\d+\s*x|always|usually|regularly|most\s+days|routine|habit|again)\b/,
  // Done each time a moment comes round: "ask for help when stressed", "buy fruit whenever I shop".
  /\b(?:when|whenever|if|each\s+time|any\s+time|anytime)\b/,
  // Keeping something up or changing an amount: "no screens", "instead of soda", "more vegetables", "start running".
  /(?:^\s*|\b(?:i'?ll|will|to)\s+)(?:no|stop|quit|keep|start|begin|avoid|limit|cut)\b|\b(?:instead\s+of|more|less|fewer|at\s+least|no\s+more\s+than)\b/,
];

// Said first, after an optional "I'll" or "to".
const OPENING = String.raw`^\s*(?:(?:i\s+will|i'?ll|i\s+want\s+to|i'?m\s+going\s+to|to)\s+)?`;
// A call or email is one-off only to a service, to arrange something; "call my mum on Sunday" is weekly.
const SERVICE =
  "(?:gym|pool|leisure\\s+cent(?:er|re)|club|clinic|surgery|doctor|gp|dentist|physio(?:therapist)?|nutritionist|dietitian|therapist|trainer|coach|council|insurer|shop|store)";
const ARRANGING = "(?:book|arrange|make|sign|register|enrol|enroll|schedule|cancel|ask\\s+about|find\\s+out)";
// Things got once: "get a bike", "get new running shoes", "get a gym membership".
const THING_GOT =
  "(?:bikes?|bicycles?|pair\\s+of\\s+\\w+|(?:\\w+\\s+)?(?:shoes|trainers|boots)|(?:\\w+\\s+)?mat|(?:\\w+\\s+)?bottle|scales?|pedometer|(?:fitness\\s+)?tracker|(?:\\w+\\s+)?membership|(?:\\w+\\s+)?pass|blender|lunch\\s*box|(?:\\w+\\s+)?app|referral|check-?up|prescription)";

/** Acts done once: buying, booking, signing up, calling a service to arrange, getting something fixed. */
const ONE_TIME_ACT = new RegExp(
  OPENING +
    "(?:buy|order|book|sign\\s+up|register|enrol|enroll|download|install|set\\s+up|arrange|make\\s+an?\\s+appointment" +
    "|pick\\s+up|look\\s+up|clear|sort\\s+out|throw\\s+(?:out|away)|cancel|unsubscribe" +
    "|find\\s+(?:an?|out)\\b" +
    `|(?:call|phone|ring|email|e-mail|contact)\\s+(?:(?:the|my|a|an)\\s+)?(?:local\\s+)?${SERVICE}\\b` +
    `|(?:call|phone|ring|email|e-mail|contact)\\b.*\\bto\\s+${ARRANGING}\\b` +
    "|get\\b.*\\b(?:fixed|repaired|serviced|mended|checked|sorted)\\b" +
    `|get\\s+(?:an?|new|some\\s+new|myself\\s+an?|my\\s+own)\\s+(?:new\\s+)?${THING_GOT}\\b` +
    ")\\b",
);

/** How many different days of the week a goal names in full ("on Saturday" 1, "Tuesday and Thursday" 2). */
function namedDays(t: string): number {
  return new Set(t.match(new RegExp(`\\b${DAY_NAME}\\b`, "g")) ?? []).size;
}

/** Two or more distinct day abbreviations ("mon wed fri") read as a schedule. */
function hasDayAbbreviations(t: string): boolean {
  const found = new Set(t.match(new RegExp(`\\b${DAY_ABBR}\\b`, "g")) ?? []);
  return found.size >= 2;
}

const UNIT =
  "(?:minutes?|mins?|hours?|hrs?|h|seconds?|secs?|km|kms|kilomet(?:er|re)s?|k|miles?|mi|met(?:er|re)s?|m|" +
  "steps|laps?|lengths?|reps?|repetitions?|sets?|rounds?|" +
  "glass(?:es)?|cups?|mugs?|bottles?|lit(?:er|re)s?|l|ml|" +
  "servings?|portions?|pieces?|handfuls?|bowls?|plates?|" +
  "pages?|chapters?|books?|words|times|calories|kcal|grams?|g|kg|kilos?|pounds?|lbs?|oz|ounces?|units?|" +
  "drinks?|beers?|coffees?|cigarettes?|push-?ups?|pull-?ups?|sit-?ups?|squats?|lunges?|burpees?|crunches|planks?|" +
  "fruits?|vegetables?|veggies|veg|apples?|bananas?|salads?|meals?|snacks?|" +
  // Activity counts only in the plural, so "at 7 then walk" is not read as "7 walks".
  "sessions?|classes|class|workouts|walks|runs|rides|swims)";

const HOW_MUCH: readonly RegExp[] = [
  // "20 minutes", "20-minute", "10,000 steps", "2 more glasses" (one word may sit in between,
  // but not am/pm: "6 am walks" is a time, not a count of walks).
  new RegExp(`\\b${NUM}(?:\\s*-\\s*|\\s+)?(?:(?!am\\b|pm\\b)[a-z]+\\s+)?${UNIT}\\b`),
  // "an hour", "half an hour", "a glass of water", "a 5k".
  /\b(?:an?|half\s+an?|one)\s+(?:hour|minute|mile|km|kilomet(?:er|re)|glass|cup|mug|bottle|lit(?:er|re)|serving|portion|piece|handful|bowl|chapter|page)\b/,
  /\b(?:half|quarter)\s+(?:an?\s+)?hour\b/,
  // A bare count: "3 times", "3x", "twice".
  new RegExp(`\\b${NUM}\\s*(?:x|times)\\b|\\b(?:once|twice|thrice)\\b`),
];

const MEAL_OR_BED_TIMING =
  /\b(?:before|after|at|during|with|for)\s+(?:my\s+|the\s+|each\s+|every\s+)?(?:bed(?:time)?|breakfast|lunch(?:time)?|dinner|supper|meals?|work)\b/g;

// Generous on purpose: any recognisable activity, food or habit counts as "what".
const WHAT = new RegExp(
  "\\b(?:" +
    [
      // Movement.
      "walk(?:s|ed|ing)?|run(?:s|ning)?|ran|jog(?:s|ged|ging)?|swim(?:s|ming)?|swam|cycl(?:e|es|ed|ing)|bik(?:e|es|ed|ing)",
      "rid(?:e|es|ing)|hik(?:e|es|ed|ing)|danc(?:e|es|ed|ing)|yoga|pilates|tai chi|stretch(?:es|ed|ing)?",
      "exercis(?:e|es|ed|ing)|work(?:s|ed|ing)?\\s*-?\\s*out|workouts?|train(?:s|ed|ing)?|gym|lift(?:s|ed|ing)?|weights",
      "strength|cardio|hiit|push-?ups?|pull-?ups?|sit-?ups?|squats?|lunges?|planks?|burpees?|steps|stairs",
      "sports?|tennis|football|soccer|basketball|badminton|golf|volleyball|rugby|hockey|boxing|martial arts",
      "climb(?:s|ed|ing)?|rowing|skat(?:e|es|ing)|ski(?:s|ing)?|play(?:s|ed|ing)?|practi[cs](?:e|es|ed|ing)|5k|10k",
      // Food and drink.
      "eat(?:s|ing)?|ate|cook(?:s|ed|ing)?|meal\\s*-?\\s*prep\\w*|meals?|breakfast|lunch(?:es)?|dinner|supper",
      "snack(?:s|ing)?|drink(?:s|ing)?|drank|water|vegetables?|veggies|veg|fruits?|salads?|protein|fib(?:er|re)",
      "sugar(?:y)?|sweets|desserts?|alcohol|beer|wine|soda|fizzy|coffee|caffeine|tea|fast\\s*food|takeaways?|takeout",
      // Sleep and rest.
      "sleep(?:s|ing)?|slept|nap(?:s|ping)?|bed(?:time)?|wak(?:e|es|ing)|woke|get\\s+up|rest(?:s|ed|ing)?",
      // Mind, habits, social.
      "meditat\\w*|mindful\\w*|breath(?:e|es|ing|s)?|journal(?:s|ed|ing)?|gratitude|read(?:s|ing)?|writ(?:e|es|ing)",
      "pray(?:s|ed|ing)?|relax(?:es|ed|ing)?|screens?|phone|social media|tv|smok(?:e|es|ed|ing)|cigarettes?",
      "vap(?:e|es|ing)|floss(?:es|ed|ing)?|brush(?:es|ed|ing)?|stand(?:s|ing)?|call(?:s|ed|ing)?|visit(?:s|ed|ing)?",
      "volunteer(?:s|ed|ing)?|garden(?:s|ed|ing)?|clean(?:s|ed|ing)?|tid(?:y|ied|ying)|declutter(?:s|ed|ing)?",
      "stud(?:y|ies|ied|ying)|learn(?:s|ed|ing)?",
    ].join("|") +
    ")\\b",
);
