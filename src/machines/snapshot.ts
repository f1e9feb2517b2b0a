// Persisted form of a client machine snapshot, and migration of snapshots written by older
// machine versions (restoring a snapshot whose state no longer exists would throw).
import type { SnapshotFrom } from "xstate";
import { CLIENT_MACHINE_VERSION, type ClientContext, type ClientMachine } from "./client.machine.js";

export interface PersistedClientSnapshot {
  value: unknown;
  context: ClientContext;
}

/** Index n migrates a version-n snapshot to version n+1. Add one whenever the version is bumped. */
const MIGRATIONS: Record<number, (s: PersistedClientSnapshot) => PersistedClientSnapshot> = {};

export function persistSnapshot(snapshot: SnapshotFrom<ClientMachine>): PersistedClientSnapshot {
  return { value: snapshot.value, context: snapshot.context };
}

export function restoreSnapshot(machine: ClientMachine, machineVersion: number, stored: PersistedClientSnapshot): SnapshotFrom<ClientMachine> {
  if (machineVersion > CLIENT_MACHINE_VERSION) {
    throw new Error(`Snapshot was written by client machine v${machineVersion}, newer than this code (v${CLIENT_MACHINE_VERSION}).`);
  }
  let current = stored;
  for (let v = machineVersion; v < CLIENT_MACHINE_VERSION; v++) {
    const migrate = MIGRATIONS[v];
    if (!migrate) throw new Error(`No migration from client machine v${v} to v${v + 1}.`);
    current = migrate(current);
  }
  return machine.resolveState({ value: current.value as never, context: current.context });
}
