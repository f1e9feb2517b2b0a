// The client machine driven with XState's pure functions (no actor, no IO), for machine tests:
// one transition at a time, keeping the effects the engine would carry out.
import { type SnapshotFrom, transition } from "xstate";
import { type ClientEvent, createClientMachine } from "../../src/machines/client.machine.js";
import type { ClientEffect } from "../../src/machines/effects.js";
import { catalog } from "./harness.js";

export const machine = createClientMachine(catalog, { locale: "en-US" });
export type Snap = SnapshotFrom<typeof machine>;

export function step(snapshot: Snap, event: ClientEvent): [Snap, ClientEffect[]] {
  const [next, actions] = transition(machine, snapshot, event);
  if (next.status === "error") throw (next as { error?: unknown }).error;
  return [next, actions.filter((a) => !a.type.startsWith("xstate.")) as unknown as ClientEffect[]];
}

export const message = (text: string, at: string): ClientEvent => ({ type: "MESSAGE", at, text });
export const command = (name: string, at: string): ClientEvent => ({ type: "COMMAND", at, name, args: [] });

/** Every text said to the client, in order. */
export const said = (effects: ClientEffect[]) => effects.flatMap((e) => (e.type === "say" ? e.params.prompts.map((p) => p.text) : []));

/** Types each line as the client would at `at` ("/continue" is a command); the last snapshot and every effect. */
export function drive(snap: Snap, lines: string[], at: string): [Snap, ClientEffect[]] {
  const all: ClientEffect[] = [];
  for (const line of lines) {
    const [next, effects] = step(snap, line.startsWith("/") ? command(line.slice(1), at) : message(line, at));
    snap = next;
    all.push(...effects);
  }
  return [snap, all];
}
