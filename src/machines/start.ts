// Opening a conversation: what it is planned over (goals, domains), the facts its steps may
// depend on, and the limits that keep a client from starting it.
import type { ScriptId } from "../domain/catalog.js";
import type { Prompt } from "../domain/prompt.js";
import { currentPrompt, openConversation } from "./conversation.js";
import { conversationVars, goalIsPaused, info, pausedAreasOf, stageGroup, type ClientContext, type MachineEnv } from "./client-context.js";
import type { ClientEffect } from "./effects.js";
import { effect } from "./effects.js";
import { EXERCISE_SAFETY_KEYS } from "./finish.js";
import { stageFacts } from "./stages-program.js";

export interface Opened {
  context: Partial<ClientContext>;
  effects: ClientEffect[];
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
    vision: context.vision ?? "(no vision written yet)",
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
