// How a client is named and described to their coach (digest, flags, roster, dashboard), in one
// place so every view says the same. The name: the one they saved (chosen, or their platform's),
// else the one typed in an unfinished onboarding, else a description; never their platform user
// id, which means nothing to a coach.
import type { Catalog } from "../domain/catalog.js";
import { fillTemplate } from "../domain/script.js";
import { chosenName } from "../machines/client-context.js";
import type { PersistedClientSnapshot } from "../machines/snapshot.js";

type StoredSnapshot = { snapshot: unknown } | null;

/** What a client query must select for `coachFacingName`. */
export const NAMING_FIELDS = { name: true, actorSnapshot: { select: { snapshot: true } } } as const;

/** What a client query must select for `coachFacingStanding`. */
export const STANDING_FIELDS = { status: true, reachable: true, actorSnapshot: { select: { snapshot: true } } } as const;

export function coachFacingName(catalog: Catalog, client: { name: string | null; actorSnapshot: StoredSnapshot }): string {
  const context = (client.actorSnapshot?.snapshot as Partial<PersistedClientSnapshot> | null)?.context ?? {};
  return client.name ?? chosenName(context) ?? catalog.digest.unnamedClient;
}

/**
 * On hold after a safety concern: the machine's safety region as last stored (src/machines/snapshot.ts).
 * The hold is a machine state, not a `status`, so a held client's status still reads "active".
 */
export function onSafetyHold(actorSnapshot: StoredSnapshot): boolean {
  const machine = actorSnapshot?.snapshot as Partial<PersistedClientSnapshot> | null | undefined;
  const safety = (machine?.value as { safety?: unknown } | undefined)?.safety;
  return typeof safety === "string" && safety !== "clear";
}

/** Where the client stands ("on hold after a safety concern", "paused", "active"), as a coach reads it. */
export function coachFacingStanding(catalog: Catalog, client: { status: string; reachable: boolean; actorSnapshot: StoredSnapshot }): string {
  const r = catalog.session.roster;
  const words: Record<string, string> = { paused: r.paused, active: r.active, onboarding: r.onboarding, closed: r.closed };
  const standing = client.status !== "closed" && onSafetyHold(client.actorSnapshot) ? r.onHold : (words[client.status] ?? client.status);
  return client.reachable ? standing : fillTemplate(r.unreachable, { status: standing });
}

/** A goal's status (active | done | dropped) in plain words. */
export function goalStatusWords(catalog: Catalog, status: string): string {
  const r = catalog.session.roster;
  const words: Record<string, string> = { active: r.goalActive, done: r.goalDone, dropped: r.goalDropped };
  return words[status] ?? status;
}
