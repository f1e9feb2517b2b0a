// Opening a conversation: what it is planned over (goals, domains), the facts its steps may
// depend on, and the limits that keep a client from starting it.
import type { ScriptId } from "../domain/catalog.js";
import type { Prompt } from "../domain/prompt.js";
import { fillTemplate } from "../domain/script.js";
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
  if (script === "goal_setting" && context.goals.length >= catalog.rules.limits.weeklyGoals) {
    const limit = info("goal-limit", fillTemplate(catalog.messages.goalLimit, { limit: catalog.rules.limits.weeklyGoals }));
    return { context: { conversation: null }, effects: [effect("say", { prompts: [...intro, limit] })] };
  }
  const focus = context.focusDomain;
  // While a referral flag holds the focus area, a new goal there is a thinking goal, not a step.
  const held = focus !== null && pausedAreasOf(context).includes(focus);
  const facts: Record<string, string> = {
    stage_group: held ? "early" : stageGroup(focus ? context.domains[focus]?.stage : undefined),
    has_goals: context.goals.length > 0 ? "yes" : "no",
    vision: context.vision ?? "(no vision written yet)",
    exercise_screened: EXERCISE_SAFETY_KEYS.every((k) => context.healthScreened.includes(k)) ? "yes" : "no",
    ...stageFacts(env, context),
  };
  const items = {
    // Goals paused by a referral flag get no check-in questions until the coach resolves it.
    goals: context.goals.filter((g) => !goalIsPaused(context, g)).map((g) => g.id),
    domains: catalog.domains.map((d) => d.key).filter((key) => key !== focus),
  };
  const number = context.conversationsStarted + 1;
  const conversation = openConversation(catalog, script, `${script}-${number}`, at, items, facts);
  if (!conversation) return { context: { conversation: null }, effects: intro.length ? [effect("say", { prompts: intro })] : [] };
  return {
    context: { conversation, conversationsStarted: number },
    effects: [effect("say", { prompts: [...intro, currentPrompt(catalog, conversation, conversationVars(context))] })],
  };
}
