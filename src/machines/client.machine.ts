// One machine per client: program lifecycle (onboarding -> active) and the conversation open now.
// Actors are never kept in memory: the engine restores a snapshot, computes one transition with
// XState's pure `transition`, persists, then carries out the returned effects.
import { setup } from "xstate";
import type { Catalog } from "../domain/catalog.js";
import { findDomain } from "../domain/catalog.js";
import type { AnswerValue, Prompt } from "../domain/prompt.js";
import { fillTemplate } from "../domain/script.js";
import { stageFromReadiness, type ReadinessAnswers, type Stage } from "../domain/stages.js";
import {
  answerLines,
  currentPrompt,
  interpretAnswer,
  openConversation,
  problemText,
  promptForStep,
  templateVars,
  withAnswer,
  type OpenConversation,
} from "./conversation.js";
import type { EffectParams } from "./effects.js";
import { nextStage } from "./stage.machine.js";

/** Bump when states or context change shape, and add a migration in snapshot.ts. */
export const CLIENT_MACHINE_VERSION = 1;

export interface DomainProgress {
  stage: Stage;
  since: string;
  criterionMetSince: string | null;
}

export interface ClientContext {
  name: string | null;
  focusDomain: string | null;
  domains: Record<string, DomainProgress>;
  conversation: OpenConversation | null;
  conversationsStarted: number;
}

export type ClientEvent =
  | { type: "START"; at: string }
  | { type: "MESSAGE"; at: string; text: string; promptId?: string }
  | { type: "COMMAND"; at: string; name: string; args: string[] };

const info = (id: string, text: string): Prompt => ({ id, text, input: { kind: "none" } });

export function createClientMachine(catalog: Catalog) {
  const m = catalog.messages;
  const vars = (c: ClientContext) => ({ name: c.name, domainKey: c.focusDomain });
  const fill = (c: ClientContext, text: string, extra: Record<string, string> = {}) =>
    fillTemplate(text, { ...templateVars(catalog, vars(c), c.conversation?.answers ?? {}), ...extra });
  const outcome = (c: ClientContext, e: ClientEvent) =>
    c.conversation && e.type === "MESSAGE" ? interpretAnswer(catalog, c.conversation, e.text, e.promptId) : null;
  const reprompt = (c: ClientContext): Prompt[] => (c.conversation ? [currentPrompt(catalog, c.conversation, vars(c))] : []);
  const newConversation = (c: ClientContext, script: "onboarding" | "checkin", at: string) =>
    openConversation(catalog, script, `${script}-${c.conversationsStarted + 1}`, at);

  const clientSetup = setup({
    types: {
      context: {} as ClientContext,
      events: {} as ClientEvent,
      input: {} as { at: string },
    },
    // Effects are carried out by the engine after the snapshot is persisted, never here.
    actions: {
      say: (_, _params: EffectParams["say"]) => {},
      recordProfile: (_, _params: EffectParams["recordProfile"]) => {},
      recordStageChange: (_, _params: EffectParams["recordStageChange"]) => {},
      recordAnswer: (_, _params: EffectParams["recordAnswer"]) => {},
      closeConversation: (_, _params: EffectParams["closeConversation"]) => {},
    },
    guards: {
      isStale: ({ context, event }) => outcome(context, event)?.kind === "stale",
      isInvalid: ({ context, event }) => outcome(context, event)?.kind === "invalid",
      isRevision: ({ context, event }) => outcome(context, event)?.kind === "revised",
      completesConversation: ({ context, event }) => {
        const o = outcome(context, event);
        return o?.kind === "answered" && o.next === null;
      },
      isButtonPress: ({ event }) => event.type === "MESSAGE" && event.promptId !== undefined,
      commandIs: ({ event }, params: { name: string }) => event.type === "COMMAND" && event.name === params.name,
    },
  });

  const startCheckIn = clientSetup.enqueueActions(({ context, event, enqueue }) => {
    const conversation = newConversation(context, "checkin", event.at);
    enqueue.assign({ conversation, conversationsStarted: context.conversationsStarted + 1 });
    enqueue({ type: "say", params: { prompts: [currentPrompt(catalog, conversation, vars(context))] } });
  });

  const storeAnswerAndAskNext = clientSetup.enqueueActions(({ context, event, enqueue }) => {
    const o = outcome(context, event);
    if (o?.kind !== "answered" || !o.next || !context.conversation) return;
    const conversation = withAnswer(context.conversation, o.stepKey, o.value, o.next);
    enqueue.assign({ conversation });
    enqueue({ type: "recordAnswer", params: answerRecord(conversation, o.stepKey, o.value, event.at) });
    enqueue({ type: "say", params: { prompts: [promptForStep(catalog, conversation, o.next, vars(context))] } });
  });

  const reviseAnswer = clientSetup.enqueueActions(({ context, event, enqueue }) => {
    const o = outcome(context, event);
    if (o?.kind !== "revised" || !context.conversation) return;
    const conversation = { ...context.conversation, answers: { ...context.conversation.answers, [o.stepKey]: o.value } };
    enqueue.assign({ conversation });
    enqueue({ type: "recordAnswer", params: answerRecord(conversation, o.stepKey, o.value, event.at) });
  });

  const finishOnboarding = clientSetup.enqueueActions(({ context, event, enqueue }) => {
    const o = outcome(context, event);
    if (o?.kind !== "answered" || !context.conversation || event.type !== "MESSAGE") return;
    const finished = withAnswer(context.conversation, o.stepKey, o.value, null);
    const answers = finished.answers;
    const domain = String(answers.domain);
    const stage = stageFromReadiness(readinessFrom(answers));
    const from = context.domains[domain]?.stage ?? null;
    const to = nextStage(from, from ? { type: "RESTAGED", stage } : { type: "STAGED", stage }) ?? stage;
    const name = String(answers.name);
    const progress: DomainProgress = { stage: to, since: event.at, criterionMetSince: to === "action" || to === "maintenance" ? event.at : null };
    enqueue.assign({ name, focusDomain: domain, conversation: null, domains: { ...context.domains, [domain]: progress } });
    enqueue({ type: "recordAnswer", params: answerRecord(finished, o.stepKey, o.value, event.at) });
    enqueue({ type: "closeConversation", params: { conversationKey: finished.id, closedAt: event.at, summary: answerLines(catalog, finished).join("\n") } });
    enqueue({ type: "recordProfile", params: { name, status: "active" } });
    enqueue({
      type: "recordStageChange",
      params: {
        domain, from, to, at: event.at, reason: "staged from readiness answers at onboarding",
        ...(typeof answers.importance === "number" ? { importance: answers.importance } : {}),
        ...(typeof answers.confidence === "number" ? { confidence: answers.confidence } : {}),
      },
    });
    const label = findDomain(catalog, domain)?.label.toLowerCase() ?? domain;
    enqueue({ type: "say", params: { prompts: [info("stage-intro", fillTemplate(m.stageIntro[to], { name, domain: label }))] } });
  });

  const finishCheckIn = clientSetup.enqueueActions(({ context, event, enqueue }) => {
    const o = outcome(context, event);
    if (o?.kind !== "answered" || !context.conversation || event.type !== "MESSAGE") return;
    const finished = withAnswer(context.conversation, o.stepKey, o.value, null);
    const summary = answerLines(catalog, finished).join("\n");
    enqueue.assign({ conversation: null });
    enqueue({ type: "recordAnswer", params: answerRecord(finished, o.stepKey, o.value, event.at) });
    enqueue({ type: "closeConversation", params: { conversationKey: finished.id, closedAt: event.at, summary } });
    enqueue({ type: "say", params: { prompts: [info("checkin-done", `${fill(context, m.checkinDone)}\n\n${summary}`)] } });
  });

  return clientSetup.createMachine({
    id: "client",
    context: { name: null, focusDomain: null, domains: {}, conversation: null, conversationsStarted: 0 },
    initial: "onboarding",
    on: {
      // Available in every state.
      COMMAND: [
        { guard: { type: "commandIs", params: { name: "help" } }, actions: { type: "say", params: () => ({ prompts: [info("help", m.help)] }) } },
        {
          guard: { type: "commandIs", params: { name: "status" } },
          actions: { type: "say", params: ({ context }) => ({ prompts: [info("status", statusText(catalog, context))] }) },
        },
        {
          actions: {
            type: "say",
            params: ({ context, event }) => ({
              prompts: [info("unknown-command", fill(context, m.unknownCommand, { command: event.type === "COMMAND" ? `/${event.name}` : "" })), ...reprompt(context)],
            }),
          },
        },
      ],
    },
    states: {
      onboarding: {
        entry: clientSetup.enqueueActions(({ context, event, enqueue }) => {
          // The first entry happens on the machine's own init event, which carries the input.
          const at = "at" in event ? event.at : requireInputAt(event);
          const conversation = newConversation(context, "onboarding", at);
          enqueue.assign({ conversation, conversationsStarted: context.conversationsStarted + 1 });
          enqueue({ type: "recordProfile", params: { status: "onboarding" } });
          enqueue({ type: "say", params: { prompts: [currentPrompt(catalog, conversation, vars(context))] } });
        }),
        on: {
          START: { actions: { type: "say", params: ({ context }) => ({ prompts: reprompt(context) }) } },
          COMMAND: [
            {
              guard: { type: "commandIs", params: { name: "checkin" } },
              actions: { type: "say", params: ({ context }) => ({ prompts: reprompt(context) }) },
            },
          ],
          MESSAGE: [
            ...answerHandling(),
            { guard: "completesConversation", target: "active", actions: finishOnboarding },
            { actions: storeAnswerAndAskNext },
          ],
        },
      },
      active: {
        initial: "idle",
        on: {
          START: { actions: { type: "say", params: ({ context }) => ({ prompts: [info("welcome-back", fill(context, m.welcomeBack)), ...reprompt(context)] }) } },
        },
        states: {
          idle: {
            on: {
              COMMAND: [{ guard: { type: "commandIs", params: { name: "checkin" } }, target: "inCheckIn", actions: startCheckIn }],
              MESSAGE: [
                { guard: "isButtonPress", actions: { type: "say", params: () => ({ prompts: [info("stale", m.staleAnswer)] }) } },
                { actions: { type: "say", params: ({ context }) => ({ prompts: [info("nothing-open", fill(context, m.nothingOpen))] }) } },
              ],
            },
          },
          inCheckIn: {
            on: {
              COMMAND: [
                {
                  guard: { type: "commandIs", params: { name: "checkin" } },
                  actions: { type: "say", params: ({ context }) => ({ prompts: [info("checkin-open", m.checkinAlreadyOpen), ...reprompt(context)] }) },
                },
              ],
              MESSAGE: [
                ...answerHandling(),
                { guard: "completesConversation", target: "idle", actions: finishCheckIn },
                { actions: storeAnswerAndAskNext },
              ],
            },
          },
        },
      },
    },
  });

  function answerHandling() {
    return [
      {
        guard: "isStale" as const,
        actions: { type: "say" as const, params: ({ context }: { context: ClientContext }) => ({ prompts: [info("stale", m.staleAnswer), ...reprompt(context)] }) },
      },
      {
        guard: "isInvalid" as const,
        actions: {
          type: "say" as const,
          params: ({ context, event }: { context: ClientContext; event: ClientEvent }) => {
            const o = outcome(context, event);
            const problem = o?.kind === "invalid" ? problemText(catalog, o.problem) : "";
            return { prompts: [info("problem", problem), ...reprompt(context)] };
          },
        },
      },
      { guard: "isRevision" as const, actions: reviseAnswer },
    ];
  }
}

export type ClientMachine = ReturnType<typeof createClientMachine>;

function readinessFrom(answers: Record<string, unknown>): ReadinessAnswers {
  if (answers.meets_criterion === "yes") {
    return { meetsCriterion: true, monthsMeetingCriterion: answers.months_meeting === "6_or_more" ? "6_or_more" : "under_6" };
  }
  const intention = answers.intention;
  return {
    meetsCriterion: false,
    intention: intention === "within_30_days" || intention === "within_6_months" ? intention : "not_within_6_months",
  };
}

function answerRecord(conversation: OpenConversation, questionKey: string, value: AnswerValue, at: string): EffectParams["recordAnswer"] {
  return { conversationKey: conversation.id, script: conversation.script, openedAt: conversation.openedAt, questionKey, value, at };
}

function statusText(catalog: Catalog, context: ClientContext): string {
  const m = catalog.messages;
  const entries = Object.entries(context.domains);
  const name = context.name ?? "there";
  if (entries.length === 0) return m.status.empty;
  const lines = entries.map(([key, progress]) =>
    fillTemplate(m.status.domainLine, {
      domain: findDomain(catalog, key)?.label ?? key,
      stage: m.stageNames[progress.stage],
      since: progress.since.slice(0, 10),
    }),
  );
  return [fillTemplate(m.status.header, { name }), ...lines].join("\n");
}

function requireInputAt(event: unknown): string {
  const at = (event as { input?: { at?: unknown } }).input?.at;
  if (typeof at !== "string") throw new Error("The client machine must be started with input { at: ISO time }.");
  return at;
}
