// Two kinds of precontemplation (the coaching guide's "I won't" and "I can't"): both are not
// planning to change, for different reasons, and need different words. "I can't" would like to
// change but does not believe it is possible (it matters; confidence is low): explore barriers
// and small experiments. "I won't" does not want to (it doesn't matter much to them now): respect
// their autonomy, validate what the current habit does for them, explore values.

export type PrecontemplationKind = "cant" | "wont";

export interface Rulers {
  /** 0-10: how important working on the area is to the client now; null when not asked. */
  importance: number | null;
  /** 0-10: how confident they are they could change it; null when not asked. */
  confidence: number | null;
}

/** Importance from which "not planning to change" reads as "I can't" rather than "I won't". */
export const CANT_IMPORTANCE = 5;
/** Confidence from which a client is not saying "I can't", whatever the importance. */
export const CONFIDENT_ENOUGH = 7;

export function precontemplationKind(rulers: Rulers): PrecontemplationKind {
  const matters = rulers.importance === null ? rulers.confidence !== null : rulers.importance >= CANT_IMPORTANCE;
  const doubts = rulers.confidence === null || rulers.confidence < CONFIDENT_ENOUGH;
  return matters && doubts ? "cant" : "wont";
}
