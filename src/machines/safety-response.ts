// Screening every free-text message before the flow continues. A crisis or medical emergency
// pauses the scripted conversation, shares resources, alerts the coach at once and records a flag.
import { safetyResources } from "../domain/catalog.js";
import { type SafetyConcern, screenText } from "../domain/safety.js";
import { fillTemplate } from "../domain/script.js";
import { type ClientContext, chosenName, conversationVars, info, type MachineEnv, type MessageSender } from "./client-context.js";
import { currentPrompt } from "./conversation.js";
import { type ClientEffect, effect } from "./effects.js";
import { RESTART_COMMANDS, setAsideEffects } from "./program-queue.js";

export function safetyConcern(env: MachineEnv, text: string) {
  return screenText(text, env.catalog.safety.lexicon).concern;
}

/** The helplines of the client's country, read from their time zone (LOCALE when it names none). */
function resourcesText(env: MachineEnv, concern: SafetyConcern, timezone: string | undefined): string {
  return safetyResources(env.catalog, concern, { locale: env.locale, ...(timezone ? { timezone } : {}) })
    .map((r) => `  - ${r}`)
    .join("\n");
}

const PLATFORM_LABELS: Record<string, string> = { slack: "Slack", discord: "Discord", console: "console" };

/**
 * Who the coach is told about: an alert the coach cannot place is one they cannot act on. The
 * chosen name, else the platform's display name, else the platform and user id.
 */
function clientForCoach(env: MachineEnv, context: ClientContext, from: MessageSender | undefined): string {
  const known = chosenName(context) ?? from?.displayName;
  if (known) return known;
  return fillTemplate(env.catalog.safety.responses.unnamedClient, {
    platform: from ? (PLATFORM_LABELS[from.platform] ?? from.platform) : "chat",
    id: from?.platformUserId ?? "unknown",
  });
}

/**
 * A red flag takes over the turn: the client gets a kind reply with where to find help, the coach
 * an urgent alert, and a flag is raised. Nothing of the message is recorded as an answer.
 */
export function respondToConcern(
  env: MachineEnv,
  context: ClientContext,
  message: { text: string; at: string; from?: MessageSender; timezone?: string },
): { context: Partial<ClientContext>; effects: ClientEffect[] } {
  const { text, at, from } = message;
  const concern = safetyConcern(env, text);
  if (!concern) return { context: {}, effects: [] };
  const r = env.catalog.safety.responses;
  const chosen = chosenName(context);
  const name = chosen ?? from?.displayName ?? r.greetingWithoutName;
  const pause = context.conversation ? r.pauseConversation : r.pauseCoaching;
  const reply = `${fillTemplate(concern === "crisis" ? r.crisis : r.medical, { name, pause })}\n${resourcesText(env, concern, message.timezone)}\n\n${r.continueHint}`;
  const alert = fillTemplate(concern === "crisis" ? r.coachCrisisAlert : r.coachMedicalAlert, {
    name: clientForCoach(env, context, from),
    text: text.slice(0, 500),
  });
  const effects = [
    effect("say", { prompts: [info("safety", reply)] }),
    effect("notifyCoach", { text: alert, urgent: true }),
    // A name typed in the unfinished first conversation is saved now, so the hour's reminder and
    // the digest name them too.
    ...(chosen && !context.name ? [effect("recordProfile", { name: chosen })] : []),
    effect("raiseFlag", {
      kind: concern === "crisis" ? "crisis" : "medical_emergency",
      severity: "urgent",
      detail: `"${text.slice(0, 500)}"`,
      suggestedApproach: "Contact the client personally now; coaching stays paused until they choose to continue.",
      at,
    }),
  ];
  return { context: { heldFor: concern }, effects };
}

/** While held: the resources for the concern that started the hold (older holds: the crisis list). */
export function holdReminder(env: MachineEnv, context: ClientContext, timezone: string | undefined): ClientEffect {
  const r = env.catalog.safety.responses;
  return effect("say", {
    prompts: [info("safety-hold", `${r.holdReminder}\n${resourcesText(env, context.heldFor ?? "crisis", timezone)}\n\n${r.continueHint}`)],
  });
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
  // They just said how they are: a check-in offered next starts with their goals, not the same question.
  const asked: Partial<ClientContext> = context.queued.length > 0 ? { nextFacts: { ...context.nextFacts, feeling_asked: "yes" } } : {};
  if (!open) {
    // A queued conversation follows at once (client.machine's idle state): no "type /help" before it.
    return { context: asked, effects: [effect("say", { prompts: context.queued.length > 0 ? [thanks] : [thanks, info("restart", p.restartNone)] })] };
  }
  if (open.script === "onboarding") {
    return { context: {}, effects: [effect("say", { prompts: [thanks, currentPrompt(env.catalog, open, conversationVars(context))] })] };
  }
  const restart = RESTART_COMMANDS[open.script];
  const hint = restart ? fillTemplate(p.restartWith, { name, open: p.scripts[open.script], command: restart }) : p.restartNone;
  return {
    context: { conversation: null, ...asked },
    effects: [...setAsideEffects(env, context, open, at, "interrupted by a safety hold"), effect("say", { prompts: [thanks, info("restart", hint)] })],
  };
}
