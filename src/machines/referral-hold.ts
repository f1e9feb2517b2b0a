// Referral flags that hold an area back: a possible medical limit on exercise pauses the
// client's exercise plan and behavioral goals (no check-in questions, no achievement expected)
// until their coach resolves the flag. Resolving resumes them and tells the client kindly.

import type { ReferralConcern } from "../domain/assessment.js";
import { findDomain } from "../domain/catalog.js";
import { REFERRAL_PAUSES } from "../domain/flags.js";
import { fillTemplate } from "../domain/script.js";
import { checkSmartGoal } from "../domain/smart-goal.js";
import { type ClientContext, goalIsPaused, info, type MachineEnv, pausedAreasOf, type WeeklyGoal } from "./client-context.js";
import { type ClientEffect, effect } from "./effects.js";

/** The area a referral concern holds back, if any. */
export function areaHeldBy(concern: ReferralConcern): string | undefined {
  return REFERRAL_PAUSES[concern];
}

function goalStatus(goal: WeeklyGoal, status: "active" | "paused", setIn: string): ClientEffect {
  const smart = goal.kind === "behavioral" && checkSmartGoal(goal.text).isSmart;
  return effect("recordGoal", {
    key: goal.id,
    kind: goal.kind,
    text: goal.text,
    domain: goal.domain || null,
    confidence: goal.confidence,
    smart,
    status,
    setIn,
  });
}

function areaLabel(env: MachineEnv, area: string): string {
  return findDomain(env.catalog, area)?.label.toLowerCase() ?? area;
}

/** Holds `areas` back: their goals are recorded paused and the client is told why, once per area. */
export function holdAreas(env: MachineEnv, c: ClientContext, areas: string[]): { pausedAreas: string[]; effects: ClientEffect[] } {
  const already = pausedAreasOf(c);
  const fresh = [...new Set(areas)].filter((a) => !already.includes(a));
  if (fresh.length === 0) return { pausedAreas: already, effects: [] };
  const pausedAreas = [...already, ...fresh];
  const held = { ...c, pausedAreas };
  const effects: ClientEffect[] = c.goals.filter((g) => fresh.includes(g.domain) && goalIsPaused(held, g)).map((g) => goalStatus(g, "paused", "referral"));
  for (const area of fresh) {
    effects.push(
      effect("say", {
        prompts: [info("referral-hold", fillTemplate(env.catalog.messages.referralHold, { name: c.name ?? "there", domain: areaLabel(env, area) }))],
      }),
    );
  }
  return { pausedAreas, effects };
}

/** The coach resolved the last flag holding `area`: its goals are active again. Nothing when it was not held. */
export function releaseArea(env: MachineEnv, c: ClientContext, area: string): { context: Partial<ClientContext>; effects: ClientEffect[] } {
  if (!pausedAreasOf(c).includes(area)) return { context: {}, effects: [] };
  const resumed = c.goals.filter((g) => goalIsPaused(c, g) && g.domain === area);
  const text = fillTemplate(env.catalog.messages.referralCleared, { name: c.name ?? "there", domain: areaLabel(env, area) });
  return {
    context: { pausedAreas: pausedAreasOf(c).filter((a) => a !== area) },
    effects: [...resumed.map((g) => goalStatus(g, "active", "referral")), effect("say", { prompts: [info("referral-cleared", text)] })],
  };
}
