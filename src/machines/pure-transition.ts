// XState's pure `transition` and `initialTransition`, without building a throwaway actor per call.
// XState's own versions create an inert actor for every call, and creating it computes the
// machine's whole initial snapshot first: for the client machine that was about as much CPU as
// the event itself (the scheduler applies a thousand events a pass). Here that actor is created
// once per machine and shared; it only serves as `self` for actions, which run nowhere (the
// caller gets them back as data), exactly as with XState's versions.
//
// XState also gives each call a fresh actor system, so that child actors registered under a
// `systemId` do not collide between calls. Our machines spawn and invoke no actors and schedule
// no delayed events, so nothing is ever registered in the shared system.
import {
  type AnyActorLogic,
  type AnyActorScope,
  createActor,
  type EventFromLogic,
  type ExecutableActionsFrom,
  type InputFrom,
  type SnapshotFrom,
} from "xstate";

const inertActors = new WeakMap<AnyActorLogic, ReturnType<typeof createActor>>();

/** A scope like XState's inert one, collecting the actions the step decides on. */
function collectingScope(logic: AnyActorLogic, actions: unknown[]): AnyActorScope {
  let self = inertActors.get(logic);
  if (!self) {
    self = createActor(logic);
    inertActors.set(logic, self);
  }
  return {
    self,
    system: self.system,
    id: "",
    sessionId: "",
    logger: () => {},
    defer: () => {},
    emit: () => {},
    stopChild: () => {},
    actionExecutor: (action) => {
      actions.push(action);
    },
  };
}

/** The snapshot after `event`, and the actions to carry out: xstate's `transition`, same results. */
export function transition<T extends AnyActorLogic>(
  logic: T,
  snapshot: SnapshotFrom<T>,
  event: EventFromLogic<T>,
): [SnapshotFrom<T>, ExecutableActionsFrom<T>[]] {
  const actions: ExecutableActionsFrom<T>[] = [];
  return [logic.transition(snapshot, event, collectingScope(logic, actions)), actions];
}

/** The first snapshot and its entry actions: xstate's `initialTransition`, same results. */
export function initialTransition<T extends AnyActorLogic>(logic: T, input: InputFrom<T>): [SnapshotFrom<T>, ExecutableActionsFrom<T>[]] {
  const actions: ExecutableActionsFrom<T>[] = [];
  return [logic.getInitialSnapshot(collectingScope(logic, actions), input), actions];
}
