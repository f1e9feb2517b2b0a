// The stage-of-change graph for one behavior domain, as an explicit XState machine: how an area
// moves forward on evidence and back by the lapse and relapse rules of src/domain/lapse.ts.
//
//   unstaged         --STAGED-->              any stage (the time-frame answers)
//   any stage        --RESTAGED-->            any stage (the client's /restage answers, or the coach)
//   contemplation    --FIRST_STEP-->          preparation (a start date within the month, or a first step taken)
//   preparation      --WEEK_REVIEWED-->       preparation.confirming when the criterion was met N weeks in a row
//   .confirming      --ACTION_CONFIRMED-->    action ("yes, I do this now"); ACTION_NOT_YET: evidence starts again
//   action           --WEEK_REVIEWED-->       maintenance six months after the behavior started
//   prep/action/maint --WEEK_REVIEWED-->      .restarting on a relapse (several reports of stopping)
//   .restarting      --RESTART_ANSWERED-->    preparation or contemplation (never below: lapse.ts)
//   any stage        --WEEK_REVIEWED-->       same stage on a lapse (recorded, the stage stays)
//
// The machine only decides; `stepStage` turns its answer into the area's progress record, and
// src/machines/stages-program.ts into messages and records.
import { setup } from "xstate";
import { isoWeek } from "../domain/calendar.js";
import {
  classifyWeek,
  criterionRun,
  DEFAULT_LAPSE_OPTIONS,
  DEFAULT_PROGRESS_OPTIONS,
  type LapseOptions,
  type ProgressOptions,
  type RestagingAnswer,
  reachesMaintenance,
  relapseTargetStage,
  type WeekOutcome,
} from "../domain/lapse.js";
import type { Stage } from "../domain/stages.js";
import { transition } from "./pure-transition.js";

/** A question about the area's stage waiting for the client's answer. */
export type StageStepName = "confirming" | "restarting";

/** One area's stage as the client machine remembers it (persisted in the snapshot). */
export interface DomainProgress {
  stage: Stage;
  since: string;
  /**
   * When the behavior started (approximate): the client's own estimate when staged in action, or
   * the first week of the run of weeks they confirmed. Maintenance comes six months after it.
   * Null before action.
   */
  criterionMetSince: string | null;
  /** A question about this area's stage waiting for the client, or null. */
  step: StageStepName | null;
  /** ISO week up to which weeks no longer count as evidence: the client said "not yet" then. */
  countFrom: string | null;
}

export interface StageRules {
  lapse: LapseOptions;
  progress: ProgressOptions;
}

export type StageEvent =
  | { type: "STAGED"; stage: Stage; at: string; startedAt?: string | null }
  | { type: "RESTAGED"; stage: Stage; at: string; startedAt?: string | null }
  | { type: "WEEK_REVIEWED"; at: string; history: WeekOutcome[] }
  | { type: "FIRST_STEP"; at: string }
  | { type: "ACTION_CONFIRMED"; at: string; startedAt: string }
  | { type: "ACTION_NOT_YET"; at: string }
  | { type: "RESTART_ANSWERED"; at: string; intention: RestagingAnswer };

interface StageMachineContext {
  progress: DomainProgress | null;
  rules: StageRules;
}

const toStage = (stage: Stage) => ({ target: `#stage.${stage}`, guard: { type: "stageIs" as const, params: { stage } } });
const anyStage = [toStage("precontemplation"), toStage("contemplation"), toStage("preparation"), toStage("action"), toStage("maintenance")];
/** A relapse stops to ask when the client means to start again; the answer picks the stage. */
const restart = [{ target: "#stage.preparation", guard: "restartsWithinMonth" as const }, { target: "#stage.contemplation" }];
/**
 * Waiting, after a relapse, for when the client means to start again: another relapse asks again,
 * and a week back on track returns to `resume` without an answer.
 */
const restarting = (resume: "planning" | "doing") => ({
  on: {
    RESTART_ANSWERED: restart,
    WEEK_REVIEWED: [
      { guard: "relapsed" as const, target: "restarting", reenter: true },
      { guard: "onTrack" as const, target: resume },
    ],
  },
});
/** Action and maintenance: doing it (`doing` says where a week can lead besides a lapse), or restarting after a relapse. */
const practising = (doing: { guard: "heldSixMonths"; target: string }[]) => ({
  initial: "doing" as const,
  on: { RESTAGED: anyStage },
  states: {
    doing: {
      on: {
        WEEK_REVIEWED: [{ guard: "relapsed" as const, target: "restarting" }, ...doing, { guard: "lapsed" as const, actions: "lapse" as const }],
      },
    },
    restarting: restarting("doing"),
  },
});

export const stageMachine = setup({
  types: { context: {} as StageMachineContext, events: {} as StageEvent },
  actions: {
    // Markers read by stepStage: the machine says what happened, the caller records it.
    lapse: () => {},
  },
  guards: {
    stageIs: ({ event }, params: { stage: Stage }) => (event.type === "STAGED" || event.type === "RESTAGED") && event.stage === params.stage,
    relapsed: ({ context, event }) => event.type === "WEEK_REVIEWED" && classifyWeek(event.history, context.rules.lapse) === "relapse",
    lapsed: ({ context, event }) => event.type === "WEEK_REVIEWED" && classifyWeek(event.history, context.rules.lapse) === "lapse",
    onTrack: ({ context, event }) => event.type === "WEEK_REVIEWED" && classifyWeek(event.history, context.rules.lapse) === "on_track",
    criterionMetForWeeks: ({ context, event }) =>
      event.type === "WEEK_REVIEWED" &&
      criterionRun(event.history, context.rules.progress, context.progress?.countFrom ?? null).length >= context.rules.progress.criterionWeeks,
    // Six months since the behavior started, and this week it was kept up.
    heldSixMonths: ({ context, event }) =>
      event.type === "WEEK_REVIEWED" &&
      classifyWeek(event.history, context.rules.lapse) === "on_track" &&
      reachesMaintenance(context.progress?.criterionMetSince ? new Date(context.progress.criterionMetSince) : null, new Date(event.at)),
    restartsWithinMonth: ({ event }) => event.type === "RESTART_ANSWERED" && relapseTargetStage(event.intention) === "preparation",
  },
}).createMachine({
  id: "stage",
  // Always resolved with the area's own progress and the rules (stepStage); never started alone.
  context: { progress: null, rules: { lapse: DEFAULT_LAPSE_OPTIONS, progress: DEFAULT_PROGRESS_OPTIONS } },
  initial: "unstaged",
  states: {
    unstaged: { on: { STAGED: anyStage } },
    precontemplation: {
      on: { RESTAGED: anyStage, WEEK_REVIEWED: { guard: "lapsed", actions: "lapse" } },
    },
    contemplation: {
      on: { RESTAGED: anyStage, FIRST_STEP: "#stage.preparation", WEEK_REVIEWED: { guard: "lapsed", actions: "lapse" } },
    },
    preparation: {
      initial: "planning",
      on: { RESTAGED: anyStage },
      states: {
        planning: {
          on: {
            WEEK_REVIEWED: [
              { guard: "relapsed", target: "restarting" },
              { guard: "criterionMetForWeeks", target: "confirming" },
              { guard: "lapsed", actions: "lapse" },
            ],
          },
        },
        // Asked: "are you now doing it?" Only the client's "yes" makes it action.
        confirming: {
          on: {
            ACTION_CONFIRMED: "#stage.action",
            ACTION_NOT_YET: "planning",
            WEEK_REVIEWED: [
              { guard: "relapsed", target: "restarting" },
              { guard: "criterionMetForWeeks", target: "confirming", reenter: true },
              { guard: "lapsed", target: "planning", actions: "lapse" },
              { target: "planning" },
            ],
          },
        },
        restarting: restarting("planning"),
      },
    },
    action: practising([{ guard: "heldSixMonths", target: "#stage.maintenance" }]),
    maintenance: practising([]),
  },
});

/** What one event did to an area. */
export interface StageStep {
  progress: DomainProgress;
  from: Stage | null;
  to: Stage;
  /** The stage changed. */
  moved: boolean;
  /** A lapse was noted; the stage stays. */
  lapse: boolean;
  /** The question the client is asked now about this area, if any (asked again when re-entered). */
  asks: StageStepName | null;
}

const SUBSTATE_DEFAULT: Partial<Record<Stage, string>> = { preparation: "planning", action: "doing", maintenance: "doing" };

function stateValue(progress: DomainProgress | null): string | Record<string, string> {
  if (!progress) return "unstaged";
  const sub = progress.step ?? SUBSTATE_DEFAULT[progress.stage];
  return sub ? { [progress.stage]: sub } : progress.stage;
}

/**
 * Applies `event` to one area's progress; null when the graph has no such edge from where the
 * area is (the caller says so kindly, or ignores a week that changes nothing).
 */
export function stepStage(rules: StageRules, progress: DomainProgress | null, event: StageEvent): StageStep | null {
  const from = stageMachine.resolveState({ value: stateValue(progress) as never, context: { progress, rules } });
  if (!from.can(event)) return null;
  const [next, actions] = transition(stageMachine, from, event);
  const value = next.value as string | Record<string, string>;
  const to = (typeof value === "string" ? value : Object.keys(value)[0]!) as Stage;
  const sub = typeof value === "string" ? null : Object.values(value)[0]!;
  const asks = sub === "confirming" || sub === "restarting" ? sub : null;
  const fromStage = progress?.stage ?? null;
  const moved = fromStage !== to;
  const acting = to === "action" || to === "maintenance";
  const wasActing = fromStage === "action" || fromStage === "maintenance";
  const startedAt = "startedAt" in event ? event.startedAt : undefined;
  const criterionMetSince = !acting
    ? null
    : event.type === "STAGED" || event.type === "RESTAGED" || event.type === "ACTION_CONFIRMED"
      ? (startedAt ?? (wasActing ? progress!.criterionMetSince : null) ?? event.at)
      : (progress?.criterionMetSince ?? event.at);
  return {
    progress: {
      stage: to,
      since: moved || !progress ? event.at : progress.since,
      criterionMetSince,
      step: asks,
      countFrom: event.type === "ACTION_NOT_YET" ? isoWeek(new Date(event.at)) : moved ? null : (progress?.countFrom ?? null),
    },
    from: fromStage,
    to,
    moved,
    lapse: actions.some((a) => a.type === "lapse"),
    asks,
  };
}
