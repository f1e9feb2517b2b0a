// Moving a client to another coach on real PostgreSQL (issue 11, finding 4), where the client's
// "yes" and their coach's release can really arrive at the same moment on two instances: the
// move happens once, and each person is told once.
import { expect, it } from "vitest";
import { releaseClient, requestTransfer } from "../../src/engine/transfers.js";
import { catalog, silent } from "../support/harness.js";
import { describePostgres, postgresSuite } from "../support/postgres.js";

describePostgres("coach transfers on PostgreSQL", () => {
  const suite = postgresSuite("transfer");

  it("a client's yes and their coach's release at once move them once, and everyone is told once", async () => {
    const { db, h } = suite;
    const tenant = await db.prisma.tenant.create({ data: { platform: "console", externalId: "local", name: "Console" } });
    const kim = await db.prisma.coach.create({ data: { tenantId: tenant.id, platformUserId: "kim", name: "Kim" } });
    const lee = await db.prisma.coach.create({ data: { tenantId: tenant.id, platformUserId: "lee", name: "Lee" } });
    const ann = await db.prisma.client.create({ data: { tenantId: tenant.id, coachId: kim.id, platformUserId: "ann", name: "Ann" } });
    const deps = { prisma: db.prisma, catalog, log: silent };
    expect(await requestTransfer(deps, ann.id, lee, "ask-1", h.clock.now())).toBe("asked");
    // A second coach's request waits for the first to be settled.
    const third = await db.prisma.coach.create({ data: { tenantId: tenant.id, platformUserId: "max", name: "Max" } });
    expect(await requestTransfer(deps, ann.id, third, "ask-2", h.clock.now())).toBe("otherPending");

    const [yes] = await Promise.all([h.send("ann", { kind: "message", text: "yes" }, "yes-1"), releaseClient(deps, ann.id, "release-1", h.clock.now())]);
    expect(yes.status).toBe("applied");
    const after = await db.prisma.client.findUniqueOrThrow({ where: { id: ann.id } });
    expect(after).toMatchObject({ coachId: lee.id, transferCoachId: null });
    const notes = await db.prisma.outboxMessage.findMany({ where: { dedupeKey: { startsWith: "transfer-answer:" } } });
    // Whoever came second found nothing pending, so the move and its notes happened once.
    const moved = notes.filter((n) => (n.payload as { prompts: { id: string }[] }).prompts[0]!.id === "transfer-moved");
    expect(moved.filter((n) => n.recipient === "lee")).toHaveLength(1);
    expect(moved.filter((n) => n.recipient === "ann")).toHaveLength(1);
    expect(moved.filter((n) => n.recipient === "kim").length).toBeLessThanOrEqual(1);
  }, 120_000);
});
