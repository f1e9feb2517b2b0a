// Engine behaviour that must hold on every database; run on PGlite and on PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/store/database.js";
import { createHarness, type Harness, onboard } from "../support/harness.js";

export function engineContract(label: string, open: () => Promise<Database>) {
  describe(`engine on ${label}`, () => {
    let h: Harness;
    beforeAll(async () => {
      h = await createHarness(await open());
    });
    afterAll(async () => {
      await h?.db.close();
    });

    it("persists the snapshot and records, and restores them for the next event", async () => {
      const replies = await onboard(h, "round-trip");
      expect(replies.join("\n")).toMatch(/getting ready to make a change in exercise/);
      expect(replies.join("\n")).toMatch(/Your goal for this week: buy walking shoes on Saturday morning \(confidence 8\/10\)/);
      expect(replies.at(-1)).toMatch(/That gives us a good picture/);
      const client = await h.db.prisma.client.findFirstOrThrow({
        where: { platformUserId: "round-trip" },
        include: {
          domains: { orderBy: { domain: "asc" } },
          stageTransitions: true,
          actorSnapshot: true,
          goals: true,
          flags: true,
          assessments: true,
          conversations: { include: { answers: true }, orderBy: { openedAt: "asc" } },
        },
      });
      expect(client).toMatchObject({ name: "Sam", status: "active" });
      expect(client.domains.map((d) => [d.domain, d.stage])).toEqual([
        ["exercise", "preparation"],
        ["nutrition", "contemplation"],
        ["sleep", "precontemplation"],
        ["stress", "action"],
      ]);
      // The short first conversation asks how important the change is; confidence comes with the goal.
      expect(client.domains.find((d) => d.domain === "exercise")).toMatchObject({ importance: 7 });
      expect(client.stageTransitions).toHaveLength(4);
      expect(client.goals).toEqual([expect.objectContaining({ key: "g1", kind: "plan", text: "buy walking shoes on Saturday morning", confidence: 8 })]);
      expect(client.flags.map((f) => f.kind)).toEqual(["assessment_gap"]);
      expect(client.assessments).toHaveLength(1);
      expect(client.conversations.map((c) => [c.script, c.status])).toEqual([
        ["onboarding", "closed"],
        ["goal_setting", "closed"],
        ["assessment", "closed"],
      ]);
      expect(client.conversations[0]!.answers.map((a) => a.questionKey).sort()).toEqual([
        "doctor_advised",
        "domain",
        "exertion_symptoms",
        "importance",
        "importance_reason",
        "intention",
        "meets_criterion",
        "name",
      ]);
      // 1 start + 10 first-conversation answers + /assessment + 19 answers (stress: when it started), each a new snapshot version.
      expect(client.actorSnapshot?.version).toBe(31);
      const status = await h.say("round-trip", "/status");
      expect(status[0]).toMatch(/Exercise: getting ready/);
    });

    it("applies concurrent events for one client one after another, losing none", async () => {
      await onboard(h, "concurrent");
      const before = await h.db.prisma.actorSnapshot.findFirstOrThrow({ where: { client: { platformUserId: "concurrent" } } });
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) => h.send("concurrent", { kind: "command", name: "status", args: [] }, `concurrent-${label}-${i}`)),
      );
      expect(results.every((r) => r.status === "applied")).toBe(true);
      const after = await h.db.prisma.actorSnapshot.findUniqueOrThrow({ where: { clientId: before.clientId } });
      expect(after.version).toBe(before.version + 12);
      const replies = await h.db.prisma.outboxMessage.count({ where: { clientId: before.clientId, dedupeKey: { startsWith: `concurrent-${label}-` } } });
      expect(replies).toBe(12);
    });

    it("keeps every answer when a check-in's answers arrive concurrently", async () => {
      await onboard(h, "racing-answers");
      await h.say("racing-answers", "/checkin");
      // Each message answers whichever question is open when it is applied; all must be taken.
      // "7/10" reads the same as a rating, a text and a percentage; a bare "7" to the percentage
      // question would rightly be checked first (7%, or 7 times?).
      await Promise.all(["7/10", "8/10", "9/10"].map((v, i) => h.send("racing-answers", { kind: "message", text: v }, `race-${label}-${i}`)));
      const open = await h.db.prisma.conversation.findFirstOrThrow({
        where: { client: { platformUserId: "racing-answers" }, script: "checkin" },
        include: { answers: true },
      });
      expect(open.answers.map((a) => a.questionKey).sort()).toEqual(["achievement.g1", "best_experience.g1", "feeling"]);
    });

    it("applies a redelivered event id once", async () => {
      await onboard(h, "duplicate");
      const first = await h.send("duplicate", { kind: "command", name: "status", args: [] }, `dup-${label}`);
      const second = await h.send("duplicate", { kind: "command", name: "status", args: [] }, `dup-${label}`);
      const concurrent = await Promise.all([1, 2, 3].map(() => h.send("duplicate", { kind: "command", name: "help", args: [] }, `dup2-${label}`)));
      expect(first.status).toBe("applied");
      expect(second.status).toBe("duplicate");
      expect(concurrent.filter((r) => r.status === "applied")).toHaveLength(1);
      const messages = await h.db.prisma.outboxMessage.count({ where: { dedupeKey: { startsWith: "dup" }, clientId: first.clientId } });
      expect(messages).toBe(2);
    });

    it("greets a newcomer's first message instead of taking it as their name", async () => {
      const replies = await h.say("newcomer", "hi there");
      expect(replies[0]).toMatch(/what name/i);
      const client = await h.db.prisma.client.findFirstOrThrow({ where: { platformUserId: "newcomer" } });
      expect(client.name).toBeNull();
    });
  });
}
