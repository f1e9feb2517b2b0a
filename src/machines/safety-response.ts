// Screening every free-text message before the flow continues. A crisis or medical emergency
// pauses the scripted conversation, shares resources, alerts the coach at once and records a flag.
import { crisisResources } from "../domain/catalog.js";
import { screenText } from "../domain/safety.js";
import { fillTemplate } from "../domain/script.js";
import { info, type ClientContext, type MachineEnv } from "./client-context.js";
import { effect, type ClientEffect } from "./effects.js";

export function safetyConcern(env: MachineEnv, text: string) {
  return screenText(text, env.catalog.safety.lexicon).concern;
}

function resourcesText(env: MachineEnv): string {
  return crisisResources(env.catalog, env.locale).map((r) => `  - ${r}`).join("\n");
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
