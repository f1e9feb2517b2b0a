// What the client machine's effects write: the rows of every table, worked out in JavaScript so
// that the engine can write the snapshot, these rows and the outbox with one statement
// (src/store/effects-sql.ts). Everything Prisma used to fill in itself (uuid ids, @updatedAt,
// @default(now())) is filled in here, with the same values it would have chosen.
//
// One statement may not change a row twice, so effects on the same row are folded into one row
// with the result the effects would have had one after another: a conversation's first answer,
// later answers and its close become one conversation row and one answer row per question; goal,
// session and stage upserts of one key keep the create-only fields of the first and the rest of
// the last.
import { randomUUID } from "node:crypto";
import { isoWeek } from "../domain/calendar.js";
import { URGENT_ACK_WINDOW_MS } from "../domain/flags.js";
import type { AnswerValue } from "../domain/prompt.js";
import { type ClientSchedule, jobDedupeKey, type PlannedJob, programJobs } from "../domain/schedule.js";
import type { ClientEffect, ClientStatus, FlagRecord, GoalRecord, StageChange } from "../machines/effects.js";

export interface EffectTarget {
  eventId: string;
  tenantId: string;
  /** The client, with what their program's scheduled jobs are worked out from. */
  client: ClientSchedule;
  recipient: string;
  /** The coach's platform user id, when the client has a coach. */
  coachRecipient: string | null;
  /** The client's coach (Coach.id) as the event was read: the coach who runs a session started now. */
  coachId: string | null;
  at: Date;
}

export interface OutboxRow {
  tenantId: string;
  clientId: string;
  recipient: string;
  kind: string;
  dedupeKey: string;
  payload: unknown;
  availableAt: string;
}

export interface FlagRow {
  id: string;
  clientId: string;
  kind: FlagRecord["kind"];
  severity: FlagRecord["severity"];
  detail: string;
  suggestedApproach: string | null;
  raisedAt: string;
  coachNotifiedAt: string | null;
  pausesArea: string | null;
}

export interface JobRow {
  id: string;
  kind: string;
  clientId: string | null;
  coachId: string | null;
  teamId: string | null;
  period: string;
  dueAt: string;
  dedupeKey: string;
}

/** keepConfidence: the effect gave no confidence (a goal from an old snapshot): an existing row keeps its own. */
export type GoalRow = { id: string; clientId: string; keepConfidence: boolean } & GoalRecord;

export interface SessionRow {
  id: string;
  clientId: string;
  /** Whose notes these are: written when the session is created only. */
  coachId: string | null;
  key: string;
  lengthMinutes: number;
  phase: string;
  notes: Record<string, string[]>;
  startedAt: string;
  /** Null: left as it is (a session not yet ended). */
  endedAt: string | null;
  summary: string | null;
}

export interface AssessmentRow {
  id: string;
  clientId: string;
  answers: Record<string, AnswerValue>;
  takenAt: string;
}

/** The client's own row; a field left undefined is left as it is. */
export interface ProfileChange {
  name?: string;
  status?: ClientStatus;
  vision?: string;
  programStartAt?: string;
  /** Present (a date or null) only when the pause changes. */
  pausedUntil?: string | null;
}

/** The area's row after the event; importance and confidence null: left as they are. */
export interface DomainRow {
  id: string;
  clientId: string;
  domain: string;
  stage: string;
  stageSince: string;
  criterionMetSince: string | null;
  importance: number | null;
  confidence: number | null;
}

export interface TransitionRow {
  id: string;
  clientId: string;
  domain: string;
  fromStage: string | null;
  toStage: string;
  reason: string;
  occurredAt: string;
  changedBy: string;
  coachId: string | null;
}

interface ConversationState {
  status: "closed" | "set_aside";
  closedAt: string;
  summary: string;
}

export interface ConversationRow {
  /** Used only when the conversation is new. */
  id: string;
  clientId: string;
  key: string;
  /** Set when an answer was recorded: the row is created if it is not there yet. */
  opened: { script: string; openedAt: string; period: string } | null;
  /** How a row created by this event ends up: closed after its first answer, or still open (null). */
  closedIfNew: ConversationState | null;
  /** The last close, for a row that was there before the event (a row that is not is not created by a close). */
  closedIfExisting: ConversationState | null;
}

export interface AnswerRow {
  id: string;
  clientId: string;
  conversationKey: string;
  questionKey: string;
  value: AnswerValue;
  answeredAt: string;
}

/** Every row one event writes besides its snapshot, each table's rows in the order they were decided. */
export interface EffectRows {
  outbox: OutboxRow[];
  flags: FlagRow[];
  jobs: JobRow[];
  goals: GoalRow[];
  sessions: SessionRow[];
  assessments: AssessmentRow[];
  profile: ProfileChange | null;
  domains: DomainRow[];
  transitions: TransitionRow[];
  conversations: ConversationRow[];
  answers: AnswerRow[];
  /** Messages queued (to the client and their coach). */
  messages: number;
  /** Coach alerts that had nobody to go to (the flag is still recorded). */
  unaddressedAlerts: number;
}

export function planEffects(target: EffectTarget, effects: readonly ClientEffect[]): EffectRows {
  const clientId = target.client.id;
  const availableAt = target.at.toISOString();
  const rows: EffectRows = {
    outbox: [],
    flags: [],
    jobs: [],
    goals: [],
    sessions: [],
    assessments: [],
    profile: null,
    domains: [],
    transitions: [],
    conversations: [],
    answers: [],
    messages: 0,
    unaddressedAlerts: 0,
  };
  const goals = new Map<string, GoalRow>();
  const sessions = new Map<string, SessionRow>();
  const domains = new Map<string, DomainRow>();
  const conversations = new Map<string, ConversationRow>();
  const answers = new Map<string, AnswerRow>();
  const jobs = new Map<string, JobRow>();
  const addJobs = (planned: PlannedJob[]) => {
    for (const job of planned) {
      const dedupeKey = jobDedupeKey(job);
      // Like createMany with skipDuplicates: the first of a key stays.
      if (jobs.has(dedupeKey)) continue;
      jobs.set(dedupeKey, {
        id: randomUUID(),
        kind: job.kind,
        clientId: job.clientId ?? null,
        coachId: job.coachId ?? null,
        teamId: job.teamId ?? null,
        period: job.period,
        dueAt: job.dueAt.toISOString(),
        dedupeKey,
      });
    }
  };
  const queue = (recipient: string, kind: string, payload: unknown) =>
    rows.outbox.push({
      tenantId: target.tenantId,
      clientId,
      recipient,
      kind,
      // One inbound event produces its messages once, however often it is redelivered.
      dedupeKey: `${target.eventId}#${rows.messages++}`,
      payload,
      availableAt,
    });
  const conversation = (key: string): ConversationRow => {
    let row = conversations.get(key);
    if (!row) {
      row = { id: randomUUID(), clientId, key, opened: null, closedIfNew: null, closedIfExisting: null };
      conversations.set(key, row);
    }
    return row;
  };

  for (const effect of effects) {
    switch (effect.type) {
      case "say":
        if (effect.params.prompts.length > 0) queue(target.recipient, "prompt", { prompts: effect.params.prompts });
        break;
      case "notifyCoach":
        if (!target.coachRecipient) {
          rows.unaddressedAlerts++;
          break;
        }
        queue(target.coachRecipient, effect.params.urgent ? "coach_alert" : "coach_note", {
          prompts: [{ id: "coach-alert", text: effect.params.text, input: { kind: "none" } }],
        });
        break;
      case "raiseFlag": {
        const { kind, severity, detail, suggestedApproach, at, pausesArea } = effect.params;
        const id = randomUUID();
        rows.flags.push({
          id,
          clientId,
          kind,
          severity,
          detail,
          suggestedApproach: suggestedApproach ?? null,
          raisedAt: new Date(at).toISOString(),
          coachNotifiedAt: severity === "urgent" && target.coachRecipient ? new Date(at).toISOString() : null,
          pausesArea: pausesArea ?? null,
        });
        // An urgent flag nobody acknowledges within the hour is sent again, to the coach and the
        // fallback: a job row, so it survives restarts and (by its dedupe key) fires once.
        if (severity === "urgent") addJobs([{ kind: "flag_escalation", clientId, period: id, dueAt: new Date(Date.parse(at) + URGENT_ACK_WINDOW_MS) }]);
        break;
      }
      case "recordGoal": {
        const earlier = goals.get(effect.params.key);
        // setIn is written when the goal is created only.
        const keepConfidence = effect.params.confidence === undefined && (earlier?.keepConfidence ?? true);
        const confidence = effect.params.confidence === undefined ? (earlier?.confidence ?? null) : effect.params.confidence;
        goals.set(effect.params.key, {
          ...effect.params,
          id: earlier?.id ?? randomUUID(),
          clientId,
          setIn: earlier?.setIn ?? effect.params.setIn,
          confidence,
          keepConfidence,
        });
        break;
      }
      case "recordSession": {
        const { key, lengthMinutes, phase, notes, startedAt, endedAt, summary } = effect.params;
        const earlier = sessions.get(key);
        sessions.set(key, {
          id: earlier?.id ?? randomUUID(),
          clientId,
          coachId: earlier?.coachId ?? target.coachId,
          key,
          // Written when the session is created only.
          lengthMinutes: earlier?.lengthMinutes ?? lengthMinutes,
          startedAt: earlier?.startedAt ?? new Date(startedAt).toISOString(),
          phase,
          notes,
          endedAt: endedAt ? new Date(endedAt).toISOString() : (earlier?.endedAt ?? null),
          summary: summary ? summary : (earlier?.summary ?? null),
        });
        break;
      }
      case "recordAssessment":
        rows.assessments.push({ id: randomUUID(), clientId, answers: effect.params.answers, takenAt: new Date(effect.params.at).toISOString() });
        break;
      case "recordProfile": {
        const { programStartAt, pausedUntil, ...profile } = effect.params;
        rows.profile = {
          ...rows.profile,
          ...definedOnly(profile),
          ...(programStartAt ? { programStartAt: new Date(programStartAt).toISOString() } : {}),
          ...(pausedUntil !== undefined ? { pausedUntil: pausedUntil ? new Date(pausedUntil).toISOString() : null } : {}),
        };
        // A (re)started program gets its check-ins, reviews and program review scheduled.
        if (programStartAt) addJobs(programJobs(target.client, new Date(programStartAt)));
        break;
      }
      case "recordStageChange": {
        // The row holds exactly what the machine holds: its since-date and behavior start, not
        // dates worked out again here (a lapse keeps the stage and its since-date).
        const change: StageChange = effect.params;
        const earlier = domains.get(change.domain);
        domains.set(change.domain, {
          id: earlier?.id ?? randomUUID(),
          clientId,
          domain: change.domain,
          stage: change.to,
          stageSince: new Date(change.since).toISOString(),
          criterionMetSince: change.criterionMetSince ? new Date(change.criterionMetSince).toISOString() : null,
          importance: change.importance ?? earlier?.importance ?? null,
          confidence: change.confidence ?? earlier?.confidence ?? null,
        });
        rows.transitions.push({
          id: randomUUID(),
          clientId,
          domain: change.domain,
          fromStage: change.from,
          toStage: change.to,
          reason: change.reason,
          occurredAt: new Date(change.at).toISOString(),
          changedBy: change.by,
          coachId: change.coachId ?? null,
        });
        break;
      }
      case "recordAnswer": {
        const { conversationKey, script, openedAt, questionKey, value, at } = effect.params;
        const row = conversation(conversationKey);
        row.opened ??= { script, openedAt: new Date(openedAt).toISOString(), period: isoWeek(new Date(openedAt)) };
        const key = JSON.stringify([conversationKey, questionKey]);
        answers.set(key, {
          id: answers.get(key)?.id ?? randomUUID(),
          clientId,
          conversationKey,
          questionKey,
          value,
          answeredAt: new Date(at).toISOString(),
        });
        break;
      }
      case "closeConversation": {
        const { conversationKey, closedAt, summary, status } = effect.params;
        const row = conversation(conversationKey);
        const state: ConversationState = { status: status ?? "closed", closedAt: new Date(closedAt).toISOString(), summary };
        row.closedIfExisting = state;
        // A close before the first answer of this event finds no row to close when there was none.
        if (row.opened) row.closedIfNew = state;
        break;
      }
      default: {
        const unhandled: never = effect;
        throw new Error(`no writer for effect ${(unhandled as { type: string }).type}`);
      }
    }
  }
  rows.goals = [...goals.values()];
  rows.sessions = [...sessions.values()];
  rows.domains = [...domains.values()];
  rows.conversations = [...conversations.values()];
  rows.answers = [...answers.values()];
  rows.jobs = [...jobs.values()];
  return rows;
}

/** Prisma leaves a field given as undefined as it is. */
function definedOnly<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;
}
