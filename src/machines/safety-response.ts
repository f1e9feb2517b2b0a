// Screening every free-text message before the flow continues. A crisis or medical emergency
// pauses the scripted conversation, shares resources, alerts the coach at once and records a flag.
import { crisisResources } from "../domain/catalog.js";
import { screenText } from "../domain/safety.js";
import { fillTemplate } from "../domain/script.js";
import { type ClientContext, conversationVars, info, type MachineEnv } from "./client-context.js";
import { currentPrompt } from "./conversation.js";
import { type ClientEffect, effect } from "./effects.js";
import { RESTART_COMMANDS, setAsideEffects } from "./program-queue.js";

export function safetyConcern(env: MachineEnv, text: string) {
  return screenText(text, env.catalog.safety.lexicon).concern;
}

function resourcesText(env: MachineEnv): string {
  return crisisResources(env.catalog, env.locale)
    .map((r) => `  - ${r}`)
    .join("\n");
}

export function respondToConcern(env: MachineEnv, context: ClientContext, text: string, at: string): ClientEffect[] {
  const concern = safetyConcern(env, text);
  if (!concern) return [];
  const r = env.catalog.safety.responses;
  const name = context.name ?? "there";
  const reply = `${fillTemplate(concern === "crisis" ? r.crisis : r.medical, { name })}\n${resourcesText(env)}\n\n${r.continueHint}`;
  const alert = fillTemplate(concern === "crisis" ? r.coachCrisisAlert : r.coachMedicalAlert, { name: context.name ?? "A client", text: text.slice(0, 500) });
  return [
    effect("say", { prompts: [info("safety", reply)] }),
    effect("notifyCoach", { text: alert, urgent: true }),
    effect("raiseFlag", {
      kind: concern === "crisis" ? "crisis" : "medical_emergency",
      severity: "urgent",
      detail: `"${text.slice(0, 500)}"`,
      suggestedApproach: "Contact the client personally now; coaching stays paused until they choose to continue.",
      at,
    }),
  ];
}

export function holdReminder(env: MachineEnv): ClientEffect {
  const r = env.catalog.safety.responses;
  return effect("say", { prompts: [info("safety-hold", `${r.holdReminder}\n${resourcesText(env)}\n\n${r.continueHint}`)] });
}

/**
 * The client's answer to "how are you now?" after a hold: thanked, and the conversation the hold
 * interrupted is set aside (its answers kept, a way back offered) instead of resumed mid-form.
 * The first conversation is the exception: the program cannot start without it, so it carries on.
 */
export function welcomeBack(env: MachineEnv, context: ClientContext, at: string): { context: Partial<ClientContext>; effects: ClientEffect[] } {
  const p = env.catalog.messages.program;
  const name = context.name ?? "there";
  const thanks = info("welcomed-back", fillTemplate(p.welcomedBack, { name }));
  const open = context.conversation;
  if (!open) return { context: {}, effects: [effect("say", { prompts: [thanks, info("restart", p.restartNone)] })] };
  if (open.script === "onboarding") {
    return { context: {}, effects: [effect("say", { prompts: [thanks, currentPrompt(env.catalog, open, conversationVars(context))] })] };
  }
  const restart = RESTART_COMMANDS[open.script];
  const hint = restart ? fillTemplate(p.restartWith, { name, open: p.scripts[open.script], command: restart }) : p.restartNone;
  return {
    context: { conversation: null },
    effects: [...setAsideEffects(env, context, open, at, "interrupted by a safety hold"), effect("say", { prompts: [thanks, info("restart", hint)] })],
  };
}
