// The engine's hot path in SQL: one statement reads the clients an event (or a batch of events)
// is for, and one statement writes what the client machine decided for all of them. Prisma
// compiles every statement anew (about 1 ms of CPU each, no plan cache; its raw API still about
// 0.5 ms) and an interactive transaction holds a pooled connection while JavaScript runs, so this
// path sends prepared texts with jsonb parameters on the driver beneath Prisma (`driverOf`): two
// round trips per event, no transaction held open across JavaScript. Everything else keeps using
// Prisma's ordinary queries.
//
// The write keeps every guarantee of the transaction it replaces:
// - once per event id: an event already in ProcessedEvent is reported "duplicate" and writes nothing;
// - the version check: the snapshot is written only where its version is still the one read
//   (a new snapshot only where there is none), else "conflict" and nothing is written for that
//   client, so the caller re-reads and tries again;
// - records, jobs and outbox rows are written only for the events whose snapshot was written, in
//   the same statement, so in the same commit (a statement is its own transaction).
// The ProcessedEvent row is inserted after the snapshot write, for the events whose write went
// through: inserted first, it could not be taken back for a conflicting client within the
// statement. A concurrent copy of the same event is caught by the snapshot's version (the copy
// waits for the row lock and then finds a newer version: conflict, then duplicate on re-read).
//
// One statement may not change a row twice: the caller gives at most one event per client, and
// src/store/records.ts folds one event's effects on one row into one row. Works on PostgreSQL and
// PGlite alike (data-modifying CTEs, JSON arrays turned into rows, planned for a few rows or for a
// batch: FEW_ROWS, MANY_ROWS). Timestamps travel as ISO strings in UTC into the `timestamp(3)`
// columns Prisma uses, where PostgreSQL drops the "Z" and keeps the time.
import { driverOf, type PrismaClient } from "./database.js";
import type { EffectRows } from "./records.js";

/** A client as the engine needs it for one event: where messages go, what schedules derive from, and the snapshot. */
export interface LoadedClient {
  id: string;
  tenantId: string;
  platformUserId: string;
  name: string | null;
  reachable: boolean;
  timezone: string;
  checkinWeekday: number;
  checkinTime: string;
  transferCoachId: string | null;
  coachId: string | null;
  /** The coach's platform user id, when the client has a coach. */
  coachRecipient: string | null;
  snapshot: { version: number; machineVersion: number; state: unknown } | null;
}

/** The same client as the read returns it: the snapshot's columns side by side. */
interface ClientRow extends Omit<LoadedClient, "snapshot"> {
  snapshotVersion: number | null;
  machineVersion: number | null;
  snapshot: unknown;
  platform?: string;
  externalId?: string;
}

const CLIENT_COLUMNS = `
  c.id, c."tenantId", c."platformUserId", c.name, c.reachable, c.timezone, c."checkinWeekday", c."checkinTime",
  c."transferCoachId", c."coachId", co."platformUserId" AS "coachRecipient",
  s.version AS "snapshotVersion", s."machineVersion", s.snapshot
  FROM "Client" c
  LEFT JOIN "ActorSnapshot" s ON s."clientId" = c.id
  LEFT JOIN "Coach" co ON co.id = c."coachId"`;

/** How a statement turns the JSON array in parameter `param` into rows (named by an `AS x(...)` after it). */
type RowsOf = (param: string) => string;

/**
 * One event or a few: through `input_rows`, planned as few rows (its migration says why), so the
 * planner looks rows up by index instead of scanning whole tables.
 */
const FEW_ROWS: RowsOf = (param) => `input_rows(${param}::jsonb) AS e(j) CROSS JOIN LATERAL jsonb_to_record(e.j)`;

/**
 * A batch (the scheduler's, or inbound events grouped under load): planned as PostgreSQL's 100
 * rows, so the joins between the write's CTEs hash. Planned as one row each, a write of 500
 * events looped over its CTEs for every row (measured 2 to 8 times slower than this form).
 */
const MANY_ROWS: RowsOf = (param) => `jsonb_to_recordset(${param}::jsonb)`;

const CLIENTS_BY_PLATFORM_USER = `
  SELECT t.platform, t."externalId", ${CLIENT_COLUMNS}
  JOIN "Tenant" t ON t.id = c."tenantId"
  JOIN (${FEW_ROWS("$1")} AS x(platform text, "externalId" text, "platformUserId" text))
    ON t.platform = x.platform AND t."externalId" = x."externalId" AND c."platformUserId" = x."platformUserId"`;

const CLIENTS_BY_ID = `
  SELECT ${CLIENT_COLUMNS}
  WHERE c.id IN (SELECT jsonb_array_elements_text($1::jsonb))`;

function loaded(row: ClientRow): LoadedClient {
  const { snapshotVersion, machineVersion, snapshot, platform: _platform, externalId: _externalId, ...client } = row;
  return {
    ...client,
    checkinWeekday: Number(client.checkinWeekday),
    snapshot: snapshotVersion === null ? null : { version: Number(snapshotVersion), machineVersion: Number(machineVersion), state: snapshot },
  };
}

export interface PlatformUser {
  platform: string;
  /** The tenant's externalId (Slack workspace, Discord server, "local" for the console). */
  externalId: string;
  platformUserId: string;
}

export function platformUserKey(who: PlatformUser): string {
  return JSON.stringify([who.platform, who.externalId, who.platformUserId]);
}

/** The clients who wrote, by workspace and platform user id, with snapshots and coaches: one round trip for all; null for a stranger. */
export async function loadClientsByPlatformUser(prisma: PrismaClient, people: readonly PlatformUser[]): Promise<(LoadedClient | null)[]> {
  if (people.length === 0) return [];
  const keys = people.map(({ platform, externalId, platformUserId }) => ({ platform, externalId, platformUserId }));
  const rows = await driverOf(prisma).query<ClientRow & { platform: string; externalId: string }>(CLIENTS_BY_PLATFORM_USER, [JSON.stringify(keys)]);
  const found = new Map(rows.map((row) => [platformUserKey({ ...row, platformUserId: row.platformUserId }), loaded(row)]));
  return people.map((who) => found.get(platformUserKey(who)) ?? null);
}

/** Clients by id, with snapshots and coaches: one round trip for a whole batch. Missing ids are absent. */
export async function loadClientsById(prisma: PrismaClient, ids: readonly string[]): Promise<Map<string, LoadedClient>> {
  if (ids.length === 0) return new Map();
  const rows = await driverOf(prisma).query<ClientRow>(CLIENTS_BY_ID, [JSON.stringify(ids)]);
  return new Map(rows.map((row) => [row.id, loaded(row)]));
}

/** What one event writes: its id, its client's snapshot (guarded by version) and its rows. */
export interface ClientEventWrite {
  eventId: string;
  clientId: string;
  /**
   * The snapshot after the event, written only if the stored one still has `expectedVersion`
   * (null: only if there is none yet). Null: the snapshot stays as it is, and only the event id
   * guards the rows (a typed message too long to take, answered without the machine).
   */
  snapshot: { expectedVersion: number | null; state: unknown; machineVersion: number } | null;
  /** Hearing from the client proves they can be reached again. */
  markReachable: boolean;
  /** The inbox row this event came from: deleted in the same commit once the event is applied (or found a duplicate). */
  inboxEventId?: number;
  rows: EffectRows;
}

export type WriteOutcome = "applied" | "duplicate" | "conflict";

// The statement. Parameters: $1 the events, $2 the wall-clock instant Prisma would have used for
// @updatedAt and @default(now()), then one per effect table that has rows (tagged with their
// event id and an ordinal), in EFFECT_TABLES order. Every effect joins `applied`, the events whose
// snapshot was written. Inserts whose ids are serial (outbox, flag numbers) keep the decided order
// (ORDER BY ord).
//
// Tables no event brings rows for are mostly left out of the statement: most events touch three
// or four of the ten, and PostgreSQL opens, locks and initialises every part of a plan on each
// execution (with a set-returning SQL function per part parsed and planned anew), empty or not.
// Measured on the inbound path at 300 events/s, those empty parts were about a quarter of
// PostgreSQL's CPU. A write takes the smallest of three shapes (WRITE_SHAPES) that holds its
// tables, not a text of its own: each prepared text keeps 0.7 to 1.3 MB of plans in every pooled
// connection's server process, so the texts stay few (six, with the few-rows and batch forms).
const writeCore = (rows: RowsOf) => `
WITH ev AS (
  SELECT x.* FROM ${rows("$1")} AS x(
    "eventId" text, "clientId" text, "writeSnapshot" boolean, "expectedVersion" int, state jsonb, "machineVersion" int,
    "markReachable" boolean, "inboxEventId" int, "setProfile" boolean, name text, status text, vision text,
    "programStartAt" timestamp(3), "setPausedUntil" boolean, "pausedUntil" timestamp(3))
),
-- Already applied: a redelivery, or a retry whose first attempt committed after all.
seen AS (
  SELECT ev."eventId" FROM ev WHERE EXISTS (SELECT 1 FROM "ProcessedEvent" p WHERE p."eventId" = ev."eventId")
),
fresh AS (
  SELECT ev.* FROM ev WHERE ev."eventId" NOT IN (SELECT "eventId" FROM seen)
),
-- Snapshots are locked in one order (by client id), so two statements writing for the same
-- clients (two instances, or an event beside the scheduler's batch) wait for each other instead
-- of deadlocking.
locked AS (
  SELECT s."clientId" FROM "ActorSnapshot" s
  WHERE s."clientId" IN (SELECT "clientId" FROM fresh WHERE "writeSnapshot")
  ORDER BY s."clientId"
  FOR UPDATE
),
snapshot_updated AS (
  UPDATE "ActorSnapshot" s
  SET snapshot = f.state, version = s.version + 1, "machineVersion" = f."machineVersion", "updatedAt" = $2::timestamp(3)
  FROM fresh f
  WHERE f."writeSnapshot" AND f."expectedVersion" IS NOT NULL AND s."clientId" = f."clientId" AND s.version = f."expectedVersion"
    AND s."clientId" IN (SELECT "clientId" FROM locked)
  RETURNING s."clientId"
),
snapshot_created AS (
  INSERT INTO "ActorSnapshot" ("clientId", "machineVersion", version, snapshot, "updatedAt")
  SELECT f."clientId", f."machineVersion", 1, f.state, $2::timestamp(3) FROM fresh f
  WHERE f."writeSnapshot" AND f."expectedVersion" IS NULL
  ON CONFLICT ("clientId") DO NOTHING
  RETURNING "clientId"
),
-- No ON CONFLICT here: a snapshot was written for these, so a clash (the same event id for two
-- clients) must fail the whole statement rather than leave a snapshot without its event id.
processed_with_snapshot AS (
  INSERT INTO "ProcessedEvent" ("eventId", "clientId", "processedAt")
  SELECT f."eventId", f."clientId", $2::timestamp(3) FROM fresh f
  WHERE f."clientId" IN (SELECT "clientId" FROM snapshot_updated UNION ALL SELECT "clientId" FROM snapshot_created)
  RETURNING "eventId"
),
processed_alone AS (
  INSERT INTO "ProcessedEvent" ("eventId", "clientId", "processedAt")
  SELECT f."eventId", f."clientId", $2::timestamp(3) FROM fresh f WHERE NOT f."writeSnapshot"
  ON CONFLICT ("eventId") DO NOTHING
  RETURNING "eventId"
),
applied AS (
  SELECT "eventId" FROM processed_with_snapshot UNION ALL SELECT "eventId" FROM processed_alone
),
client_updated AS (
  UPDATE "Client" c SET
    name = CASE WHEN a.ok AND a.name IS NOT NULL THEN a.name ELSE c.name END,
    status = CASE WHEN a.ok AND a.status IS NOT NULL THEN a.status ELSE c.status END,
    vision = CASE WHEN a.ok AND a.vision IS NOT NULL THEN a.vision ELSE c.vision END,
    "programStartAt" = CASE WHEN a.ok AND a."programStartAt" IS NOT NULL THEN a."programStartAt" ELSE c."programStartAt" END,
    "pausedUntil" = CASE WHEN a.ok AND a."setPausedUntil" THEN a."pausedUntil" ELSE c."pausedUntil" END,
    reachable = CASE WHEN a."markReachable" THEN true ELSE c.reachable END,
    "unreachableReason" = CASE WHEN a."markReachable" THEN NULL ELSE c."unreachableReason" END
  FROM (
    SELECT ev.*, ev."eventId" IN (SELECT "eventId" FROM applied) AS ok,
      ev."eventId" IN (SELECT "eventId" FROM seen) AS duplicate
    FROM ev
  ) a
  WHERE c.id = a."clientId" AND ((a.ok AND a."setProfile") OR (a."markReachable" AND (a.ok OR a.duplicate)))
  RETURNING c.id
),
`;

/** The tables an event's effects add rows to, in the order their parts stand in the statement. */
const EFFECT_TABLES = ["outbox", "flags", "jobs", "goals", "sessions", "assessments", "domains", "transitions", "conversations", "answers"] as const;
type EffectTable = (typeof EFFECT_TABLES)[number];

/** Each table's part of the statement, reading its rows from parameter `param`. */
const EFFECT_PARTS: Record<EffectTable, (rows: RowsOf, param: string) => string> = {
  outbox: (rows, param) => `
outbox AS (
  INSERT INTO "OutboxMessage" ("tenantId", "clientId", recipient, kind, "dedupeKey", payload, "availableAt", "createdAt")
  SELECT x."tenantId", x."clientId", x.recipient, x.kind, x."dedupeKey", x.payload, x."availableAt", $2::timestamp(3)
  FROM ${rows(param)} AS x(
    ord int, "eventId" text, "tenantId" text, "clientId" text, recipient text, kind text, "dedupeKey" text, payload jsonb, "availableAt" timestamp(3))
  WHERE x."eventId" IN (SELECT "eventId" FROM applied)
  ORDER BY x.ord
  RETURNING id
),
`,
  flags: (rows, param) => `
flags AS (
  INSERT INTO "Flag" (id, "clientId", kind, severity, detail, "suggestedApproach", "raisedAt", "coachNotifiedAt", "pausesArea")
  SELECT x.id, x."clientId", x.kind, x.severity, x.detail, x."suggestedApproach", x."raisedAt", x."coachNotifiedAt", x."pausesArea"
  FROM ${rows(param)} AS x(
    ord int, "eventId" text, id text, "clientId" text, kind text, severity text, detail text, "suggestedApproach" text,
    "raisedAt" timestamp(3), "coachNotifiedAt" timestamp(3), "pausesArea" text)
  WHERE x."eventId" IN (SELECT "eventId" FROM applied)
  ORDER BY x.ord
  RETURNING id
),
`,
  jobs: (rows, param) => `
jobs AS (
  INSERT INTO "ScheduledJob" (id, kind, "clientId", "coachId", "teamId", period, "dueAt", "dedupeKey", "createdAt")
  SELECT x.id, x.kind, x."clientId", x."coachId", x."teamId", x.period, x."dueAt", x."dedupeKey", $2::timestamp(3)
  FROM ${rows(param)} AS x(
    ord int, "eventId" text, id text, kind text, "clientId" text, "coachId" text, "teamId" text, period text, "dueAt" timestamp(3), "dedupeKey" text)
  WHERE x."eventId" IN (SELECT "eventId" FROM applied)
  ORDER BY x.ord
  ON CONFLICT ("dedupeKey") DO NOTHING
  RETURNING id
),
`,
  goals: (rows, param) => `
goal_input AS (
  SELECT x.* FROM ${rows(param)} AS x(
    ord int, "eventId" text, id text, "clientId" text, key text, "setIn" text, kind text, text text, domain text,
    confidence int, "keepConfidence" boolean, smart boolean, status text)
  WHERE x."eventId" IN (SELECT "eventId" FROM applied)
),
goals AS (
  INSERT INTO "Goal" AS g (id, "clientId", key, "setIn", kind, text, domain, confidence, smart, status, "createdAt", "updatedAt")
  SELECT x.id, x."clientId", x.key, x."setIn", x.kind, x.text, x.domain, x.confidence, x.smart, x.status, $2::timestamp(3), $2::timestamp(3)
  FROM goal_input x
  ORDER BY x.ord
  ON CONFLICT ("clientId", key) DO UPDATE SET
    kind = EXCLUDED.kind, text = EXCLUDED.text, domain = EXCLUDED.domain,
    -- A goal from an old snapshot may carry no confidence: the row keeps its own, as Prisma left it.
    confidence = CASE WHEN (SELECT k."keepConfidence" FROM goal_input k WHERE k.id = EXCLUDED.id) THEN g.confidence ELSE EXCLUDED.confidence END,
    smart = EXCLUDED.smart, status = EXCLUDED.status, "updatedAt" = EXCLUDED."updatedAt"
  RETURNING id
),
`,
  sessions: (rows, param) => `
sessions AS (
  INSERT INTO "CoachingSession" AS s (id, "clientId", "coachId", key, "lengthMinutes", phase, notes, "startedAt", "endedAt", summary)
  SELECT x.id, x."clientId", x."coachId", x.key, x."lengthMinutes", x.phase, x.notes, x."startedAt", x."endedAt", x.summary
  FROM ${rows(param)} AS x(
    ord int, "eventId" text, id text, "clientId" text, "coachId" text, key text, "lengthMinutes" int, phase text, notes jsonb,
    "startedAt" timestamp(3), "endedAt" timestamp(3), summary text)
  WHERE x."eventId" IN (SELECT "eventId" FROM applied)
  ORDER BY x.ord
  ON CONFLICT ("clientId", key) DO UPDATE SET
    phase = EXCLUDED.phase, notes = EXCLUDED.notes,
    "endedAt" = COALESCE(EXCLUDED."endedAt", s."endedAt"), summary = COALESCE(EXCLUDED.summary, s.summary)
  RETURNING id
),
`,
  assessments: (rows, param) => `
assessments AS (
  INSERT INTO "Assessment" (id, "clientId", answers, "takenAt")
  SELECT x.id, x."clientId", x.answers, x."takenAt"
  FROM ${rows(param)} AS x(ord int, "eventId" text, id text, "clientId" text, answers jsonb, "takenAt" timestamp(3))
  WHERE x."eventId" IN (SELECT "eventId" FROM applied)
  ORDER BY x.ord
  RETURNING id
),
`,
  domains: (rows, param) => `
domains AS (
  INSERT INTO "ClientDomain" AS d (id, "clientId", domain, stage, "stageSince", "criterionMetSince", importance, confidence, "updatedAt")
  SELECT x.id, x."clientId", x.domain, x.stage, x."stageSince", x."criterionMetSince", x.importance, x.confidence, $2::timestamp(3)
  FROM ${rows(param)} AS x(
    ord int, "eventId" text, id text, "clientId" text, domain text, stage text, "stageSince" timestamp(3),
    "criterionMetSince" timestamp(3), importance int, confidence int)
  WHERE x."eventId" IN (SELECT "eventId" FROM applied)
  ORDER BY x.ord
  ON CONFLICT ("clientId", domain) DO UPDATE SET
    stage = EXCLUDED.stage, "stageSince" = EXCLUDED."stageSince", "criterionMetSince" = EXCLUDED."criterionMetSince",
    importance = COALESCE(EXCLUDED.importance, d.importance), confidence = COALESCE(EXCLUDED.confidence, d.confidence),
    "updatedAt" = EXCLUDED."updatedAt"
  RETURNING id
),
`,
  transitions: (rows, param) => `
transitions AS (
  INSERT INTO "StageTransition" (id, "clientId", domain, "fromStage", "toStage", reason, "occurredAt", "changedBy", "coachId")
  SELECT x.id, x."clientId", x.domain, x."fromStage", x."toStage", x.reason, x."occurredAt", x."changedBy", x."coachId"
  FROM ${rows(param)} AS x(
    ord int, "eventId" text, id text, "clientId" text, domain text, "fromStage" text, "toStage" text, reason text,
    "occurredAt" timestamp(3), "changedBy" text, "coachId" text)
  WHERE x."eventId" IN (SELECT "eventId" FROM applied)
  ORDER BY x.ord
  RETURNING id
),
`,
  conversations: (rows, param) => `
conversation_input AS (
  SELECT x.* FROM ${rows(param)} AS x(
    ord int, "eventId" text, id text, "clientId" text, key text, opens boolean, script text, "openedAt" timestamp(3), period text,
    "newStatus" text, "newClosedAt" timestamp(3), "newSummary" text,
    "closeStatus" text, "closedAt" timestamp(3), "closeSummary" text)
  WHERE x."eventId" IN (SELECT "eventId" FROM applied)
),
-- A conversation is created by its first answer. Rows there before the statement are not
-- touched by this insert (DO NOTHING) and rows it creates are not seen by the close below (it
-- reads the statement's snapshot), so no row is changed twice.
conversations_created AS (
  INSERT INTO "Conversation" (id, "clientId", key, script, period, status, "openedAt", "closedAt", summary)
  SELECT x.id, x."clientId", x.key, x.script, x.period, COALESCE(x."newStatus", 'open'), x."openedAt", x."newClosedAt", x."newSummary"
  FROM conversation_input x WHERE x.opens
  ORDER BY x.ord
  ON CONFLICT ("clientId", key) DO NOTHING
  RETURNING id, "clientId", key
),
conversations_closed AS (
  UPDATE "Conversation" c SET status = x."closeStatus", "closedAt" = x."closedAt", summary = x."closeSummary"
  FROM conversation_input x
  WHERE x."closeStatus" IS NOT NULL AND c."clientId" = x."clientId" AND c.key = x.key
  RETURNING c.id
),
conversation_ids AS (
  SELECT id, "clientId", key FROM conversations_created
  UNION ALL
  SELECT c.id, c."clientId", c.key FROM "Conversation" c JOIN conversation_input x ON c."clientId" = x."clientId" AND c.key = x.key
),
`,
  answers: (rows, param) => `
answers AS (
  INSERT INTO "Answer" (id, "conversationId", "questionKey", value, "answeredAt")
  SELECT x.id, ci.id, x."questionKey", x.value, x."answeredAt"
  FROM ${rows(param)} AS x(
    ord int, "eventId" text, id text, "clientId" text, "conversationKey" text, "questionKey" text, value jsonb, "answeredAt" timestamp(3))
  JOIN conversation_ids ci ON ci."clientId" = x."clientId" AND ci.key = x."conversationKey"
  WHERE x."eventId" IN (SELECT "eventId" FROM applied)
  ORDER BY x.ord
  ON CONFLICT ("conversationId", "questionKey") DO UPDATE SET value = EXCLUDED.value, "answeredAt" = EXCLUDED."answeredAt"
  RETURNING id
),
`,
};

const writeTail = `
-- Processed (or found already processed): the inbox row, and the text it held, go in the same commit.
inbox_removed AS (
  DELETE FROM "InboxEvent" i USING ev
  WHERE i.id = ev."inboxEventId" AND (ev."eventId" IN (SELECT "eventId" FROM applied) OR ev."eventId" IN (SELECT "eventId" FROM seen))
  RETURNING i.id
)
SELECT ev."eventId",
  CASE WHEN ev."eventId" IN (SELECT "eventId" FROM applied) THEN 'applied'
       WHEN ev."eventId" IN (SELECT "eventId" FROM seen) THEN 'duplicate'
       ELSE 'conflict' END AS outcome
FROM ev`;

/**
 * The table sets a write's statement is built for, smallest first: an answer (its reply, the
 * conversation and the answer); then what check-ins, stage changes and goals add; then every
 * table (flags, sessions, assessments). Parts without rows in a larger shape write nothing.
 */
const WRITE_SHAPES: readonly (readonly EffectTable[])[] = [
  ["outbox", "conversations", "answers"],
  ["outbox", "jobs", "goals", "domains", "transitions", "conversations", "answers"],
  EFFECT_TABLES,
].map((shape) => EFFECT_TABLES.filter((table) => shape.includes(table)));

/** The smallest shape holding every table in `needed`. */
function writeShape(needed: (table: EffectTable) => boolean): readonly EffectTable[] {
  return WRITE_SHAPES.find((shape) => EFFECT_TABLES.every((table) => !needed(table) || shape.includes(table)))!;
}

/** Each shape's statement in both forms, built once. */
const WRITE_STATEMENTS = new Map(
  [FEW_ROWS, MANY_ROWS].flatMap((rows) =>
    WRITE_SHAPES.map((tables) => {
      const parts = tables.map((table, i) => EFFECT_PARTS[table](rows, `$${i + 3}`));
      return [statementKey(rows, tables), writeCore(rows) + parts.join("") + writeTail] as const;
    }),
  ),
);

function statementKey(rows: RowsOf, tables: readonly EffectTable[]): string {
  return `${rows === FEW_ROWS ? "few" : "many"}:${tables.join(",")}`;
}

/** Writes of up to this many events are planned for a few rows. */
const FEW_EVENTS = 16;

/**
 * Writes the events (at most one per client) with one statement; for each, in order: "applied",
 * "duplicate" (its id was already processed: nothing written) or "conflict" (its snapshot changed
 * since it was read: nothing written; read again and retry).
 */
export async function writeClientEvents(prisma: PrismaClient, writes: readonly ClientEventWrite[], wallClock: Date = new Date()): Promise<WriteOutcome[]> {
  if (writes.length === 0) return [];
  const clients = new Set(writes.map((w) => w.clientId));
  if (clients.size !== writes.length) throw new Error("writeClientEvents: at most one event per client per statement");
  let ord = 0;
  const tagged = <T extends object>(pick: (rows: EffectRows) => readonly T[]) =>
    writes.flatMap((w) => pick(w.rows).map((row) => ({ ...row, ord: ord++, eventId: w.eventId })));
  const events = writes.map((w) => {
    const profile = w.rows.profile;
    return {
      eventId: w.eventId,
      clientId: w.clientId,
      writeSnapshot: w.snapshot !== null,
      expectedVersion: w.snapshot?.expectedVersion ?? null,
      state: w.snapshot?.state ?? null,
      machineVersion: w.snapshot?.machineVersion ?? null,
      markReachable: w.markReachable,
      inboxEventId: w.inboxEventId ?? null,
      setProfile: profile !== null,
      name: profile?.name ?? null,
      status: profile?.status ?? null,
      vision: profile?.vision ?? null,
      programStartAt: profile?.programStartAt ?? null,
      setPausedUntil: profile !== null && profile.pausedUntil !== undefined,
      pausedUntil: profile?.pausedUntil ?? null,
    };
  });
  const conversations = writes.flatMap((w) =>
    w.rows.conversations.map((c) => ({
      ord: ord++,
      eventId: w.eventId,
      id: c.id,
      clientId: c.clientId,
      key: c.key,
      opens: c.opened !== null,
      script: c.opened?.script ?? null,
      openedAt: c.opened?.openedAt ?? null,
      period: c.opened?.period ?? null,
      newStatus: c.closedIfNew?.status ?? null,
      newClosedAt: c.closedIfNew?.closedAt ?? null,
      newSummary: c.closedIfNew?.summary ?? null,
      closeStatus: c.closedIfExisting?.status ?? null,
      closedAt: c.closedIfExisting?.closedAt ?? null,
      closeSummary: c.closedIfExisting?.summary ?? null,
    })),
  );
  const effectRows: Record<EffectTable, readonly object[]> = {
    outbox: tagged((r) => r.outbox),
    flags: tagged((r) => r.flags),
    jobs: tagged((r) => r.jobs),
    goals: tagged((r) => r.goals),
    sessions: tagged((r) => r.sessions),
    assessments: tagged((r) => r.assessments),
    domains: tagged((r) => r.domains),
    transitions: tagged((r) => r.transitions),
    conversations,
    answers: tagged((r) => r.answers),
  };
  // Answers find their conversation through the conversations' part; every shape with answers has it.
  const tables = writeShape((table) => effectRows[table].length > 0);
  const statement = WRITE_STATEMENTS.get(statementKey(writes.length <= FEW_EVENTS ? FEW_ROWS : MANY_ROWS, tables))!;
  const rows = await driverOf(prisma).query<{ eventId: string; outcome: WriteOutcome }>(statement, [
    JSON.stringify(events),
    wallClock.toISOString(),
    ...tables.map((table) => JSON.stringify(effectRows[table])),
  ]);
  const outcomes = new Map(rows.map((row) => [row.eventId, row.outcome]));
  return writes.map((w) => outcomes.get(w.eventId) ?? "conflict");
}
