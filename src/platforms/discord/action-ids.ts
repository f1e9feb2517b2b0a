// custom_ids of the components the adapter draws on its own behalf (not for a machine prompt,
// see custom-id.ts for those): team check-in answers and the delete confirmation. Same rules:
// a one-letter tag, fields after "|", at most 100 characters, nothing kept in memory.
//   t|<checkInId>   "Answer privately": opens the team check-in form
//   T|<checkInId>   that form's submit
//   D|<clientId>    "Delete everything": confirms /coach delete
//   K|<clientId>    "Keep my data": cancels it
import { CUSTOM_ID_MAX } from "./custom-id.js";

export type AdapterAction =
  | { type: "openTeamForm"; checkInId: string }
  | { type: "submitTeamForm"; checkInId: string }
  | { type: "confirmDelete"; clientId: string }
  | { type: "cancelDelete"; clientId: string };

const TAGS = { openTeamForm: "t", submitTeamForm: "T", confirmDelete: "D", cancelDelete: "K" } as const;
const ID = /^[0-9A-Za-z-]{1,64}$/;

export function encodeAdapterAction(action: AdapterAction): string {
  const id = "checkInId" in action ? action.checkInId : action.clientId;
  if (!ID.test(id)) throw new Error(`not an id: ${id}`);
  const encoded = `${TAGS[action.type]}|${id}`;
  if (encoded.length > CUSTOM_ID_MAX) throw new Error(`custom_id too long: ${encoded}`);
  return encoded;
}

/** The action of a custom_id the adapter drew itself; null for anything else. */
export function decodeAdapterAction(customId: string): AdapterAction | null {
  const [tag, id, ...rest] = customId.split("|");
  if (rest.length > 0 || !id || !ID.test(id)) return null;
  switch (tag) {
    case TAGS.openTeamForm:
      return { type: "openTeamForm", checkInId: id };
    case TAGS.submitTeamForm:
      return { type: "submitTeamForm", checkInId: id };
    case TAGS.confirmDelete:
      return { type: "confirmDelete", clientId: id };
    case TAGS.cancelDelete:
      return { type: "cancelDelete", clientId: id };
    default:
      return null;
  }
}
