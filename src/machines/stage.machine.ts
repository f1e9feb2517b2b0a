// The stage-of-change graph for one behavior domain, as an explicit XState machine.
// Forward moves come from re-staging answers or from sustaining the behavior; lapses keep the
// stage; relapses move back to preparation or contemplation. Anything else is not an edge.
import { setup, transition } from "xstate";
import type { Stage } from "../domain/stages.js";

export type StageEvent =
  | { type: "STAGED"; stage: Stage }
  | { type: "RESTAGED"; stage: Stage }
  | { type: "CRITERION_SUSTAINED" }
  | { type: "LAPSED" }
  | { type: "RELAPSED"; to: "preparation" | "contemplation" };

const toStage = (stage: Stage) => ({ target: stage, guard: { type: "stageIs" as const, params: { stage } } });
const restaging = [
  toStage("precontemplation"),
  toStage("contemplation"),
  toStage("preparation"),
  toStage("action"),
  toStage("maintenance"),
];
const relapse = [
  { target: "preparation", guard: { type: "relapseTo" as const, params: { to: "preparation" } } },
  { target: "contemplation", guard: { type: "relapseTo" as const, params: { to: "contemplation" } } },
];

export const stageMachine = setup({
  types: { events: {} as StageEvent },
  guards: {
    stageIs: ({ event }, params: { stage: Stage }) =>
      (event.type === "STAGED" || event.type === "RESTAGED") && event.stage === params.stage,
    relapseTo: ({ event }, params: { to: string }) => event.type === "RELAPSED" && event.to === params.to,
  },
}).createMachine({
  id: "stage",
  initial: "unstaged",
  states: {
    unstaged: { on: { STAGED: restaging } },
    // A lapse is a self-transition in every stage: the stage stays, the caller records the event.
    precontemplation: { on: { RESTAGED: restaging, LAPSED: "precontemplation" } },
    contemplation: { on: { RESTAGED: restaging, LAPSED: "contemplation" } },
    // Someone who had started on their plan can relapse too; they go back at most to contemplation.
    preparation: { on: { RESTAGED: restaging, LAPSED: "preparation", RELAPSED: relapse } },
    action: { on: { RESTAGED: restaging, CRITERION_SUSTAINED: "maintenance", LAPSED: "action", RELAPSED: relapse } },
    maintenance: { on: { RESTAGED: restaging, LAPSED: "maintenance", RELAPSED: relapse } },
  },
});

/** The stage after `event`, or null when the graph has no such edge from `current`. */
export function nextStage(current: Stage | null, event: StageEvent): Stage | null {
  const from = stageMachine.resolveState({ value: current ?? "unstaged", context: {} });
  if (!from.can(event)) return null;
  const [to] = transition(stageMachine, from, event);
  return to.value as Stage;
}
