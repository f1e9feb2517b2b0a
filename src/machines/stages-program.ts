// What the client machine does with an area's stage: it sends the area's stage machine
// (stage.machine.ts, where the rules are) the event a conversation or the coach produced, and
// turns what the machine decided into the client's messages, the stage-change record (who and
// why), the goals that no longer fit, and the question to ask next.

import { isoWeek } from "../domain/calendar.js";
import { findDomain, type ScriptId } from "../domain/catalog.js";
import { behaviorStartFromMonthsAgo, behaviorStartOfRun, criterionRun, type RestagingAnswer, type WeekOutcome } from "../domain/lapse.js";
import { type AnswerValue, describeAnswer, type Prompt } from "../domain/prompt.js";
import { type Answers, fillTemplate, findStep } from "../domain/script.js";
import { isEarlyStage, type ReadinessAnswers, type Stage, stageFromReadiness } from "../domain/stages.js";
import { type ClientContext, info, keepLast, type MachineEnv } from "./client-context.js";
import type { OpenConversation } from "./conversation.js";
import { type ClientEffect, effect, type StageActor } from "./effects.js";
import { type StageEvent, type StageRules, type StageStep, stepStage } from "./stage.machine.js";

export interface StageOutcome {
  context: Partial<ClientContext>;
  effects: ClientEffect[];
  /** Said once the answers are in: before a check-in's goodbye and plan, which end the exchange. */
  after: Prompt[];
  next?: { script: ScriptId; intro: Prompt[] };
}

export function stageRules(env: MachineEnv): StageRules {
  return { lapse: env.catalog.rules.lapse, progress: env.catalog.rules.progress };
}

/** Facts conversation steps may depend on: the focus area's exact stage, and why a restage conversation opens. */
export function stageFacts(env: MachineEnv, c: ClientContext): Record<string, string> {
  const focus = c.focusDomain;
  const progress = focus ? c.domains[focus] : undefined;
  const run = focus ? criterionRun(c.lapseHistory[focus] ?? [], env.catalog.rules.progress, progress?.countFrom ?? null) : [];
  return { stage: progress?.stage ?? "unstaged", restage: progress?.step ?? "request", weeks: String(run.length) };
}

export function readinessFrom(meets: unknown, months: unknown, intention: unknown): ReadinessAnswers {
  if (meets === "yes") return { meetsCriterion: true, monthsMeetingCriterion: months === "6_or_more" ? "6_or_more" : "under_6" };
  return {
    meetsCriterion: false,
    intention: intention === "within_30_days" || intention === "within_6_months" ? intention : "not_within_6_months",
  };
}

/**
 * When the behavior started, from the staging answers: the client's "about 5 months" for action,
 * "at least six months ago" for maintenance (not asked further), and now when they skipped it.
 */
function behaviorStart(stage: Stage, startedMonthsAgo: AnswerValue | undefined, at: string): string | null {
  if (stage === "maintenance") return behaviorStartFromMonthsAgo(new Date(at), 6).toISOString();
  if (stage !== "action") return null;
  return typeof startedMonthsAgo === "number" ? behaviorStartFromMonthsAgo(new Date(at), startedMonthsAgo).toISOString() : at;
}

const label = (env: MachineEnv, domain: string) => findDomain(env.catalog, domain)?.label.toLowerCase() ?? domain;
const nameOf = (c: ClientContext) => c.name ?? "there";

interface Who {
  by: StageActor;
  coachId?: string;
}

/**
 * One event for one area: its new progress, the stage-change record (every move and every
 * lapse, with who and why), and behavioral goals retired when the area moves back to an early
 * stage (their goals are about thinking, not doing). Null step: the graph has no such edge.
 */
export function moveArea(
  env: MachineEnv,
  c: ClientContext,
  domain: string,
  event: StageEvent,
  who: Who,
  reason: string | ((step: StageStep) => string),
  extra: { importance?: number; confidence?: number } = {},
): { context: Partial<ClientContext>; effects: ClientEffect[]; step: StageStep | null } {
  const step = stepStage(stageRules(env), c.domains[domain] ?? null, event);
  if (!step) return { context: {}, effects: [], step: null };
  const context: Partial<ClientContext> = { domains: { ...c.domains, [domain]: step.progress } };
  const effects: ClientEffect[] = [];
  const staging = event.type === "STAGED" || event.type === "RESTAGED";
  if (step.moved || step.lapse || staging) {
    effects.push(
      effect("recordStageChange", {
        domain,
        from: step.from,
        to: step.to,
        reason: typeof reason === "string" ? reason : reason(step),
        at: event.at,
        since: step.progress.since,
        criterionMetSince: step.progress.criterionMetSince,
        by: who.by,
        ...(who.coachId ? { coachId: who.coachId } : {}),
        ...extra,
      }),
    );
  }
  if (step.moved && isEarlyStage(step.to)) {
    const retired = c.goals.filter((g) => g.domain === domain && g.kind === "behavioral");
    if (retired.length > 0) {
      context.goals = c.goals.filter((g) => !retired.includes(g));
      for (const g of retired) {
        effects.push(
          effect("recordGoal", {
            key: g.id,
            kind: g.kind,
            text: g.text,
            domain: g.domain || null,
            confidence: g.confidence,
            smart: false,
            status: "dropped",
            setIn: "restage",
          }),
        );
      }
      const text = fillTemplate(env.catalog.messages.stages.goalsRetired, {
        domain: label(env, domain),
        stage: env.catalog.messages.stageNames[step.to],
        goals: retired.map((g) => `"${g.text}"`).join(", "),
      });
      effects.push(effect("say", { prompts: [info("goals-retired", text)] }));
    }
  }
  return { context, effects, step };
}

/** Staging answers for one area (onboarding, the assessment, /restage): the time-frame rule. */
export function stageFromAnswers(
  env: MachineEnv,
  c: ClientContext,
  domain: string,
  a: { meets: unknown; months: unknown; intention: unknown; started: AnswerValue | undefined },
  at: string,
  who: Who,
  reason: string,
  extra: { importance?: number; confidence?: number } = {},
) {
  const stage = stageFromReadiness(readinessFrom(a.meets, a.months, a.intention));
  const startedAt = behaviorStart(stage, a.started, at);
  const event: StageEvent = c.domains[domain] ? { type: "RESTAGED", stage, at, startedAt } : { type: "STAGED", stage, at, startedAt };
  return { stage, ...moveArea(env, c, domain, event, who, reason, extra) };
}

/**
 * A week's check-in for the focus area, as evidence for its stage: a first step or a start date
 * (contemplation), the run of weeks meeting the criterion (preparation), six months since the
 * behavior started (action), a lapse, or a relapse.
 */
export function reviewWeek(env: MachineEnv, c: ClientContext, outcome: WeekOutcome, firstStep: AnswerValue | undefined, at: string): StageOutcome {
  const { catalog } = env;
  const focus = c.focusDomain;
  if (!focus || !c.domains[focus]) return { context: {}, effects: [], after: [] };
  const history = keepLast([...(c.lapseHistory[focus] ?? []), outcome]);
  let current: ClientContext = { ...c, lapseHistory: { ...c.lapseHistory, [focus]: history } };
  const effects: ClientEffect[] = [];
  const after: Prompt[] = [];
  const vars = { name: nameOf(c), domain: label(env, focus) };

  if (firstStep === "took_step" || firstStep === "date_set") {
    const why = firstStep === "took_step" ? "took a first step" : "set a start date within the month";
    const moved = moveArea(env, current, focus, { type: "FIRST_STEP", at }, { by: "client" }, `${why} (check-in ${outcome.week})`);
    if (moved.step) {
      current = { ...current, ...moved.context };
      effects.push(...moved.effects);
      after.push(info("first-step", fillTemplate(catalog.messages.stages.firstStep, vars)));
    }
  }

  const percent = outcome.achievementPercent ?? "?";
  const weekly = moveArea(env, current, focus, { type: "WEEK_REVIEWED", at, history }, { by: "system" }, (step) => weekReason(step, outcome, percent));
  let next: StageOutcome["next"];
  if (weekly.step) {
    current = { ...current, ...weekly.context };
    effects.push(...weekly.effects);
    if (weekly.step.lapse) after.push(info("lapse", fillTemplate(catalog.messages.lapseReflection, vars)));
    if (weekly.step.moved && weekly.step.to === "maintenance") after.push(info("maintenance", fillTemplate(catalog.messages.maintenanceReached, vars)));
    if (weekly.step.asks) next = { script: "restage", intro: [] };
  }
  return { context: { lapseHistory: current.lapseHistory, domains: current.domains, goals: current.goals }, effects, after, ...(next ? { next } : {}) };
}

function weekReason(step: StageStep, outcome: WeekOutcome, percent: number | string): string {
  if (step.moved && step.to === "maintenance") return `kept up six months since it started (check-in ${outcome.week} at ${percent}%)`;
  return `lapse: week ${outcome.week} at ${percent}%`;
}

/** The answer to the restage conversation: a relapse's restart, the action check, or /restage. */
export function finishRestage(env: MachineEnv, c: ClientContext, a: Answers, at: string, done: OpenConversation): StageOutcome {
  const { catalog } = env;
  const focus = c.focusDomain;
  if (!focus) return { context: {}, effects: [], after: [] };
  const vars = { name: nameOf(c), domain: label(env, focus) };
  const stageName = (stage: Stage) => catalog.messages.stageNames[stage];
  const from = c.domains[focus]?.stage;
  // Conversations opened before the `restage` fact existed were all relapses.
  const reason = done.facts.restage ?? "restarting";

  if (reason === "restarting") {
    const intention = String(a.intention) as RestagingAnswer;
    // The coach's timeline says what they chose as they saw it: the option's label.
    const asked = findStep(catalog.scripts.restage, "intention");
    const chose = asked ? describeAnswer(asked.input, intention) : intention;
    const moved = moveArea(env, c, focus, { type: "RESTART_ANSWERED", at, intention }, { by: "client" }, `relapse after ${from}: ${chose}`);
    if (!moved.step) return nothingChanges(env, c, focus);
    const note = fillTemplate(catalog.messages.relapseCoachNote, {
      ...vars,
      name: c.name ?? "A client",
      stage: stageName(moved.step.to),
      reason: `was ${from}`,
    });
    return {
      context: moved.context,
      effects: [
        ...moved.effects,
        effect("raiseFlag", { kind: "relapse", severity: "attention", at, detail: note }),
        effect("notifyCoach", { urgent: false, text: note }),
      ],
      after: [],
      next: {
        script: "goal_setting",
        intro: [info("relapse-reply", fillTemplate(catalog.messages.relapseReply, { ...vars, stage: stageName(moved.step.to) }))],
      },
    };
  }

  if (reason === "confirming") {
    if (a.confirm_action !== "yes") {
      const moved = moveArea(env, c, focus, { type: "ACTION_NOT_YET", at }, { by: "client" }, "not yet doing it regularly");
      return { context: moved.context, effects: moved.effects, after: [info("action-not-yet", fillTemplate(catalog.messages.stages.actionNotYet, vars))] };
    }
    const progress = c.domains[focus];
    const run = criterionRun(c.lapseHistory[focus] ?? [], catalog.rules.progress, progress?.countFrom ?? null);
    const startedAt = behaviorStartOfRun(run, new Date(at)).toISOString();
    const moved = moveArea(
      env,
      c,
      focus,
      { type: "ACTION_CONFIRMED", at, startedAt },
      { by: "client" },
      `confirmed after ${run.length} weeks meeting the criterion (from ${isoWeek(new Date(startedAt))})`,
    );
    if (!moved.step) return nothingChanges(env, c, focus);
    return { context: moved.context, effects: moved.effects, after: [info("action-confirmed", fillTemplate(catalog.messages.stages.actionConfirmed, vars))] };
  }

  const staged = stageFromAnswers(
    env,
    c,
    focus,
    { meets: a.meets_criterion, months: a.months_meeting, intention: a.plans, started: a.started },
    at,
    { by: "client" },
    "re-staged at the client's request (/restage)",
  );
  if (!staged.step) return nothingChanges(env, c, focus);
  const key = staged.step.moved ? "restaged" : "restagedSame";
  const said = info("restaged", fillTemplate(catalog.messages.stages[key], { ...vars, stage: stageName(staged.stage) }));
  return { context: staged.context, effects: [...staged.effects, effect("say", { prompts: [said] })], after: [] };
}

function nothingChanges(env: MachineEnv, c: ClientContext, domain: string): StageOutcome {
  const stage = c.domains[domain]?.stage;
  const text = fillTemplate(env.catalog.messages.stages.restageNothing, {
    name: nameOf(c),
    domain: label(env, domain),
    stage: stage ? env.catalog.messages.stageNames[stage] : "",
  });
  return { context: {}, effects: [], after: [info("restage-nothing", text)] };
}

/** The client's coach places an area at a stage, with their reason (kept for the coach, not sent). */
export function setStageByCoach(env: MachineEnv, c: ClientContext, e: { domain: string; stage: Stage; reason: string; coachId: string; at: string }) {
  const event: StageEvent = c.domains[e.domain] ? { type: "RESTAGED", stage: e.stage, at: e.at } : { type: "STAGED", stage: e.stage, at: e.at };
  const moved = moveArea(env, c, e.domain, event, { by: "coach", coachId: e.coachId }, e.reason);
  const text = fillTemplate(env.catalog.messages.stages.coachRestaged, {
    name: nameOf(c),
    domain: label(env, e.domain),
    stage: env.catalog.messages.stageNames[e.stage],
  });
  return { context: moved.context, effects: [effect("say", { prompts: [info("coach-restaged", text)] }), ...moved.effects] };
}
