import type { AnswerProblem, AnswerValue } from "../prompt.js";
import type { Decline } from "./replies.js";

/**
 * What a reply was understood to say. An answer below CONFIDENT is confirmed with the client
 * before it is used; "ask" lists the readings when one reply could mean several things.
 */
export type Understanding =
  | { kind: "answer"; value: AnswerValue; confidence: number }
  | { kind: "ask"; candidates: AnswerValue[] }
  | { kind: "decline"; decline: Decline }
  | { kind: "problem"; problem: AnswerProblem };

/** Confidence from which an answer is taken without asking back. */
export const CONFIDENT = 0.75;
