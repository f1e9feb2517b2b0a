// An urgent flag left unacknowledged is sent again once, however many instances run the
// scheduler at that moment, and from a job row that any later process (a restart) picks up.
import { afterAll, beforeAll, expect, it } from "vitest";
import { runSchedulerPass } from "../../src/scheduler/pass.js";
import { type Database, openDatabase } from "../../src/store/database.js";
import { catalog, createHarness, type Harness, onboard, silent } from "../support/harness.js";
import { createScratchDatabase, describePostgres, type ScratchDatabase } from "../support/postgres.js";
import { schedulerDeps } from "../support/scheduler.js";

describePostgres("flag escalation on PostgreSQL", () => {
  let scratch: ScratchDatabase;
  let dbs: Database[] = [];
  let instances: Harness[] = [];
  beforeAll(async () => {
    scratch = await createScratchDatabase("escalation");
    dbs = await Promise.all([1, 2, 3].map(() => openDatabase({ kind: "postgres", url: scratch.url, poolSize: 3 })));
    instances = await Promise.all(dbs.map((db) => createHarness(db)));
    const first = instances[0]!;
    const tenant = await first.db.prisma.tenant.create({ data: { platform: "console", externalId: "local", name: "Console" } });
    await first.db.prisma.coach.create({ data: { tenantId: tenant.id, platformUserId: "coach-1", name: "Kim" } });
    await onboard(first, "ada", "Ada");
    first.clock.set("2026-11-25T10:00:00Z");
    await first.say("ada", "I want to end my life");
  }, 240_000);
  afterAll(async () => {
    await Promise.all(dbs.map((db) => db.close()));
    await scratch?.drop();
  });

  it("three instances ticking at once, two of them new processes, send it again exactly once per person", async () => {
    const passes = instances.map((h) => {
      h.clock.set("2026-11-25T11:01:00Z");
      const deps = schedulerDeps({
        prisma: h.db.prisma,
        engine: h.engine,
        sender: h.sender,
        catalog,
        clock: h.clock,
        log: silent,
        fallbackUserIds: ["operator-1"],
      });
      return runSchedulerPass(deps, h.clock.now());
    });
    await Promise.all(passes);
    const again = await dbs[0]!.prisma.outboxMessage.findMany({
      where: { dedupeKey: { startsWith: "flag-escalation:" } },
      select: { recipient: true, status: true },
    });
    expect(again.map((m) => m.recipient).sort()).toEqual(["coach-1", "operator-1"]);
    const delivered = instances.flatMap((h) => h.delivered).filter((m) => m.prompts.some((p) => p.id === "coach-alert-again"));
    expect(delivered).toHaveLength(2);
    expect(await dbs[0]!.prisma.scheduledJob.count({ where: { kind: "flag_escalation", status: "done" } })).toBe(1);
  }, 120_000);
});
