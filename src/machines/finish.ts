// What a finished conversation means: stages, goals, flags, messages, and what comes next.
// Pure functions of (context, finished conversation, time); the machine applies the result.

import { type AreaAnswer, findAssessmentGaps, referralConcerns } from "../domain/assessment.js";
import { isoWeek } from "../domain/calendar.js";
import { findDomain, type MessageKey, type ScriptId } from "../domain/catalog.js";
import { detectChallenges } from "../domain/challenges.js";
import { precontemplationKind } from "../domain/precontemplation.js";
import type { Prompt } from "../domain/prompt.js";
import type { Answers } from "../domain/script.js";
import { fillTemplate } from "../domain/script.js";
import { checkSmartGoal } from "../domain/smart-goal.js";
import { pickVariant } from "../domain/variants.js";
import {
  type ClientContext,
  type GoalKind,
  goalIsOneOff,
  goalIsPaused,
  info,
  keepLast,
  type MachineEnv,
  pausedAreasOf,
  type WeeklyGoal,
} from "./client-context.js";
import type { CheckinClose, OpenConversation } from "./conversation.js";
import { type ClientEffect, effect } from "./effects.js";
import { areaHeldBy, holdAreas } from "./referral-hold.js";
import { finishRestage, reviewWeek, stageFromAnswers } from "./stages-program.js";

export interface Outcome {
  context: Partial<ClientContext>;
  effects: ClientEffect[];
  /** Another conversation to open straight away, with messages to say before its first question. */
  next?: { script: ScriptId; intro: Prompt[] };
  /** The program ends here: the machine moves to its "closed" state. */
  closesProgram?: true;
  /** A check-in's closing words, said by the machine once nothing more follows in this exchange. */
  closing?: CheckinClose;
}

type Finisher = (env: MachineEnv, c: ClientContext, answers: Answers, at: string, done: OpenConversation) => Outcome;

export function finishConversation(env: MachineEnv, context: ClientContext, done: OpenConversation, at: string): Outcome {
  return FINISHERS[done.script](env, context, done.answers, at, done);
}

const say = (...prompts: Prompt[]) => effect("say", { prompts });

/** A message in one of its wordings, the same for the same seed (client and week). */
function wordingOf(messages: MachineEnv["catalog"]["messages"], key: MessageKey, seed: string): string {
  const variants = messages.variants[key];
  return variants ? pickVariant(variants, seed) : messages[key];
}
const str = (v: unknown) => (typeof v === "string" ? v : "");
const num = (v: unknown) => (typeof v === "number" ? v : null);

function label(env: MachineEnv, domain: string): string {
  return findDomain(env.catalog, domain)?.label.toLowerCase() ?? domain;
}

const onboarding: Finisher = (env, c, a, at) => {
  const domain = str(a.domain);
  const staged = stageFromAnswers(
    env,
    c,
    domain,
    { meets: a.meets_criterion, months: a.months_meeting, intention: a.intention, started: a.started },
    at,
    { by: "client" },
    "staged from readiness answers at onboarding",
    {
      ...(num(a.importance) !== null ? { importance: num(a.importance)! } : {}),
      ...(num(a.confidence) !== null ? { confidence: num(a.confidence)! } : {}),
    },
  );
  const stage = staged.stage;
  const name = str(a.name);
  // Precontemplation is "I can't" or "I won't", and each needs its own words (see domain/precontemplation).
  const introText =
    stage === "precontemplation"
      ? env.catalog.program.precontemplationIntro[precontemplationKind({ importance: num(a.importance), confidence: num(a.confidence) })]
      : env.catalog.messages.stageIntro[stage];
  const intro = fillTemplate(introText, { name, domain: label(env, domain) });
  const health = healthAnswers(env, { ...c, name }, a, at);
  // A short first conversation: straight on to one first step; the wellbeing check comes later.
  return {
    context: { name, focusDomain: domain, programStartedAt: at, ...staged.context, healthScreened: health.screened, pausedAreas: health.pausedAreas },
    effects: [effect("recordProfile", { name, status: "active", programStartAt: at }), ...staged.effects, ...health.effects, say(info("stage-intro", intro))],
    next: { script: "goal_setting", intro: [] },
  };
};

/** Health questions, by answer key, and what a "yes" to each suggests a referral for. */
const HEALTH_QUESTIONS = {
  sleep_or_appetite_changed: "sleepOrAppetiteChanged",
  weight_changed: "largeUnexplainedWeightChange",
  exercise_beyond_capacity: "exercisesBeyondCapacity",
  outbursts: "uncharacteristicOutbursts",
  panic_or_breathless: "panicOrBreathlessness",
  doctor_advised: "doctorAdvisedAgainstExercise",
  exertion_symptoms: "chestPainOrDizzinessOnExertion",
  injury_or_surgery: "recentInjuryOrSurgery",
} as const;

/** Asked before any exercise goal, in the first conversation when exercise is the focus. */
export const EXERCISE_SAFETY_KEYS = ["doctor_advised", "exertion_symptoms"] as const;

/** Referral flags for the health questions answered "yes", and which questions are now answered. */
function healthAnswers(env: MachineEnv, c: ClientContext, a: Answers, at: string): { effects: ClientEffect[]; screened: string[]; pausedAreas: string[] } {
  const { catalog } = env;
  const answered = Object.keys(HEALTH_QUESTIONS).filter((key) => a[key] !== undefined);
  const flags = {} as Parameters<typeof referralConcerns>[0];
  for (const [key, flag] of Object.entries(HEALTH_QUESTIONS)) flags[flag] = a[key] === "yes";
  const concerns = referralConcerns(flags);
  const effects: ClientEffect[] = concerns.map((concern) =>
    effect("raiseFlag", {
      kind: "referral",
      severity: "attention",
      at,
      detail: `Assessment answers suggest a referral may help (${catalog.digest.referralConcerns[concern]}).`,
      suggestedApproach: catalog.rules.referralSteps[concern],
      ...(areaHeldBy(concern) ? { pausesArea: areaHeldBy(concern) } : {}),
    }),
  );
  // Goals in an area that needs a professional's word first wait until the coach resolves the flag.
  const held = holdAreas(
    env,
    c,
    concerns.flatMap((concern) => areaHeldBy(concern) ?? []),
  );
  effects.push(...held.effects);
  if (concerns.length > 0) {
    effects.push(
      effect("notifyCoach", {
        urgent: false,
        text: `${c.name ?? "A client"}'s health answers include ${concerns.length} worth a referral conversation. Suggested next steps are in their flags.`,
      }),
    );
  }
  return { effects, screened: [...new Set([...c.healthScreened, ...answered])], pausedAreas: held.pausedAreas };
}

const assessment: Finisher = (env, c, a, at) => {
  const { catalog } = env;
  const domains = { ...c.domains };
  const effects: ClientEffect[] = [effect("recordAssessment", { answers: a, at })];
  const areas: AreaAnswer[] = [];
  let goals = c.goals;
  for (const { key } of catalog.domains.filter((d) => a[`priority.${d.key}`] !== undefined)) {
    const answers = { meets: a[`meets_criterion.${key}`], months: a[`months_meeting.${key}`], intention: a[`intention.${key}`], started: a[`started.${key}`] };
    const confidence = num(a[`confidence.${key}`]) ?? 0;
    const current = { ...c, domains, goals };
    const staged = stageFromAnswers(env, current, key, answers, at, { by: "client" }, "staged in the wellbeing assessment", { confidence });
    areas.push({ area: key, priority: num(a[`priority.${key}`]) ?? 0, stage: staged.stage, confidence });
    if (c.domains[key]?.stage === staged.stage || !staged.step) continue;
    Object.assign(domains, staged.context.domains);
    goals = staged.context.goals ?? goals;
    effects.push(...staged.effects);
  }
  // One flag per area: an area both not ready and low in confidence is one thing for the coach
  // to explore, with both suggestions, not two lines in every digest.
  const gaps = findAssessmentGaps(areas, catalog.rules.assessment);
  for (const area of areas.filter((x) => gaps.some((g) => g.area === x.area))) {
    const approaches = gaps
      .filter((g) => g.area === area.area)
      .map((g) => catalog.rules.challengeApproaches[g.reason === "high_priority_not_ready" ? "assessment_gap_not_ready" : "assessment_gap_low_confidence"]);
    effects.push(
      effect("raiseFlag", {
        kind: "assessment_gap",
        severity: "attention",
        at,
        detail: `${findDomain(catalog, area.area)?.label ?? area.area}: priority ${area.priority}/10, stage ${area.stage}, confidence ${area.confidence}/10`,
        suggestedApproach: approaches.join(" "),
      }),
    );
  }
  const health = healthAnswers(env, c, a, at);
  effects.push(...health.effects);
  const done = info("assessment-done", fillTemplate(catalog.messages.assessmentDone, { name: c.name ?? "there" }));
  const context = { domains, goals, healthScreened: health.screened, pausedAreas: health.pausedAreas, wellbeingCheck: { ...c.wellbeingCheck, doneAt: at } };
  return c.goals.length === 0 ? { context, effects, next: { script: "goal_setting", intro: [done] } } : { context, effects: [...effects, say(done)] };
};

/** The label of the option chosen at a choice step, with its placeholders filled. */
function optionLabel(env: MachineEnv, script: ScriptId, stepKey: string, value: string, vars: Record<string, string>): string {
  const input = env.catalog.scripts[script].steps.find((s) => s.key === stepKey)?.input;
  const option = input?.kind === "choice" ? input.options.find((o) => o.value === value) : undefined;
  return option ? fillTemplate(option.label, vars) : value;
}

const goalSetting: Finisher = (env, c, a, at, done) => {
  const { catalog } = env;
  const name = c.name ?? "there";
  // The goals looked at first: each kept, done, dropped, or replaced by the goal set now.
  const statusOf = (g: WeeklyGoal) => str(a[`goal_status.${g.id}`]) || "keep";
  const retired = c.goals.filter((g) => statusOf(g) === "done" || statusOf(g) === "drop");
  const thinking = str(a.thinking_goal);
  const declined = thinking === "no_goal" || thinking === "out_of_reach";
  const thinkingLabel =
    thinking && thinking !== "own" && !declined ? optionLabel(env, "goal_setting", "thinking_goal", thinking, { domain: label(env, c.focusDomain ?? "") }) : "";
  const text = str(a.smaller_goal) || str(a.behavior_goal) || str(a.plan_step) || str(a.plan_next_step) || str(a.own_thinking_goal) || thinkingLabel;
  const replaced = text ? c.goals.filter((g) => statusOf(g) === "replace") : [];
  const retiring = [
    ...retired.map((g) => ({ goal: g, status: statusOf(g) === "done" ? ("done" as const) : ("dropped" as const) })),
    ...replaced.map((g) => ({ goal: g, status: "replaced" as const })),
  ];
  const retirement = retireGoals(c, retiring);
  const after: ClientContext = { ...c, ...retirement.context };
  const effects: ClientEffect[] = [...retirement.effects];
  if (declined) {
    // Declining is respected: no goal, no push, and check-ins carry on as usual.
    const words = thinking === "out_of_reach" ? catalog.program.noGoal.outOfReach : catalog.program.noGoal.declined;
    return { context: retirement.context, effects: [...effects, say(info("no-goal", fillTemplate(words, { name, domain: label(env, c.focusDomain ?? "") })))] };
  }
  if (!text) {
    const limit = catalog.rules.limits.weeklyGoals;
    // There was no room, so no new goal was asked for: with one freed now, it is asked for straight away.
    if (after.goals.length < limit) {
      return { context: { ...retirement.context, nextFacts: { review_goals: "no" } }, effects, next: { script: "goal_setting", intro: [] } };
    }
    return { context: retirement.context, effects: [...effects, say(info("goals-kept", fillTemplate(catalog.program.goals.allKept, { name, limit })))] };
  }
  const kind: GoalKind = a.behavior_goal !== undefined ? "behavioral" : a.plan_step !== undefined || a.plan_next_step !== undefined ? "plan" : "thinking";
  const confidence = num(a.confidence);
  const added = addWeeklyGoal(after, { text, kind, confidence, setIn: done.id, at });
  const goalSet = info("goal-set", fillTemplate(catalog.messages.goalSet, { goal: text, confidence: confidence ?? "?" }));
  const replacedNotes = replaced.map((g) => info("goal-replaced", fillTemplate(catalog.program.goals.replaced, { old: g.text })));
  // The first goal closes the first conversation: the wellbeing check is offered, not imposed.
  const offer = c.wellbeingCheck.doneAt === null && c.wellbeingCheck.offeredAt === null;
  return {
    context: { ...retirement.context, ...added.context, ...(offer ? { wellbeingCheck: { ...c.wellbeingCheck, offeredAt: at } } : {}) },
    effects: [
      ...effects,
      added.effect,
      say(...replacedNotes, goalSet, ...(offer ? [info("assessment-offer", fillTemplate(catalog.messages.assessmentOffer, { name }))] : [])),
    ],
  };
};

/** Takes goals off the client's weekly list, recording why (done, dropped, replaced by an adjusted goal). */
export function retireGoals(c: ClientContext, retiring: { goal: WeeklyGoal; status: "done" | "dropped" | "replaced" }[]) {
  const ids = new Set(retiring.map((r) => r.goal.id));
  return {
    context: { goals: c.goals.filter((g) => !ids.has(g.id)) },
    effects: retiring.map(({ goal, status }) =>
      effect("recordGoal", {
        key: goal.id,
        kind: goal.kind,
        text: goal.text,
        domain: goal.domain || null,
        confidence: goal.confidence,
        smart: goal.kind === "behavioral" && checkSmartGoal(goal.text).isSmart,
        status,
        setIn: goal.setAt,
      }),
    ),
  };
}

/** A new weekly goal in the client's focus area, set in a conversation or a coaching session. */
export function addWeeklyGoal(c: ClientContext, goal: { text: string; kind: GoalKind; confidence: number | null; setIn: string; at: string }) {
  const added: WeeklyGoal = {
    id: `g${c.goalsCreated + 1}`,
    kind: goal.kind,
    text: goal.text,
    domain: c.focusDomain ?? "",
    confidence: goal.confidence,
    setAt: goal.at,
    lastPercent: null,
  };
  const smart = goal.kind === "behavioral" && checkSmartGoal(goal.text).isSmart;
  return {
    goal: added,
    context: { goals: [...c.goals, added], goalsCreated: c.goalsCreated + 1 },
    effect: effect("recordGoal", {
      key: added.id,
      kind: goal.kind,
      text: goal.text,
      domain: added.domain || null,
      confidence: goal.confidence,
      smart,
      status: "active",
      setIn: goal.setIn,
    }),
  };
}

const checkin: Finisher = (env, c, a, at) => {
  const { catalog } = env;
  const week = isoWeek(new Date(at));
  const goals = c.goals.map((g) => ({ ...g, lastPercent: num(a[`achievement.${g.id}`]) ?? g.lastPercent }));
  const focus = c.focusDomain;
  // Thinking and feeling goals are explorations, not behavior: a low week on one is no lapse.
  const focusPercents = goals.filter((g) => g.domain === focus && g.kind !== "thinking" && num(a[`achievement.${g.id}`]) !== null).map((g) => g.lastPercent!);
  const percent = focusPercents.length ? Math.round(focusPercents.reduce((x, y) => x + y, 0) / focusPercents.length) : num(a.domain_achievement);
  const weeks = keepLast([
    ...c.weeks,
    {
      week,
      answered: true,
      goalsSetCount: c.goals.length,
      goalTexts: c.goals.map((g) => g.text),
      // A goal paused by a referral flag is not expected to move: it counts for nothing this week.
      goals: goals
        .filter((g) => !goalIsPaused(c, g))
        .map((g) => ({ goalKey: g.id, domain: g.domain, percent: num(a[`achievement.${g.id}`]), attempted: (num(a[`achievement.${g.id}`]) ?? 0) > 0 })),
    },
  ]);
  // The week is evidence for the focus area's stage (stage.machine.ts decides what it means).
  const outcome = { week, answered: true, achievementPercent: percent, abandoned: a.behavior_status === "stopped", at };
  // An area held by a referral flag is not expected to move: its week is no evidence either way.
  const held = focus !== null && pausedAreasOf(c).includes(focus);
  const review = held ? { context: {}, effects: [], after: [] } : reviewWeek(env, { ...c, goals }, outcome, a.first_step, at);
  const effects = review.effects;
  const after = review.after;
  let next = review.next;
  const domains = review.context.domains ?? c.domains;
  const lapseHistory = review.context.lapseHistory ?? c.lapseHistory;
  const reviewed = review.context.goals ?? goals;
  // A one-off step reported done is behind them: it leaves the list, and the next step is asked for.
  // (When the week's review opens another conversation first, it waits for the next check-in.)
  const stepsDone = next ? [] : reviewed.filter((g) => goalIsOneOff(g) && (num(a[`achievement.${g.id}`]) ?? 0) >= catalog.rules.progress.criterionWeekPercent);
  const retired = retireGoals(
    { ...c, goals: reviewed },
    stepsDone.map((goal) => ({ goal, status: "done" as const })),
  );
  const kept = retired.context.goals;
  // Before the question about restarting, last week's plan would only be in the way.
  const restarting = next?.script === "restage" && focus !== null && domains[focus]?.step === "restarting";
  const challenges = raiseChallenges(env, { ...c, weeks }, at);
  // "A new or adjusted goal": the current goals are looked at first, so an adjusted one replaces the old.
  const reviewGoals = !next && a.next_goals === "new_goal" && kept.length > 0;
  const stepDone = stepsDone.length > 0;
  if (!next && (a.next_goals === "new_goal" || stepDone)) next = { script: "goal_setting", intro: [] };
  const nextFacts = { ...(reviewGoals ? { review_goals: "yes" } : {}), ...(stepDone ? { step_done: "yes" } : {}) };
  const doneNotes = stepsDone.map((g) => info("step-done", fillTemplate(catalog.program.goals.stepDone, { goal: g.text, name: c.name ?? "there" })));
  return {
    context: { goals: kept, weeks, lapseHistory, domains, raisedChallenges: challenges.raised, ...(Object.keys(nextFacts).length ? { nextFacts } : {}) },
    effects: [...effects, ...challenges.effects, ...retired.effects, ...(after.length || doneNotes.length ? [say(...after, ...doneNotes)] : [])],
    closing: { week, plan: !restarting },
    ...(next ? { next } : {}),
  };
};

/** "Saved, see you next week" in the week's wording, then the plan for the week ahead with the goals as they are now. */
export function checkinClose(env: MachineEnv, c: ClientContext, close: CheckinClose): Prompt[] {
  const m = env.catalog.messages;
  const name = c.name ?? "there";
  const done = info("checkin-done", fillTemplate(wordingOf(m, "checkinDone", `${c.name ?? ""}|${close.week}`), { name }));
  if (!close.plan) return [done];
  const active = c.goals.filter((g) => !goalIsPaused(c, g));
  const plan = [
    fillTemplate(m.weekSummaryHeader, { name }),
    ...(active.length ? active.map((g) => fillTemplate(m.weekSummaryGoal, { goal: g.text })) : [m.weekSummaryNoGoals]),
  ].join("\n");
  return [done, info("week-plan", plan)];
}

/** Raises each detected challenge at most once every four weeks. */
export function raiseChallenges(env: MachineEnv, c: ClientContext, at: string): { raised: Record<string, string>; effects: ClientEffect[] } {
  const programWeek = c.programStartedAt ? Math.floor((Date.parse(at) - Date.parse(c.programStartedAt)) / (7 * 86_400_000)) + 1 : 1;
  const kinds = detectChallenges({ programWeek, weeks: c.weeks, threeMonthGoalsPercent: c.threeMonthPercent }, env.catalog.rules.challenges);
  const raised = { ...c.raisedChallenges };
  const effects: ClientEffect[] = [];
  for (const kind of kinds) {
    const last = raised[kind];
    if (last && Date.parse(at) - Date.parse(last) < 28 * 86_400_000) continue;
    raised[kind] = at;
    effects.push(
      effect("raiseFlag", {
        kind: "challenge",
        severity: "attention",
        at,
        detail: kind.replace(/_/g, " "),
        suggestedApproach: env.catalog.rules.challengeApproaches[kind],
      }),
    );
  }
  return { raised, effects };
}

const restage: Finisher = (env, c, a, at, done) => {
  const result = finishRestage(env, c, a, at, done);
  const effects = result.after.length ? [...result.effects, say(...result.after)] : result.effects;
  return { context: result.context, effects, ...(result.next ? { next: result.next } : {}) };
};

const vision: Finisher = (env, c, a, at, done) => {
  const texts = [a.three_month_goal_1, a.three_month_goal_2, a.three_month_goal_3].map(str).filter(Boolean).slice(0, env.catalog.rules.limits.threeMonthGoals);
  const goals = texts.map((text, i) => ({ id: `${done.id}-t${i + 1}`, text, setAt: at }));
  return {
    context: { vision: str(a.vision), threeMonthGoals: goals },
    effects: [
      effect("recordProfile", { vision: str(a.vision) }),
      ...c.threeMonthGoals.map((g) =>
        effect("recordGoal", { key: g.id, kind: "three_month", text: g.text, domain: null, confidence: null, smart: false, status: "dropped", setIn: done.id }),
      ),
      ...goals.map((g) =>
        effect("recordGoal", { key: g.id, kind: "three_month", text: g.text, domain: null, confidence: null, smart: false, status: "active", setIn: done.id }),
      ),
      say(info("vision-saved", env.catalog.messages.visionSaved)),
    ],
  };
};

const goalReview: Finisher = (env, c, a, at) => {
  const name = c.name ?? "there";
  // Without three-month goals there is no percentage to ask: the last one known stands.
  const threeMonthPercent = num(a.progress_percent) ?? c.threeMonthPercent;
  const challenges = raiseChallenges(env, { ...c, threeMonthPercent }, at);
  const done = info("review-done", fillTemplate(env.catalog.messages.reviewDone, { name }));
  const invitation: Partial<ClientContext> = a.write_vision === "yes" || a.write_vision === "later" ? { visionInvitation: { at, answer: a.write_vision } } : {};
  const context: Partial<ClientContext> = { threeMonthPercent, raisedChallenges: challenges.raised, ...invitation };
  if (a.revise === "yes" || a.write_vision === "yes") return { context, effects: challenges.effects, next: { script: "vision", intro: [done] } };
  const later = a.write_vision === "later" ? [info("vision-later", fillTemplate(env.catalog.program.vision.later, { name }))] : [];
  return { context, effects: [...challenges.effects, say(done, ...later)] };
};

const programReview: Finisher = (env, c, a, at) => {
  const name = c.name ?? "there";
  if (a.choice === "carry_on") return { context: {}, effects: [say(info("carry-on", fillTemplate(env.catalog.program.vision.carryOn, { name })))] };
  if (a.choice === "refresh") {
    return {
      context: { programStartedAt: at, threeMonthPercent: null },
      effects: [effect("recordProfile", { programStartAt: at })],
      next: { script: "vision", intro: [info("refresh", fillTemplate(env.catalog.messages.programRefreshed, { name }))] },
    };
  }
  return {
    context: {},
    closesProgram: true,
    effects: [effect("recordProfile", { status: "closed" }), say(info("closed", fillTemplate(env.catalog.messages.programClosed, { name })))],
  };
};

const FINISHERS: Record<ScriptId, Finisher> = {
  onboarding,
  assessment,
  goal_setting: goalSetting,
  checkin,
  restage,
  vision,
  goal_review: goalReview,
  program_review: programReview,
};
