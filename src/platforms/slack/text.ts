// Text helpers for Slack: fitting text into Block Kit's length limits, and reading what Slack
// sends us back as the plain text the client typed.

/** Cuts `text` to at most `max` UTF-16 units, marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${safeSlice(text, max - 1)}…`;
}

/**
 * Splits text into chunks of at most `max` units, preferring paragraph breaks, then line breaks,
 * then spaces, so a long message reads naturally across several Block Kit sections.
 * Whitespace-only chunks are dropped (Slack rejects empty section text).
 */
export function splitText(text: string, max: number): string[] {
  const chunks: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    const window = safeSlice(rest, max);
    const cut = lastBreak(window, "\n\n") ?? lastBreak(window, "\n") ?? lastBreak(window, " ") ?? window.length;
    const chunk = rest.slice(0, cut).trimEnd();
    if (chunk) chunks.push(chunk);
    rest = rest.slice(cut).trimStart();
  }
  if (rest) chunks.push(rest);
  return chunks;
}

/** Position just before the last `separator` in the second half of `window`, or null. */
function lastBreak(window: string, separator: string): number | null {
  const at = window.lastIndexOf(separator);
  return at >= window.length / 2 ? at : null;
}

/** Slices without cutting a surrogate pair (an emoji) in half. */
function safeSlice(text: string, end: number): string {
  const code = text.charCodeAt(end - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? end - 1 : end);
}

/** Slack's mrkdwn treats &, < and > as control characters: escape them in top-level `text`. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * Turns the text of a Slack message event back into what the client typed: Slack escapes
 * &, < and >, and wraps links it auto-detected as <url|label> or <url>.
 */
export function slackTextToPlain(text: string): string {
  return text
    .replace(/<((?:https?|mailto):[^|>]+)\|([^>]+)>/g, "$2")
    .replace(/<((?:https?|mailto):[^|>]+)>/g, "$1")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}
