// The embedded database after a kill -9: what the dead bot had claimed is taken back at the next
// start, not after the claim timeouts (minutes of silence for the person otherwise).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/clock.js";
import { loadConfig } from "../../src/config.js";
import { type Core, openCore } from "../../src/core.js";
import { NEUTRAL_KIND } from "../../src/engine/inbox.js";
import type { OutgoingMessage } from "../../src/outbox/sender.js";
import { CONSOLE_TENANT } from "../../src/platforms/console/chat.js";
import { openDatabase } from "../../src/store/database.js";
import { silent } from "../support/harness.js";

const folders: string[] = [];
const cores: Core[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.db.close();
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const clock = fixedClock("2026-11-24T09:00:00Z");

async function start(dataDir: string): Promise<{ core: Core; delivered: OutgoingMessage[] }> {
  const core = await openCore(loadConfig({ DATA_DIR: dataDir }), silent, clock);
  cores.push(core);
  const delivered: OutgoingMessage[] = [];
  core.deliverers.console = {
    deliver: async (message) => {
      delivered.push(message);
      return {};
    },
  };
  return { core, delivered };
}

/** What a bot killed mid-way leaves: a reply claimed for sending, the next queued behind it, a line leased for processing, a job it was running. */
async function killedMidWay(dataDir: string): Promise<void> {
  const db = await openDatabase({ kind: "pglite", dataDir });
  try {
    const tenant = await db.prisma.tenant.create({ data: { platform: "console", externalId: "local", name: "Console" } });
    for (const [text, status] of [
      ["first reply", "sending"],
      ["second reply", "pending"],
    ] as const) {
      await db.prisma.outboxMessage.create({
        data: {
          tenantId: tenant.id,
          recipient: "local-user",
          kind: "prompt",
          dedupeKey: text,
          status,
          lockedAt: status === "sending" ? clock.now() : null,
          payload: { prompts: [{ id: text, text, input: { kind: "none" } }] },
          availableAt: clock.now(),
        },
      });
    }
    await db.prisma.inboxEvent.create({
      data: {
        platform: "console",
        tenantKey: "local",
        eventId: "console:killed:0",
        userId: "local-user",
        kind: NEUTRAL_KIND,
        payload: { kind: "start", tenant: { ...CONSOLE_TENANT }, user: { platformUserId: "local-user" } },
        attempts: 1,
        // Leased to the dead process for another half minute.
        availableAt: new Date(clock.now().getTime() + 30_000),
      },
    });
    await db.prisma.scheduledJob.create({
      data: { kind: "digest", period: "2026-W48", dueAt: clock.now(), dedupeKey: "digest:killed", status: "running", lockedAt: clock.now() },
    });
  } finally {
    await db.close();
  }
}

describe("work left claimed by a bot that was killed", () => {
  // PostgreSQL may have other live instances holding claims: there the timeouts stay (test/outbox/sender.test.ts).
  it("is sent and processed at the next start on the embedded database, in order", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "coach-left-"));
    folders.push(dataDir);
    await killedMidWay(dataDir);

    const { core, delivered } = await start(dataDir);
    // Due again for the first pass, not after the stale timeout.
    expect(await core.db.prisma.scheduledJob.findUniqueOrThrow({ where: { dedupeKey: "digest:killed" } })).toMatchObject({ status: "pending", lockedAt: null });
    await core.sender.deliverDue();
    expect(delivered.map((m) => m.prompts[0]!.text)).toEqual(["first reply", "second reply"]);

    expect(await core.inbox.sweep()).toBe(1);
    expect(await core.db.prisma.inboxEvent.count()).toBe(0);
    expect(await core.db.prisma.processedEvent.count({ where: { eventId: "console:killed:0" } })).toBe(1);
    // The started conversation's first question went out right after.
    expect(delivered.length).toBeGreaterThan(2);
  });
});
