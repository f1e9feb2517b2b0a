// Opening a conversation: what it is planned over (goals, domains), the facts its steps may
// depend on, and the limits that keep a client from starting it.
import type { ScriptId } from "../domain/catalog.js";
import type { Prompt } from "../domain/prompt.js";
import { currentPrompt, openConversation } from "./conversation.js";
import { conversationVars, info, stageGroup, type ClientContext, type MachineEnv } from "./client-context.js";
import type { ClientEffect } from "./effects.js";
import { effect } from "./effects.js";
import { EXERCISE_SAFETY_KEYS } from "./finish.js";

export interface Opened {
  context: Partial<ClientContext>;
  effects: ClientEffect[];
}

export function startConversation(env: MachineEnv, context: ClientContext, script: ScriptId, at: string, intro: Prompt[] = []): Opened {
  const { catalog } = env;
  const focus = context.focusDomain;
  const group = stageGroup(focus ? context.domains[focus]?.stage : undefined);
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
    // Set by the conversation that opened this one (a check-in's "new or adjusted goal").
    ...(context.nextFacts ?? {}),
  };
  const items = {
    goals: context.goals.map((g) => g.id),
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
