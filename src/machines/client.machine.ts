// One machine per client: program lifecycle (onboarding -> active -> closed), the conversation
// open now, and safety holds. Actors are never kept in memory: the engine restores a snapshot,
// computes one transition with XState's pure `transition`, persists, then carries out the
// returned effects. Stage moves per domain go through the explicit graph in stage.machine.ts.
import { and, not, or, setup, stateIn } from "xstate";
import type { Catalog, ScriptId } from "../domain/catalog.js";
import { findDomain } from "../domain/catalog.js";
import type { AnswerValue } from "../domain/prompt.js";
import { endOfLocalDay, localDate } from "../domain/schedule.js";
import { fillTemplate } from "../domain/script.js";
import type { SessionPhase } from "../domain/session-plan.js";
import type { Stage } from "../domain/stages.js";
import { type ClientContext, conversationVars, INITIAL_CONTEXT, info, keepLast, type MachineEnv, type MessageSender, zoneOf } from "./client-context.js";
import {
  type AnswerOutcome,
  answerLines,
  conversationOutdated,
  currentPrompt,
  interpretAnswer,
  type OpenConversation,
  problemText,
  reflectionFor,
  withAnswer,
} from "./conversation.js";
import { type ClientEffect, type EffectParams, effect } from "./effects.js";
import { checkinClose, finishConversation, raiseChallenges } from "./finish.js";
import { changeFocus, changeGoal, goalsText } from "./goals.js";
import { isStale, queueConversation, RESTART_COMMANDS, replaceStale, setAsideEffects, startQueued, withDue } from "./program-queue.js";
import { releaseArea } from "./referral-hold.js";
import { holdReminder, respondToConcern, safetyConcern, welcomeBack } from "./safety-response.js";
import { addNote, addSessionGoal, addShared, closeSession, enterPhase, openSession, previewIsCurrent, previewSummary } from "./session.js";
import { setStageByCoach } from "./stages-program.js";
import { startConversation } from "./start.js";

export type { ClientContext } from "./client-context.js";

/** Bump when states or context change shape, and add a migration in snapshot.ts. */
export const CLIENT_MACHINE_VERSION = 8;

/**
 * `timezone`: the client's own zone, which the engine adds to every event it applies (a pause's
 * last day and the helplines shown follow it); absent, as in a bare machine, UTC.
 */
export type ClientEvent = ClientEventOfKind & { timezone?: string };

type ClientEventOfKind =
  | { type: "START"; at: string }
  /** `from`: who wrote, as the platform knows them (the engine always sets it). */
  | { type: "MESSAGE"; at: string; text: string; promptId?: string; from?: MessageSender }
  | { type: "COMMAND"; at: string; name: string; args: string[] }
  | { type: "CHECKIN_DUE"; at: string }
  | { type: "CHECKIN_REMINDER"; at: string }
  | { type: "CHECKIN_MISSED"; at: string; week: string }
  | { type: "GOAL_REVIEW_DUE"; at: string }
  | { type: "PROGRAM_REVIEW_DUE"; at: string }
  // Sent by the client's coach, running a coaching session with the phase guide.
  | { type: "SESSION_START"; at: string; lengthMinutes: number }
  | { type: "SESSION_NEXT"; at: string }
  | { type: "SESSION_NOTE"; at: string; text: string }
  | { type: "SESSION_GOAL"; at: string; text: string }
  | { type: "SESSION_SHARE"; at: string; text: string }
  /** Shows the coach the client's summary; SESSION_SEND sends it and ends the session. */
  | { type: "SESSION_END"; at: string }
  | { type: "SESSION_SEND"; at: string }
  /** From the scheduler a day before a booked session; `when` is already in the client's time zone. */
  | { type: "SESSION_REMINDER"; at: string; when: string }
  /** The client's coach places an area at a stage (/coach stage); the reason is kept for the coach. */
  | { type: "STAGE_SET"; at: string; domain: string; stage: Stage; reason: string; coachId: string }
  /** From the engine, before any other event, when flows changed under the open conversation. */
  | { type: "CONVERSATION_OUTDATED"; at: string }
  /** Raised by the machine itself when a finished conversation ends the program. */
  | { type: "PROGRAM_ENDED"; at: string }
  /** The coach resolved the last open referral flag holding `area`: its goals resume. */
  | { type: "FLAG_RESOLVED"; at: string; area: string };

/** Scheduled events that open a conversation, and the script each opens. */
const DUE_SCRIPTS = { CHECKIN_DUE: "checkin", GOAL_REVIEW_DUE: "goal_review", PROGRAM_REVIEW_DUE: "program_review" } as const satisfies Record<
  string,
  ScriptId
>;
const dueScript = (e: ClientEvent): ScriptId | null => (e.type in DUE_SCRIPTS ? DUE_SCRIPTS[e.type as keyof typeof DUE_SCRIPTS] : null);

/** Commands that open a conversation, and the script each opens. */
const STARTERS: Record<string, ScriptId> = {
  checkin: "checkin",
  newgoal: "goal_setting",
  vision: "vision",
  review: "goal_review",
  assessment: "assessment",
  program: "program_review",
  restage: "restage",
};

export function createClientMachine(catalog: Catalog, options: { locale?: string } = {}) {
  const env: MachineEnv = { catalog, locale: options.locale ?? "default" };
  const m = catalog.messages;
  const name = (c: ClientContext) => c.name ?? "there";
  const outcome = (c: ClientContext, e: ClientEvent): AnswerOutcome | null =>
    c.conversation && e.type === "MESSAGE" ? interpretAnswer(catalog, c.conversation, e.text, e.promptId, conversationVars(c), e.at) : null;
  const reprompt = (c: ClientContext) => (c.conversation ? [currentPrompt(catalog, c.conversation, conversationVars(c))] : []);
  const sayPrompts = (...prompts: ReturnType<typeof info>[]) => effect("say", { prompts });
  const commandName = (e: ClientEvent) => (e.type === "COMMAND" ? e.name : "");

  const clientSetup = setup({
    types: { context: {} as ClientContext, events: {} as ClientEvent, input: {} as { at: string } },
    // Effects are carried out by the engine after the snapshot is persisted, never here.
    actions: {
      say: (_, _p: EffectParams["say"]) => {},
      notifyCoach: (_, _p: EffectParams["notifyCoach"]) => {},
      recordProfile: (_, _p: EffectParams["recordProfile"]) => {},
      recordStageChange: (_, _p: EffectParams["recordStageChange"]) => {},
      recordAnswer: (_, _p: EffectParams["recordAnswer"]) => {},
      closeConversation: (_, _p: EffectParams["closeConversation"]) => {},
      raiseFlag: (_, _p: EffectParams["raiseFlag"]) => {},
      recordGoal: (_, _p: EffectParams["recordGoal"]) => {},
      recordAssessment: (_, _p: EffectParams["recordAssessment"]) => {},
      recordSession: (_, _p: EffectParams["recordSession"]) => {},
    },
    guards: {
      raisesSafetyConcern: ({ event }) => event.type === "MESSAGE" && safetyConcern(env, event.text) !== null,
      completesConversation: ({ context, event }) => {
        const o = outcome(context, event);
        return o?.kind === "answered" && o.next === null;
      },
      hasConversation: ({ context }) => context.conversation !== null,
      hasQueued: ({ context }) => context.queued.length > 0,
      // The weekly check-in is never set aside for a review: the review waits behind it.
      openIsStale: ({ context, event }) =>
        context.conversation !== null && context.conversation.script !== "checkin" && isStale(context.conversation, event.at),
      dueIsOpen: ({ context, event }) => context.conversation !== null && context.conversation.script === dueScript(event),
      pauseDateValid: ({ event }) => event.type !== "COMMAND" || event.args[0] === undefined || isFutureLocalDay(event.args[0], event.at, zoneOf(event)),
      isButtonPress: ({ event }) => event.type === "MESSAGE" && event.promptId !== undefined,
      commandIs: ({ event }, params: { name: string }) => commandName(event) === params.name,
      startsConversation: ({ event }) => commandName(event) in STARTERS,
      includesThreeMonthReview: ({ context }) => context.session?.includeThreeMonthReview === true,
      summaryPreviewed: ({ context }) => context.session !== null && previewIsCurrent(env, context, context.session),
      checkInOpen: ({ context }) => context.conversation?.script === "checkin",
      checkInQueued: ({ context }) => context.queued.some((q) => q.script === "checkin"),
      conversationOutdated: ({ context }) => context.conversation !== null && conversationOutdated(catalog, context.conversation),
    },
  });

  /** Applies effects decided outside the machine (finishers, openers) in order. */
  const enqueueAll = (enqueue: (a: ClientEffect) => void, effects: ClientEffect[]) => {
    for (const e of effects) enqueue(e);
  };

  const startFromEvent = clientSetup.enqueueActions(({ context, event, enqueue }) => {
    const script: ScriptId = event.type === "COMMAND" ? STARTERS[event.name]! : (dueScript(event) ?? "checkin");
    const opened = startConversation(env, context, script, event.at);
    enqueue.assign({ ...opened.context, queued: context.queued.filter((q) => q.script !== script) });
    enqueueAll(enqueue, opened.effects);
  });

  /** A conversation fell due while another is open and fresh: it waits its turn. */
  const queueDue = clientSetup.enqueueActions(({ context, event, enqueue }) => {
    const queued = queueConversation(env, context, dueScript(event) ?? "checkin", event.at);
    enqueue.assign(queued.context);
    enqueueAll(enqueue, queued.effects);
  });

  /** Held for safety: the due conversation waits silently; nothing is sent to someone in crisis. */
  const queueSilently = clientSetup.enqueueActions(({ context, event, enqueue }) => {
    const script = dueScript(event);
    if (script) enqueue.assign({ queued: withDue(context.queued, script, event.at) });
  });

  /** The open conversation was left a day or more ago: set it aside kindly, start the due one. */
  const replaceStaleWithDue = clientSetup.enqueueActions(({ context, event, enqueue }) => {
    const script = dueScript(event) ?? (event.type === "CHECKIN_REMINDER" ? "checkin" : null);
    if (!script) return;
    const opened = replaceStale(env, context, script, event.at);
    enqueue.assign(opened.context);
    enqueueAll(enqueue, opened.effects);
  });

  const offerQueued = clientSetup.enqueueActions(({ context, event, enqueue }) => {
    const opened = startQueued(env, context, "at" in event ? event.at : new Date(0).toISOString());
    enqueue.assign(opened.context);
    enqueueAll(enqueue, opened.effects);
  });

  /** Flows changed under the open conversation: close it kindly, keep its answers, carry on. */
  const closeOutdated = clientSetup.enqueueActions(({ context, event, enqueue }) => {
    const outdated = context.conversation;
    if (!outdated) return;
    const p = m.program;
    const vars = { name: name(context), open: p.scripts[outdated.script] ?? outdated.script };
    enqueueAll(enqueue, setAsideEffects(env, context, outdated, event.at, "its flow changed"));
    if (outdated.script === "onboarding") {
      // The first conversation cannot be skipped: it starts again with the questions as they are now.
      const opened = startConversation(env, { ...context, conversation: null }, "onboarding", event.at, [
        info("flow-changed", fillTemplate(p.flowChanged, vars)),
      ]);
      enqueue.assign(opened.context);
      return enqueueAll(enqueue, opened.effects);
    }
    const restart = RESTART_COMMANDS[outdated.script];
    const hint = restart ? fillTemplate(p.restartWith, { ...vars, command: restart }) : p.restartNone;
    enqueue.assign({ conversation: null });
    enqueue(sayPrompts(info("flow-changed", `${fillTemplate(p.flowChanged, vars)} ${hint}`)));
  });

  const respondToSafety = clientSetup.enqueueActions(({ context, event, enqueue }) => {
    if (event.type !== "MESSAGE") return;
    const response = respondToConcern(env, context, event);
    enqueue.assign(response.context);
    enqueueAll(enqueue, response.effects);
  });

  const remindOfHold = clientSetup.enqueueActions(({ context, event, enqueue }) => enqueue(holdReminder(env, context, event.timezone)));

  const askHowTheyAre = clientSetup.enqueueActions(({ context, enqueue }) =>
    enqueue(sayPrompts(info("continued", fillTemplate(catalog.safety.responses.continued, { name: name(context) })))),
  );

  /**
   * Their answer to "how are you now?": thanked, and the conversation the hold interrupted is set
   * aside (answers kept, restart offered) rather than resumed mid-form. The first conversation
   * carries on where it was, since the program cannot start without it.
   */
  const welcomedBack = clientSetup.enqueueActions(({ context, event, enqueue }) => {
    const welcomed = welcomeBack(env, context, event.at);
    enqueue.assign(welcomed.context);
    enqueueAll(enqueue, welcomed.effects);
  });

  const pauseCheckIns = clientSetup.enqueueActions(({ context, event, enqueue }) => {
    if (event.type !== "COMMAND") return;
    const until = event.args[0];
    // The date is the pause's last day on the client's calendar: check-ins resume as the next one starts.
    const ends = until ? endOfLocalDay(until, zoneOf(event)) : null;
    enqueue(effect("recordProfile", { status: "paused", pausedUntil: ends ? ends.toISOString() : null }));
    enqueue.assign({ pausedThrough: until ?? null });
    const text = until ? fillTemplate(m.pausedUntil, { name: name(context), date: until }) : fillTemplate(m.paused, { name: name(context) });
    enqueue(sayPrompts(info("pause", text)));
  });

  /** A pause date that is no day, or not after today: said kindly, with an example that is ahead (two weeks from their today). */
  const refusePauseDate = clientSetup.enqueueActions(({ event, enqueue }) => {
    if (event.type !== "COMMAND") return;
    const date = event.args[0] ?? "";
    const today = localDate(new Date(event.at), zoneOf(event));
    const example = localDate(new Date(Date.parse(event.at) + 14 * 86_400_000), zoneOf(event));
    const template = endOfLocalDay(date, zoneOf(event)) === null ? m.badPauseDate : date === today ? m.todayPauseDate : m.pastPauseDate;
    enqueue(sayPrompts(info("pause", fillTemplate(template, { date, example }))));
  });

  const resumeCheckIns = clientSetup.enqueueActions(({ context, enqueue }) => {
    enqueue(effect("recordProfile", { status: "active", pausedUntil: null }));
    enqueue.assign({ pausedThrough: undefined });
    enqueue(sayPrompts(info("resume", fillTemplate(m.resumed, { name: name(context) }))));
  });

  /** A kind welcome back, when a client returns after silent weeks (see welcomesReturning). */
  const welcomeReturning = clientSetup.enqueueActions(({ context, enqueue }) => {
    if (!welcomesReturning(context)) return;
    enqueue(sayPrompts(info("returning", fillTemplate(m.program.returning, { name: name(context) }))));
  });

  /** Every answer marks when the conversation was last touched, so a forgotten one can be set aside. */
  const touch = clientSetup.enqueueActions(({ context, event, enqueue }) => {
    if (context.conversation) enqueue.assign({ conversation: { ...context.conversation, touchedAt: event.at } });
  });

  const goalCommand = clientSetup.enqueueActions(({ context, event, enqueue }) => {
    if (event.type !== "COMMAND") return;
    const result = changeGoal(env, context, event.args);
    enqueue.assign(result.context);
    enqueueAll(enqueue, result.effects);
  });

  const focusCommand = clientSetup.enqueueActions(({ context, event, enqueue }) => {
    if (event.type !== "COMMAND") return;
    const result = changeFocus(env, context, event.args);
    enqueue.assign(result.context);
    enqueueAll(enqueue, result.effects);
  });

  const beginChange = clientSetup.enqueueActions(({ context, enqueue }) => {
    const conversation = context.conversation;
    if (!conversation?.asked.some((k) => conversation.answers[k] !== undefined)) {
      return enqueue(sayPrompts(info("change-nothing", m.changeNothing)));
    }
    const changing: OpenConversation = { ...conversation, changing: { choosing: true } };
    enqueue.assign({ conversation: changing });
    enqueue(sayPrompts(currentPrompt(catalog, changing, conversationVars(context))));
  });

  /** Every reply to an open conversation that does not finish it. */
  const handleAnswer = clientSetup.enqueueActions(({ context, event, enqueue }) => {
    const o = outcome(context, event);
    const conversation = context.conversation;
    if (!o || !conversation || event.type !== "MESSAGE") return;
    const vars = conversationVars(context);
    switch (o.kind) {
      case "stale":
        return enqueue(sayPrompts(info("stale", m.staleAnswer), ...reprompt(context)));
      case "invalid":
        // Back after silent weeks, "hi, sorry I've been away" is a hello, not a wrong answer: the
        // welcome back has just been said, so the question is only asked again.
        if (welcomesReturning(context)) return enqueue(sayPrompts(...reprompt(context)));
        return enqueue(sayPrompts(info("problem", problemText(catalog, o.problem)), ...reprompt(context)));
      case "nudge": {
        const missing = o.missing.map((part) => m.smartParts[part]).join(" and ");
        const drafted = { ...conversation, draft: { key: conversation.stepKey, text: o.draft } };
        enqueue.assign({ conversation: drafted });
        return enqueue(sayPrompts(info("smart-nudge", fillTemplate(m.smartNudge, { missing })), ...reprompt(context)));
      }
      case "confirm": {
        const confirming = { ...conversation, confirming: { key: o.stepKey, candidates: o.candidates } };
        enqueue.assign({ conversation: confirming });
        return enqueue(sayPrompts(currentPrompt(catalog, confirming, vars)));
      }
      case "reask": {
        const { confirming: _confirming, ...again } = conversation;
        enqueue.assign({ conversation: again });
        return enqueue(sayPrompts(currentPrompt(catalog, again, vars)));
      }
      case "declined":
        return enqueue(sayPrompts(info("declined", m.declined[o.decline]), ...reprompt(context)));
      case "change_chosen": {
        const changing = { ...conversation, changing: { key: o.key } };
        enqueue.assign({ conversation: changing });
        return enqueue(sayPrompts(currentPrompt(catalog, changing, vars)));
      }
      case "revised": {
        const wasChanging = conversation.changing !== undefined;
        const { changing: _changing, confirming: _confirming, ...rest } = conversation;
        const revised = { ...rest, answers: { ...conversation.answers, [o.stepKey]: o.value } };
        enqueue.assign({ conversation: revised });
        enqueue(effect("recordAnswer", answerRecord(revised, o.stepKey, o.value, event.at)));
        if (wasChanging) enqueue(sayPrompts(info("change-saved", m.changeSaved), currentPrompt(catalog, revised, vars)));
        return;
      }
      case "answered": {
        if (!o.next) return;
        const advanced = withAnswer(conversation, o.stepKey, o.value, o.next);
        enqueue.assign({ conversation: advanced });
        enqueue(effect("recordAnswer", answerRecord(advanced, o.stepKey, o.value, event.at)));
        const reflection = reflectionFor(catalog, conversation, o.stepKey, o.value, vars);
        return enqueue(sayPrompts(...(reflection ? [reflection] : []), currentPrompt(catalog, advanced, vars)));
      }
    }
  });

  /** The last answer: record it, close the conversation, apply what it means, open the next. */
  const finish = clientSetup.enqueueActions(({ context, event, enqueue }) => {
    const o = outcome(context, event);
    if (o?.kind !== "answered" || !context.conversation || event.type !== "MESSAGE") return;
    const finished = withAnswer(context.conversation, o.stepKey, o.value, null);
    enqueue(effect("recordAnswer", answerRecord(finished, o.stepKey, o.value, event.at)));
    const reflection = reflectionFor(catalog, context.conversation, o.stepKey, o.value, conversationVars(context));
    if (reflection) enqueue(sayPrompts(reflection));
    const result = finishConversation(env, { ...context, conversation: finished }, finished, event.at);
    const after: ClientContext = { ...context, ...result.context, conversation: null };
    const summary = answerLines(catalog, finished, conversationVars(after)).join("\n");
    enqueue(effect("closeConversation", { conversationKey: finished.id, closedAt: event.at, summary }));
    // What follows in this same exchange: the conversation this one leads to, else the oldest queued one.
    const following = result.closesProgram
      ? null
      : result.next
        ? startConversation(env, after, result.next.script, event.at, result.next.intro)
        : after.queued.length > 0
          ? startQueued(env, after, event.at)
          : null;
    const followingConversation = following?.context.conversation ?? null;
    // A check-in's goodbye ends the exchange: it waits for the last question of what follows.
    const owed = result.closesProgram ? undefined : (result.closing ?? finished.owedClose);
    const closeNow = owed && !followingConversation ? [sayPrompts(...checkinClose(env, after, owed))] : [];
    // What the week brought up (a lapse, a new stage) is said before the goodbye and the week's plan:
    // the goodbye ends the exchange, so nothing is said after it.
    enqueueAll(enqueue, result.effects);
    enqueueAll(enqueue, closeNow);
    if (result.closesProgram) enqueue.raise({ type: "PROGRAM_ENDED", at: event.at });
    if (!following) return enqueue.assign({ ...result.context, conversation: null });
    const conversation = followingConversation && owed ? { ...followingConversation, owedClose: owed } : followingConversation;
    enqueue.assign({ ...result.context, ...following.context, conversation });
    enqueueAll(enqueue, following.effects);
  });

  const recordMissedWeek = clientSetup.enqueueActions(({ context, event, enqueue }) => {
    if (event.type !== "CHECKIN_MISSED") return;
    const missed = { week: event.week, answered: false, goals: [], goalsSetCount: context.goals.length, goalTexts: context.goals.map((g) => g.text) };
    const focus = context.focusDomain;
    const lapseHistory = focus
      ? {
          ...context.lapseHistory,
          [focus]: keepLast([...(context.lapseHistory[focus] ?? []), { week: event.week, answered: false, achievementPercent: null }]),
        }
      : context.lapseHistory;
    const weeks = keepLast([...context.weeks, missed]);
    const challenges = raiseChallenges(env, { ...context, weeks }, event.at);
    enqueue.assign({ weeks, lapseHistory, raisedChallenges: challenges.raised });
    enqueueAll(enqueue, challenges.effects);
  });

  const stageSetByCoach = clientSetup.enqueueActions(({ context, event, enqueue }) => {
    if (event.type !== "STAGE_SET") return;
    const moved = setStageByCoach(env, context, event);
    enqueue.assign(moved.context);
    enqueueAll(enqueue, moved.effects);
  });

  const resumeHeldArea = clientSetup.enqueueActions(({ context, event, enqueue }) => {
    if (event.type !== "FLAG_RESOLVED") return;
    const released = releaseArea(env, context, event.area);
    enqueue.assign(released.context);
    enqueueAll(enqueue, released.effects);
  });

  const beginSession = clientSetup.enqueueActions(({ context, event, enqueue }) => {
    if (event.type !== "SESSION_START") return;
    const opened = openSession(env, context, event.lengthMinutes, event.at);
    enqueue.assign({ session: opened.session, sessionsStarted: context.sessionsStarted + 1 });
    enqueueAll(enqueue, opened.effects);
  });

  const phaseEntry = (phase: SessionPhase) =>
    clientSetup.enqueueActions(({ context, enqueue }) => {
      if (!context.session) return;
      const entered = enterPhase(env, context.session, phase);
      enqueue.assign({ session: entered.session });
      enqueueAll(enqueue, entered.effects);
    });

  const noteInSession = clientSetup.enqueueActions(({ context, event, enqueue }) => {
    if (event.type !== "SESSION_NOTE" || !context.session) return;
    const noted = addNote(env, context, context.session, event.text);
    enqueue.assign({ session: noted.session });
    enqueueAll(enqueue, noted.effects);
  });

  const shareInSession = clientSetup.enqueueActions(({ context, event, enqueue }) => {
    if (event.type !== "SESSION_SHARE" || !context.session) return;
    const shared = addShared(env, context, context.session, event.text);
    enqueue.assign({ session: shared.session });
    enqueueAll(enqueue, shared.effects);
  });

  const showSummary = clientSetup.enqueueActions(({ context, enqueue }) => {
    if (!context.session) return;
    const previewed = previewSummary(env, context, context.session);
    enqueue.assign({ session: previewed.session });
    enqueueAll(enqueue, previewed.effects);
  });

  const goalInSession = clientSetup.enqueueActions(({ context, event, enqueue }) => {
    if (event.type !== "SESSION_GOAL" || !context.session) return;
    const added = addSessionGoal(env, context, context.session, event.text, event.at);
    enqueue.assign(added.context);
    enqueueAll(enqueue, added.effects);
  });

  const endSession = clientSetup.enqueueActions(({ context, event, enqueue }) => {
    if (!context.session) return;
    enqueueAll(enqueue, closeSession(env, context, context.session, event.at));
    enqueue.assign({ session: null });
  });

  const sessionNotice = (key: "notRunning" | "alreadyRunning") => ({
    type: "notifyCoach" as const,
    params: ({ context }: { context: ClientContext }) => ({
      urgent: false,
      text: fillTemplate(catalog.session.messages[key], {
        name: context.name ?? "your client",
        phase: context.session ? catalog.session.phases[context.session.phase].label : "",
      }),
    }),
  });

  const say = (text: (c: ClientContext, e: ClientEvent) => string, id: string) => ({
    type: "say" as const,
    params: ({ context, event }: { context: ClientContext; event: ClientEvent }) => ({ prompts: [info(id, text(context, event))] }),
  });

  /** Answers an aside (help, status, goals) and shows the open question again, if any. */
  const sayThenReprompt = (text: (c: ClientContext) => string, id: string) => ({
    type: "say" as const,
    params: ({ context }: { context: ClientContext }) => ({ prompts: [info(id, text(context)), ...reprompt(context)] }),
  });

  /**
   * Safety screening comes first for every message, in every state: the "safety" region answers a
   * concerning message, and every message while held or being welcomed back; the program region
   * then leaves it alone.
   */
  const screened = [{ guard: or(["raisesSafetyConcern", not(stateIn({ safety: "clear" }))]), actions: [] }];
  const held = not(stateIn({ safety: "clear" }));
  const paused = stateIn({ checkins: "paused" });

  /**
   * What a scheduled conversation does whatever else is open. Paused: a check-in is not owed (the
   * client asked for none). Held for safety: it waits silently in the queue. Its own script open
   * (last week's check-in): the new one replaces it; an earlier review open: the new review is
   * queued behind it. Another one open and fresh: it is queued and
   * offered when that one ends. Another one left untouched for a day: that one is set aside kindly.
   */
  const dueWhileConversing = (event: keyof typeof DUE_SCRIPTS) => [
    ...(event === "CHECKIN_DUE" ? [{ guard: paused, actions: [] }] : []),
    { guard: held, actions: queueSilently },
    // Another review of the same kind still open (the late week-4 one when week 6 falls due): the
    // new one waits its turn like any other, announced, never merged away unseen.
    ...(event === "CHECKIN_DUE" ? [{ guard: "checkInOpen" as const, actions: startFromEvent }] : [{ guard: "dueIsOpen" as const, actions: queueDue }]),
    { guard: "openIsStale" as const, actions: replaceStaleWithDue },
    { actions: queueDue },
  ];
  const dueWhileIdle = (event: keyof typeof DUE_SCRIPTS) => [
    ...(event === "CHECKIN_DUE" ? [{ guard: paused, actions: [] }] : []),
    { guard: held, actions: queueSilently },
    { target: "conversing", actions: startFromEvent },
  ];

  return clientSetup.createMachine({
    id: "client",
    context: INITIAL_CONTEXT,
    on: {
      // Available in every state; states handle the commands that depend on them first.
      COMMAND: [
        { guard: { type: "commandIs", params: { name: "help" } }, actions: sayThenReprompt(() => m.help, "help") },
        { guard: and([{ type: "commandIs", params: { name: "status" } }, paused]), actions: sayThenReprompt((c) => statusText(catalog, c, true), "status") },
        { guard: { type: "commandIs", params: { name: "status" } }, actions: sayThenReprompt((c) => statusText(catalog, c, false), "status") },
        // "/goals done 2", "/goals drop 2": the goal leaves the weekly list; "/goals" alone lists them.
        { guard: ({ event }) => commandName(event) === "goals" && event.type === "COMMAND" && event.args.length > 0, actions: goalCommand },
        { guard: { type: "commandIs", params: { name: "focus" } }, actions: focusCommand },
        { guard: { type: "commandIs", params: { name: "goals" } }, actions: sayThenReprompt((c) => goalsText(catalog, c), "goals") },
        { guard: { type: "commandIs", params: { name: "privacy" } }, actions: sayThenReprompt(() => m.enrolment.privacy, "privacy") },
        {
          actions: {
            type: "say",
            params: ({ context, event }) => ({
              prompts: [info("unknown-command", fillTemplate(m.unknownCommand, { command: `/${commandName(event)}` })), ...reprompt(context)],
            }),
          },
        },
      ],
      CHECKIN_MISSED: { actions: recordMissedWeek },
      STAGE_SET: { actions: stageSetByCoach },
      // Sent by the engine before the client's event when flows changed under the open conversation.
      CONVERSATION_OUTDATED: { guard: "conversationOutdated", actions: closeOutdated },
      FLAG_RESOLVED: { actions: resumeHeldArea },
      SESSION_REMINDER: {
        actions: {
          type: "say",
          params: ({ context, event }) => ({
            prompts: [
              info("session-reminder", fillTemplate(m.sessionReminder, { name: name(context), when: event.type === "SESSION_REMINDER" ? event.when : "" })),
            ],
          }),
        },
      },
    },
    type: "parallel",
    states: {
      // The client's program and the conversation open with them now.
      program: {
        initial: "onboarding",
        states: {
          onboarding: {
            entry: clientSetup.enqueueActions(({ context, event, enqueue }) => {
              // The first entry happens on the machine's own init event, which carries the input.
              const opened = startConversation(env, context, "onboarding", "at" in event ? event.at : requireInputAt(event));
              enqueue.assign(opened.context);
              enqueue(effect("recordProfile", { status: "onboarding" }));
              enqueueAll(enqueue, opened.effects);
            }),
            on: {
              START: { actions: { type: "say", params: ({ context }) => ({ prompts: reprompt(context) }) } },
              COMMAND: [
                { guard: { type: "commandIs", params: { name: "change" } }, actions: beginChange },
                { guard: "startsConversation", actions: { type: "say", params: ({ context }) => ({ prompts: reprompt(context) }) } },
              ],
              MESSAGE: [...screened, { guard: "completesConversation", target: "active.conversing", actions: finish }, { actions: [handleAnswer, touch] }],
            },
          },
          active: {
            initial: "idle",
            on: {
              PROGRAM_ENDED: "closed",
              START: {
                actions: {
                  type: "say",
                  params: ({ context }) => ({ prompts: [info("welcome-back", fillTemplate(m.welcomeBack, { name: name(context) })), ...reprompt(context)] }),
                },
              },
            },
            states: {
              idle: {
                always: [
                  { guard: "hasConversation", target: "conversing" },
                  // A conversation that fell due while another was open is offered as soon as that one ends.
                  { guard: and(["hasQueued", stateIn({ safety: "clear" })]), target: "conversing", actions: offerQueued },
                ],
                on: {
                  COMMAND: [
                    { guard: { type: "commandIs", params: { name: "change" } }, actions: say(() => m.changeNothing, "change-nothing") },
                    { guard: "startsConversation", target: "conversing", actions: startFromEvent },
                  ],
                  CHECKIN_DUE: dueWhileIdle("CHECKIN_DUE"),
                  GOAL_REVIEW_DUE: dueWhileIdle("GOAL_REVIEW_DUE"),
                  PROGRAM_REVIEW_DUE: dueWhileIdle("PROGRAM_REVIEW_DUE"),
                  MESSAGE: [
                    ...screened,
                    { guard: "isButtonPress", actions: say(() => m.staleAnswer, "stale") },
                    { actions: say(() => m.nothingOpen, "nothing-open") },
                  ],
                },
              },
              conversing: {
                always: { guard: ({ context }) => context.conversation === null, target: "idle" },
                on: {
                  COMMAND: [
                    { guard: { type: "commandIs", params: { name: "change" } }, actions: beginChange },
                    {
                      guard: "startsConversation",
                      actions: { type: "say", params: ({ context }) => ({ prompts: [info("already-open", m.checkinAlreadyOpen), ...reprompt(context)] }) },
                    },
                  ],
                  MESSAGE: [
                    ...screened,
                    { guard: "completesConversation", actions: [welcomeReturning, finish] },
                    { actions: [welcomeReturning, handleAnswer, touch] },
                  ],
                  // Last week's check-in was left open: this week's replaces it (the scheduler records the miss).
                  CHECKIN_DUE: dueWhileConversing("CHECKIN_DUE"),
                  GOAL_REVIEW_DUE: dueWhileConversing("GOAL_REVIEW_DUE"),
                  PROGRAM_REVIEW_DUE: dueWhileConversing("PROGRAM_REVIEW_DUE"),
                  CHECKIN_REMINDER: [
                    { guard: held, actions: [] },
                    {
                      guard: "checkInOpen",
                      actions: {
                        type: "say",
                        params: ({ context }) => ({
                          prompts: [info("reminder", fillTemplate(m.checkinReminder, { name: name(context) })), ...reprompt(context)],
                        }),
                      },
                    },
                    // The check-in waits behind a conversation left for a day: set that one aside now.
                    { guard: and(["checkInQueued", "openIsStale"]), actions: replaceStaleWithDue },
                  ],
                },
              },
            },
          },
          closed: {
            on: {
              START: { actions: say(() => m.programClosedReply, "closed") },
              COMMAND: [{ guard: "startsConversation", actions: say(() => m.programClosedReply, "closed") }],
              MESSAGE: [...screened, { actions: say(() => m.programClosedReply, "closed") }],
            },
          },
        },
      },
      // Safety screening, beside everything else. A crisis or medical emergency holds coaching
      // (nothing scheduled is sent, every message is answered with the resources) until the client
      // types /continue; they are then asked how they are now before anything else.
      safety: {
        initial: "clear",
        states: {
          clear: {
            on: {
              MESSAGE: { guard: "raisesSafetyConcern", target: "held", actions: respondToSafety },
              // While check-ins are paused, /continue resumes them (the "checkins" region answers it).
              COMMAND: {
                guard: and([{ type: "commandIs", params: { name: "continue" } }, not(paused)]),
                actions: say(() => m.continueNothing, "continue-nothing"),
              },
            },
          },
          held: {
            on: {
              // A week on hold is not a missed week: no "missed check-ins" for the coach.
              CHECKIN_MISSED: { actions: [] },
              MESSAGE: [{ guard: "raisesSafetyConcern", actions: respondToSafety }, { actions: remindOfHold }],
              COMMAND: { guard: { type: "commandIs", params: { name: "continue" } }, target: "welcomingBack", actions: askHowTheyAre },
            },
          },
          welcomingBack: {
            // They chose to carry on: a week now without an answer is a missed week (recorded at the root).
            on: {
              MESSAGE: [
                { guard: "raisesSafetyConcern", target: "held", actions: respondToSafety },
                { target: "clear", actions: welcomedBack },
              ],
              COMMAND: { guard: { type: "commandIs", params: { name: "continue" } }, actions: askHowTheyAre },
            },
          },
        },
      },
      // Check-ins the client paused (a holiday); the scheduler reads the same on the client row.
      checkins: {
        initial: "running",
        states: {
          running: {
            on: {
              COMMAND: [
                { guard: and([{ type: "commandIs", params: { name: "pause" } }, "pauseDateValid"]), target: "paused", actions: pauseCheckIns },
                { guard: { type: "commandIs", params: { name: "pause" } }, actions: refusePauseDate },
                { guard: { type: "commandIs", params: { name: "resume" } }, actions: say((c) => fillTemplate(m.notPaused, { name: name(c) }), "resume") },
              ],
            },
          },
          paused: {
            on: {
              COMMAND: [
                { guard: and([{ type: "commandIs", params: { name: "pause" } }, "pauseDateValid"]), actions: pauseCheckIns },
                { guard: { type: "commandIs", params: { name: "pause" } }, actions: refusePauseDate },
                { guard: { type: "commandIs", params: { name: "resume" } }, target: "running", actions: resumeCheckIns },
                // "Carry on" after a break means the same; held for safety, /continue is the safety region's.
                { guard: and([{ type: "commandIs", params: { name: "continue" } }, stateIn({ safety: "clear" })]), target: "running", actions: resumeCheckIns },
              ],
            },
          },
        },
      },
      // A coaching session the coach runs with the phase guide, alongside whatever else is open.
      session: {
        initial: "none",
        on: {
          SESSION_START: { actions: sessionNotice("alreadyRunning") },
          SESSION_NOTE: { actions: noteInSession },
          SESSION_GOAL: { actions: goalInSession },
          SESSION_SHARE: { actions: shareInSession },
          SESSION_END: { actions: showSummary },
          // Sent only as the coach last read it; changed or never shown, the coach sees it (again) first.
          SESSION_SEND: [{ guard: "summaryPreviewed", target: ".none", actions: endSession }, { actions: showSummary }],
        },
        states: {
          none: {
            on: {
              SESSION_START: { target: "opening", actions: beginSession },
              SESSION_NEXT: { actions: sessionNotice("notRunning") },
              SESSION_NOTE: { actions: sessionNotice("notRunning") },
              SESSION_GOAL: { actions: sessionNotice("notRunning") },
              SESSION_SHARE: { actions: sessionNotice("notRunning") },
              SESSION_END: { actions: sessionNotice("notRunning") },
              SESSION_SEND: { actions: sessionNotice("notRunning") },
            },
          },
          opening: { entry: phaseEntry("opening"), on: { SESSION_NEXT: "weekly_goal_review" } },
          weekly_goal_review: {
            entry: phaseEntry("weekly_goal_review"),
            on: { SESSION_NEXT: [{ guard: "includesThreeMonthReview", target: "three_month_goal_review" }, { target: "generative_moment" }] },
          },
          three_month_goal_review: { entry: phaseEntry("three_month_goal_review"), on: { SESSION_NEXT: "generative_moment" } },
          generative_moment: { entry: phaseEntry("generative_moment"), on: { SESSION_NEXT: "goal_setting" } },
          goal_setting: { entry: phaseEntry("goal_setting"), on: { SESSION_NEXT: "close" } },
          close: { entry: phaseEntry("close"), on: { SESSION_NEXT: { actions: showSummary } } },
        },
      },
    },
  });
}

export type ClientMachine = ReturnType<typeof createClientMachine>;

/**
 * The first reply to a check-in opened after one or more went unanswered: it gets a kind welcome
 * back before the reply is taken. A conversation already answered (touched) has had it, and so has
 * a client welcomed back after a safety hold a moment ago (feeling_asked): once is enough.
 */
function welcomesReturning(context: ClientContext): boolean {
  const open = context.conversation;
  const silent = context.weeks.at(-1)?.answered === false;
  return open?.script === "checkin" && open.touchedAt === undefined && silent && open.facts.feeling_asked !== "yes";
}

function answerRecord(conversation: OpenConversation, questionKey: string, value: AnswerValue, at: string): EffectParams["recordAnswer"] {
  return { conversationKey: conversation.id, script: conversation.script, openedAt: conversation.openedAt, questionKey, value, at };
}

/** A YYYY-MM-DD date after the day of `at` on the client's calendar. */
function isFutureLocalDay(text: string, at: string, timezone: string): boolean {
  return endOfLocalDay(text, timezone) !== null && text > localDate(new Date(at), timezone);
}

function requireInputAt(event: unknown): string {
  const at = (event as { input?: { at?: unknown } }).input?.at;
  if (typeof at !== "string") throw new Error("The client machine must be started with input { at: ISO time }.");
  return at;
}

/** Their stage per area; while their check-ins are paused, until when (the pause is a machine state, so the caller says). */
function statusText(catalog: Catalog, context: ClientContext, paused: boolean): string {
  const m = catalog.messages;
  const pause = !paused ? [] : context.pausedThrough ? [fillTemplate(m.status.pausedUntil, { date: context.pausedThrough })] : [m.status.paused];
  return [stagesText(catalog, context), ...pause].join("\n");
}

function stagesText(catalog: Catalog, context: ClientContext): string {
  const m = catalog.messages;
  // Focus area first, then the catalog's order (the stored JSON does not keep key order).
  const order = [context.focusDomain, ...catalog.domains.map((d) => d.key)];
  const entries = Object.entries(context.domains).sort(([a], [b]) => order.indexOf(a) - order.indexOf(b));
  if (entries.length === 0) return m.status.empty;
  const lines = entries.map(([key, progress]) =>
    fillTemplate(m.status.domainLine, {
      domain: findDomain(catalog, key)?.label ?? key,
      stage: m.stageNames[progress.stage],
      since: progress.since.slice(0, 10),
    }),
  );
  return [fillTemplate(m.status.header, { name: context.name ?? "there" }), ...lines].join("\n");
}
