// Short replies whose meaning does not depend on the question: yes, no, "sort of", "not sure",
// and declines ("not now", "skip", "I can't", "I won't").
import { tidy } from "./text.js";

export type Reply = "yes" | "no" | "partly" | "unsure";

/** Why a client is not answering; can't and won't need different replies (the program decides which). */
export type Decline = "skip" | "not_now" | "cant" | "wont";

const strip = (text: string) =>
  tidy(text)
    .replace(/[.!?,;:…]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^(?:um+|uh+|hmm+|well|oh|so)[, ]+/, "")
    .trim();

const REPLIES: Array<[Reply, RegExp]> = [
  [
    "unsure",
    /^(?:not sure|i can'?t say|i cannot say|hard to tell|i'?m not too sure|unsure|i'?m not sure|no idea|i don'?t know|dunno|idk|don'?t know|hard to say|can'?t say|who knows|not sure really|i'?m unsure)$/,
  ],
  [
    "partly",
    /^(?:sort of|sorta|kind of|kinda|a bit|a little|partly|partially|somewhat|sometimes|now and then|on and off|more or less|ish|yes and no|some days|half and half|not really sure|i guess so|mostly)$/,
  ],
  [
    "yes",
    /^(?:y|ye|yes|yes please|yess+|yeah|yea|yah|ya|yep|yup|sure|sure thing|of course|definitely|absolutely|certainly|indeed|correct|right|that'?s right|true|ok|okay|k|affirmative|i do|i am|i have|yes i do|yes i am|yes i have|yeah i do|totally|for sure|you bet|aye|yes yes)$/,
  ],
  [
    "no",
    /^(?:n|no|nope|nah|nay|no way|not really|not at all|never|i don'?t|i do not|i am not|i'?m not|i haven'?t|no i don'?t|no i haven'?t|nope not really|false|negative|not yet|no no|no thanks|no thank you)$/,
  ],
];

export function readReply(text: string): Reply | null {
  const t = strip(text);
  for (const [reply, pattern] of REPLIES) if (pattern.test(t)) return reply;
  return null;
}

const DECLINES: Array<[Decline, RegExp]> = [
  ["skip", /^(?:skip|skip it|skip this|skip this one|pass|-|n\/a|na|none|nothing|next|next question|no comment|leave it blank|blank)$/],
  [
    "not_now",
    /^(?:not now|not today|not right now|later|maybe later|another time|not at the moment|ask me later|can we do this later|not this week|some other time)$/,
  ],
  [
    "cant",
    /^(?:i can'?t|i cannot|i can not|can'?t|i'?m not able to|i am not able to|i'?m unable to|not able to|i can'?t do (?:it|that)|i can'?t right now|no i can'?t)$/,
  ],
  [
    "wont",
    /^(?:i won'?t|won'?t|i will not|i don'?t want to|don'?t want to|i do not want to|i'?d rather not|rather not|i'?d prefer not to|no i won'?t|i refuse|i don'?t want to (?:set a goal|do (?:it|that|this)|answer|change)|not interested|i'?m not interested)$/,
  ],
];

export function readDecline(text: string): Decline | null {
  const t = strip(text);
  for (const [decline, pattern] of DECLINES) if (pattern.test(t)) return decline;
  return null;
}
