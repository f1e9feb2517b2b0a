// The inbox on the embedded database: an event stored but never processed (its process died
// right after the acknowledgement) is taken over once its lease ends and applied once; a
// redelivery of an applied event changes nothing; rows still waiting are in the client's export
// and gone after their deletion.
import { beforeEach, expect, it } from "vitest";
import { deleteClientData, EXPORTED_BY_PERSON, exportClientData } from "../../src/coach/privacy.js";
import type { Inbound } from "../../src/engine/inbound.js";
import { createHarness, type Harness, harnessInbox } from "../support/harness.js";

const LEASE_MS = 30_000;
let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});

const inboxOf = (harness: Harness) => harnessInbox(harness, { deliver: () => harness.sender.deliverDue(), leaseMs: LEASE_MS });

const message = (eventId: string, user: string, text: string): Inbound => ({
  kind: "message",
  text,
  eventId,
  tenant: { platform: "console", externalId: "local", name: "Console" },
  user: { platformUserId: user },
});

it("takes over an event whose process died after storing it, once its lease ends, and applies it once", async () => {
  const dying = inboxOf(h);
  expect(await dying.receiveInbound(message("crash-1", "kai", "hi"))).not.toBeNull();
  // The process is gone; another instance (or the next start) sweeps.
  const next = inboxOf(h);
  expect(await next.sweep()).toBe(0);
  h.clock.advance(LEASE_MS + 1);
  expect(await next.sweep()).toBe(1);
  expect(await h.db.prisma.processedEvent.count({ where: { eventId: "crash-1" } })).toBe(1);
  expect(await h.db.prisma.inboxEvent.count()).toBe(0);
  expect(h.delivered.map((m) => m.prompts.map((p) => p.text).join(" "))).toEqual([expect.stringMatching(/What name would you like me to use\?/)]);

  // The platform sends it again (it never heard back): stored again, found a duplicate, no second reply.
  const row = await next.receiveInbound(message("crash-1", "kai", "hi"));
  expect(await next.process(row!)).toBe("processed");
  expect(await h.db.prisma.processedEvent.count({ where: { eventId: "crash-1" } })).toBe(1);
  expect(await h.db.prisma.inboxEvent.count()).toBe(0);
  expect(h.delivered).toHaveLength(1);
});

it("stores an event once however often it arrives before it is processed, and keeps each person's events in order", async () => {
  const inbox = inboxOf(h);
  const [first, again, second] = await Promise.all([
    inbox.receiveInbound(message("order-1", "mo", "hi")),
    inbox.receiveInbound(message("order-1", "mo", "hi")),
    inbox.receiveInbound(message("order-2", "mo", "Mo")),
  ]);
  expect(first).not.toBeNull();
  expect(again).toBeNull();
  // Handed over at once, as an adapter does on a burst: still one after the other, in arrival order.
  expect(await Promise.all([inbox.process(first!), inbox.process(second!)])).toEqual(["processed", "processed"]);
  const applied = await h.db.prisma.processedEvent.findMany({ where: { eventId: { startsWith: "order-" } }, orderBy: { processedAt: "asc" } });
  expect(applied.map((e) => e.eventId).sort()).toEqual(["order-1", "order-2"]);
  // "Mo" answered the name question the greeting asked: "hi" came first. The other way round,
  // "Mo" would have been greeted and "hi" taken as the name.
  const client = await h.db.prisma.client.findFirstOrThrow({ where: { platformUserId: "mo" }, include: { actorSnapshot: true } });
  const state = JSON.stringify(client.actorSnapshot?.snapshot);
  expect(state).toContain('"Mo"');
  expect(state).not.toContain('"hi"');
});

it("puts a client's events still waiting in the inbox in their export, and deletes them with the client", async () => {
  await h.say("ari", "hi");
  const client = await h.db.prisma.client.findFirstOrThrow({ where: { platformUserId: "ari" } });
  const inbox = inboxOf(h);
  await inbox.receiveInbound(message("waiting-1", "ari", "something only Ari wrote"));
  await inbox.receiveInbound(message("someone-else", "bo", "not Ari's"));

  const exported = JSON.parse(JSON.stringify(await exportClientData(h.db.prisma, client.id, "client"))) as Record<string, unknown>;
  const waiting = EXPORTED_BY_PERSON.InboxEvent!(exported) as { eventId: string; payload: { text: string } }[];
  expect(waiting.map((e) => [e.eventId, e.payload.text])).toEqual([["waiting-1", "something only Ari wrote"]]);

  await deleteClientData(h.db.prisma, client.id);
  expect(await h.db.prisma.inboxEvent.findMany({ select: { eventId: true } })).toEqual([{ eventId: "someone-else" }]);
});
