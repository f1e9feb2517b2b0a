// Opening a conversation: what it is planned over (goals, domains), the facts its steps may
// depend on, and the limits that keep a client from starting it.
import type { ScriptId } from "../domain/catalog.js";
import { programElapsed } from "../domain/elapsed.js";
import type { Prompt } from "../domain/prompt.js";
import { fillTemplate } from "../domain/script.js";
import { type ClientContext, conversationVars, goalIsPaused, type MachineEnv, pausedAreasOf, stageGroup } from "./client-context.js";
import { currentPrompt, openConversation } from "./conversation.js";
import type { ClientEffect } from "./effects.js";
import { effect } from "./effects.js";
import { EXERCISE_SAFETY_KEYS } from "./finish.js";
import { stageFacts } from "./stages-program.js";

export interface Opened {
  context: Partial<ClientContext>;
  effects: ClientEffect[];
}

/** Four weeks after a client said "not now" to writing a vision, they may be asked again. */
const VISION_ASK_AGAIN_MS = 28 * 86_400_000;

function visionInvitable(context: ClientContext, at: string): boolean {
  if (context.vision) return false;
  const last = context.visionInvitation;
  return last?.answer !== "later" || Date.parse(at) - Date.parse(last.at) >= VISION_ASK_AGAIN_MS;
}

/** "5 weeks", "about 3 months": how long the program has run, truthfully. */
export function elapsedText(catalog: MachineEnv["catalog"], startedAt: string, at: string): string {
  const elapsed = programElapsed(new Date(startedAt), new Date(at));
  return fillTemplate(catalog.program.elapsed[elapsed.unit], { count: "count" in elapsed ? elapsed.count : "" });
}

export function startConversation(env: MachineEnv, context: ClientContext, script: ScriptId, at: string, intro: Prompt[] = []): Opened {
  const { catalog } = env;
  const focus = context.focusDomain;
  // While a referral flag holds the focus area, a new goal there is a thinking goal, not a step.
  const held = focus !== null && pausedAreasOf(context).includes(focus);
  const group = held ? "early" : stageGroup(focus ? context.domains[focus]?.stage : undefined);
  const room = context.goals.length < catalog.rules.limits.weeklyGoals;
  const facts: Record<string, string> = {
    stage_group: group,
    has_goals: context.goals.length > 0 ? "yes" : "no",
    // Reviews ask about a vision and three-month goals only when the client has them.
    ...(context.vision ? { vision: context.vision } : {}),
    has_vision: context.vision ? "yes" : "no",
    has_three_month: context.threeMonthGoals.length > 0 ? "yes" : "no",
    invite: visionInvitable(context, at) ? "yes" : "no",
    elapsed: elapsedText(catalog, context.programStartedAt ?? at, at),
    exercise_screened: EXERCISE_SAFETY_KEYS.every((k) => context.healthScreened.includes(k)) ? "yes" : "no",
    // With no room for another goal, the goals are looked at first (done, dropped or replaced).
    room: room ? "yes" : "no",
    review_goals: context.goals.length > 0 && !room ? "yes" : "no",
    // Early stages without a goal are asked what they noticed, never how much they achieved.
    awareness: group === "early" && context.goals.length === 0 ? "yes" : "no",
    ...stageFacts(env, context),
    // Set by the conversation that opened this one (a check-in's "new or adjusted goal").
    ...(context.nextFacts ?? {}),
  };
  const items = {
    // Goals paused by a referral flag get no check-in questions until the coach resolves it.
    goals: context.goals.filter((g) => !goalIsPaused(context, g)).map((g) => g.id),
    domains: catalog.domains.map((d) => d.key).filter((key) => key !== focus),
  };
  const number = context.conversationsStarted + 1;
  const conversation = openConversation(catalog, script, `${script}-${number}`, at, items, facts);
  if (!conversation) return { context: { conversation: null, nextFacts: undefined }, effects: intro.length ? [effect("say", { prompts: intro })] : [] };
  return {
    context: { conversation, conversationsStarted: number, nextFacts: undefined },
    effects: [effect("say", { prompts: [...intro, currentPrompt(catalog, conversation, conversationVars(context))] })],
  };
}
