// The migration that records who ran each coaching session: sessions from before it are given
// their client's coach, so that coach keeps seeing their notes and a later coach never does.
import { PGlite } from "@electric-sql/pglite";
import { afterAll, expect, it } from "vitest";
import { applyMigrations, readMigrations } from "../../src/store/migrations.js";

const db = new PGlite();
afterAll(() => db.close());
const session = {
  exec: async (sql: string) => void (await db.exec(sql)),
  query: async <T>(sql: string, params?: unknown[]) => (await db.query<T>(sql, params)).rows,
};

it("gives each session recorded before it its client's coach", async () => {
  const migrations = readMigrations();
  const recording = migrations.findIndex((m) => m.name.endsWith("_session_coach"));
  expect(recording).toBeGreaterThan(0);
  await applyMigrations(session, migrations.slice(0, recording));
  await db.exec(`
    INSERT INTO "Tenant" (id, platform, "externalId", name) VALUES ('t', 'console', 'local', 'Console');
    INSERT INTO "Coach" (id, "tenantId", "platformUserId", name) VALUES ('kim', 't', 'kim', 'Kim');
    INSERT INTO "Client" (id, "tenantId", "coachId", "platformUserId") VALUES ('ann', 't', 'kim', 'ann'), ('bo', 't', NULL, 'bo');
    INSERT INTO "CoachingSession" (id, "clientId", key, "lengthMinutes", phase, notes, "startedAt")
      VALUES ('ann-s1', 'ann', 's1', 30, 'ended', '{"opening":["a note"]}', now()), ('bo-s1', 'bo', 's1', 30, 'ended', '{}', now());
  `);
  await applyMigrations(session, migrations);
  const rows = await session.query<{ id: string; coachId: string | null }>(`SELECT id, "coachId" FROM "CoachingSession" ORDER BY id`);
  expect(rows).toEqual([
    { id: "ann-s1", coachId: "kim" },
    { id: "bo-s1", coachId: null },
  ]);
  // Every migration up to this one runs on a fresh PGlite: about 17 s on a quiet machine.
}, 120_000);
