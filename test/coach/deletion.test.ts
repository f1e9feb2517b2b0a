// Deleting a client leaves no trace: after /coach delete (or the client's own), no row of any
// table names or quotes them: not their own rows, not a coach's digest (waiting or delivered),
// not a note. A digest still waiting goes out rebuilt without them. On PGlite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queueCoachDigest } from "../../src/coach/digest.js";
import { deleteClientData } from "../../src/coach/privacy.js";
import { type Database, openDatabase } from "../../src/store/database.js";
import { queueNote } from "../../src/store/notes.js";
import { catalog, createHarness, type Harness, onboard } from "../support/harness.js";
import { createScratchDatabase, describePostgres, type ScratchDatabase } from "../support/postgres.js";

const NAME = "Quillon";
const USER = "quill-77";
const QUOTE = "some nights I want to end my life and nobody knows";

function deletionSuite(open: () => Promise<{ db: Database; drop(): Promise<void> }>) {
  let h: Harness;
  let drop: () => Promise<void>;
  let quillonId: string;

  beforeAll(async () => {
    const opened = await open();
    drop = opened.drop;
    h = await createHarness(opened.db);
    const tenant = await h.db.prisma.tenant.create({ data: { platform: "console", externalId: "local", name: "Console" } });
    await h.db.prisma.coach.create({ data: { tenantId: tenant.id, platformUserId: "coach-1", name: "Kim" } });
    await onboard(h, USER, NAME);
    await onboard(h, "bertha-1", "Bertha");
    quillonId = (await h.db.prisma.client.findFirstOrThrow({ where: { platformUserId: USER } })).id;
    h.clock.set("2026-11-25T10:00:00Z");
    await h.say(USER, QUOTE);
    const coach = await h.db.prisma.coach.findFirstOrThrow();
    // A digest already delivered, a note about them queued before they were a client, and a
    // digest still waiting to go out: each names the client or quotes their crisis text.
    await queueCoachDigest(h.db.prisma, catalog, coach.id, h.clock.now(), "digest-sent");
    await queueNote(h.db.prisma, {
      tenantId: tenant.id,
      clientId: null,
      recipient: "coach-1",
      dedupeKey: "note:q",
      text: `Reminder: call ${NAME} back`,
      at: h.clock.now(),
    });
    await h.sender.deliverDue();
    h.clock.set("2026-11-26T10:00:00Z");
    await queueCoachDigest(h.db.prisma, catalog, coach.id, h.clock.now(), "digest-waiting");
  }, 180_000);
  afterAll(async () => {
    await h?.db.close();
    await drop?.();
  });

  /** Tables (and how many rows in each) whose row text holds `needle`, whatever the column. */
  async function tracesOf(needle: string): Promise<Record<string, number>> {
    const tables = await h.db.prisma.$queryRaw<{ table: string }[]>`
      SELECT table_name::text AS table FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'`;
    const found: Record<string, number> = {};
    for (const { table } of tables) {
      const rows = await h.db.prisma.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "${table}" t WHERE t::text ILIKE $1`, `%${needle}%`);
      if (Number(rows[0]!.n) > 0) found[table] = Number(rows[0]!.n);
    }
    return found;
  }

  it("before deletion, the digests and notes do name and quote the client", async () => {
    const digests = await h.db.prisma.outboxMessage.findMany({ where: { kind: "digest" }, orderBy: { id: "asc" } });
    expect(digests.map((d) => d.status)).toEqual(["sent", "pending"]);
    for (const d of digests) expect(JSON.stringify(d.payload)).toContain(NAME);
    expect(JSON.stringify(digests[0]!.payload)).toContain("nobody knows");
    expect(Object.keys(await tracesOf(NAME))).toEqual(expect.arrayContaining(["Client", "OutboxMessage"]));
  });

  it("after deletion no row of any table names or quotes them, and the waiting digest goes out without them", async () => {
    await deleteClientData(h.db.prisma, quillonId, { catalog });
    expect(await tracesOf(NAME)).toEqual({});
    expect(await tracesOf("nobody knows")).toEqual({});
    expect(await tracesOf(USER)).toEqual({});
    expect(await tracesOf(quillonId)).toEqual({});

    const waiting = await h.db.prisma.outboxMessage.findUniqueOrThrow({ where: { dedupeKey: "digest:digest-waiting" } });
    expect(waiting.status).toBe("pending");
    const text = (waiting.payload as { prompts: { text: string }[] }).prompts[0]!.text;
    expect(text).toMatch(/Your coaching digest, Kim/);
    expect(text).toContain("Bertha");
    // The delivered one keeps its row (its dedupe key still counts) but no text.
    const sent = await h.db.prisma.outboxMessage.findUniqueOrThrow({ where: { dedupeKey: "digest:digest-sent" } });
    expect(sent.payload).toMatchObject({ prompts: [] });
    // The other client is untouched.
    expect(await h.db.prisma.client.count({ where: { platformUserId: "bertha-1" } })).toBe(1);
  });
}

describe("deleting a client on PGlite", () => {
  deletionSuite(async () => ({ db: await openDatabase({ kind: "pglite", dataDir: "memory" }), drop: async () => {} }));
});

describePostgres("deleting a client on PostgreSQL", () => {
  deletionSuite(async () => {
    const scratch: ScratchDatabase = await createScratchDatabase("deletion");
    return { db: await openDatabase({ kind: "postgres", url: scratch.url }), drop: () => scratch.drop() };
  });
});
