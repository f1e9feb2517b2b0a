// The one way a client is named to their coach (digest, flags, roster): the name they saved
// (chosen, or their platform's), else the one typed in an unfinished onboarding, else a
// description. Never their platform user id, which means nothing to a coach.
import type { Catalog } from "../domain/catalog.js";
import { chosenName } from "../machines/client-context.js";
import type { PersistedClientSnapshot } from "../machines/snapshot.js";

/** What a client query must select for `coachFacingName`. */
export const NAMING_FIELDS = { name: true, actorSnapshot: { select: { snapshot: true } } } as const;

export function coachFacingName(catalog: Catalog, client: { name: string | null; actorSnapshot: { snapshot: unknown } | null }): string {
  const context = (client.actorSnapshot?.snapshot as Partial<PersistedClientSnapshot> | null)?.context ?? {};
  return client.name ?? chosenName(context) ?? catalog.digest.unnamedClient;
}
