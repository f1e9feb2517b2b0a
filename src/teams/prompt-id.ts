// The prompt id of a team reminder DM. Adapters recognise it to offer the team check-in's
// private answer form right in the DM (Discord: an "Answer privately" button); elsewhere the
// reminder is plain text.
const PREFIX = "team-checkin:";

export function teamCheckInPromptId(checkInId: string): string {
  return `${PREFIX}${checkInId}`;
}

/** The team check-in id a prompt is about, or null for any other prompt. */
export function teamCheckInOfPrompt(promptId: string): string | null {
  if (!promptId.startsWith(PREFIX)) return null;
  const id = promptId.slice(PREFIX.length);
  return /^[0-9a-f-]{36}$/i.test(id) ? id : null;
}
