// What happens to a conversation that falls due (a check-in, a goal or program review) while
// another one is open: it is queued and offered as soon as the open one ends; or, when the open
// one has been left untouched for a day, that one is set aside kindly (its answers are kept) and
// the due one starts. Nothing scheduled is dropped.
import type { ScriptId } from "../domain/catalog.js";
import { fillTemplate } from "../domain/script.js";
import { type ClientContext, conversationVars, info, type MachineEnv, type QueuedConversation } from "./client-context.js";
import { answerLines, currentPrompt, type OpenConversation } from "./conversation.js";
import { type ClientEffect, effect } from "./effects.js";
import { type Opened, startConversation } from "./start.js";

/** An open conversation nobody has answered for this long is set aside when another falls due. */
export const STALE_AFTER_MS = 24 * 3_600_000;

/** The command that starts each conversation again, for those a client can start. */
export const RESTART_COMMANDS: Partial<Record<ScriptId, string>> = {
  checkin: "/checkin",
  goal_setting: "/newgoal",
  vision: "/vision",
  goal_review: "/review",
  assessment: "/assessment",
  program_review: "/program",
};

/** Conversations the scheduler opens (besides the weekly check-in, which next week's replaces). */
const SCHEDULED_SCRIPTS: ReadonlySet<ScriptId> = new Set(["goal_review", "program_review"]);

export function lastTouched(conversation: OpenConversation): string {
  return conversation.touchedAt ?? conversation.openedAt;
}

export function isStale(conversation: OpenConversation, at: string): boolean {
  return Date.parse(at) - Date.parse(lastTouched(conversation)) >= STALE_AFTER_MS;
}

/** How long ago `from` was, in words that stay true: "today", "yesterday", "3 days ago", "2 weeks ago". */
export function elapsedWords(from: string, at: string): string {
  const days = Math.floor((Date.parse(at.slice(0, 10)) - Date.parse(from.slice(0, 10))) / 86_400_000);
  if (days <= 0) return "today";
  if (days === 1) return "yesterday";
  if (days < 14) return `${days} days ago`;
  return `${Math.floor(days / 7)} weeks ago`;
}

const scriptName = (env: MachineEnv, script: ScriptId) => env.catalog.messages.program.scripts[script];
const clientName = (context: ClientContext) => context.name ?? "there";

/**
 * The queue with a due conversation in it, once per script. A weekly check-in due while last
 * week's still waits takes its place: the client is asked about this week, and the scheduler has
 * recorded last week's as missed (CHECKIN_MISSED) rather than asking about a stale week.
 */
export function withDue(queued: QueuedConversation[], script: ScriptId, at: string): QueuedConversation[] {
  const waiting = queued.find((q) => q.script === script);
  if (!waiting) return [...queued, { script, dueAt: at }];
  if (script !== "checkin") return queued;
  return queued.map((q) => (q === waiting ? { script, dueAt: at } : q));
}

/** Adds a due conversation to the queue (once per script) and tells the client it will follow. */
export function queueConversation(env: MachineEnv, context: ClientContext, script: ScriptId, at: string): Opened {
  const queued = withDue(context.queued, script, at);
  const text = fillTemplate(env.catalog.messages.program.queued, { name: clientName(context), what: scriptName(env, script) });
  // The open question again, unless it was asked this very instant (two jobs due together).
  const open = context.conversation;
  const reprompt = open && lastTouched(open) !== at ? [currentPrompt(env.catalog, open, conversationVars(context))] : [];
  return { context: { queued }, effects: [effect("say", { prompts: [info("queued", text), ...reprompt] })] };
}

/** Closes the open conversation unfinished: its answers stay recorded; it does not count as done. */
export function setAsideEffects(env: MachineEnv, context: ClientContext, conversation: OpenConversation, at: string, why: string): ClientEffect[] {
  const lines = answerLines(env.catalog, conversation, conversationVars(context));
  return [
    effect("closeConversation", { conversationKey: conversation.id, closedAt: at, status: "set_aside", summary: [`(set aside: ${why})`, ...lines].join("\n") }),
  ];
}

/** The stale open conversation is set aside, and the due one starts in its place. */
export function replaceStale(env: MachineEnv, context: ClientContext, script: ScriptId, at: string): Opened {
  const stale = context.conversation!;
  const intro = info(
    "set-aside",
    fillTemplate(env.catalog.messages.program.setAside, {
      name: clientName(context),
      open: scriptName(env, stale.script),
      ago: elapsedWords(stale.openedAt, at),
      what: scriptName(env, script),
    }),
  );
  // A scheduled review set aside is not dropped: it is offered again after the due one.
  const waiting = context.queued.filter((q) => q.script !== script);
  const requeued =
    SCHEDULED_SCRIPTS.has(stale.script) && !waiting.some((q) => q.script === stale.script)
      ? [...waiting, { script: stale.script, dueAt: stale.openedAt }]
      : waiting;
  const cleared: ClientContext = { ...context, conversation: null, queued: requeued };
  const opened = startConversation(env, cleared, script, at, [intro]);
  return {
    context: { queued: cleared.queued, conversation: null, ...opened.context },
    effects: [...setAsideEffects(env, context, stale, at, `untouched since ${lastTouched(stale).slice(0, 10)}, a ${script} fell due`), ...opened.effects],
  };
}

/** Starts the oldest queued conversation, saying when it came due. */
export function startQueued(env: MachineEnv, context: ClientContext, at: string): Opened {
  const [first, ...rest] = context.queued;
  if (!first) return { context: {}, effects: [] };
  const intro = info(
    "queued-intro",
    fillTemplate(env.catalog.messages.program.queuedIntro, { what: scriptName(env, first.script), ago: elapsedWords(first.dueAt, at) }),
  );
  const opened = startConversation(env, { ...context, queued: rest }, first.script, at, [intro]);
  return { context: { queued: rest, ...opened.context }, effects: opened.effects };
}
