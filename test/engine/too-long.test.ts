// A typed message over the limit (a 1 MB paste) is neither stored nor echoed: the client gets a
// kind reply asking for a shorter one, the operator a log line, and nothing answered is lost.
import { afterAll, beforeAll, expect, it } from "vitest";
import { CoachingEngine, MAX_TYPED_LENGTH } from "../../src/engine/engine.js";
import { createLogger } from "../../src/log.js";
import { createClientMachine } from "../../src/machines/client.machine.js";
import { catalog, createHarness, type Harness } from "../support/harness.js";

let h: Harness;
let engine: CoachingEngine;
const logLines: string[] = [];
beforeAll(async () => {
  h = await createHarness();
  // An engine on the same database as the harness's, with a log that can be read.
  engine = new CoachingEngine({
    prisma: h.db.prisma,
    machine: createClientMachine(catalog),
    catalog,
    clock: h.clock,
    log: createLogger("warn", (l) => logLines.push(l)),
  });
}, 120_000);
const sendLong = (text: string, eventId: string) =>
  engine.handle({ kind: "message", text, eventId, tenant: { platform: "console", externalId: "local", name: "Console" }, user: { platformUserId: "paster" } });
afterAll(async () => h?.db.close());

it("declines a message over the limit kindly, stores and echoes none of it, and carries on from the open question", async () => {
  const eventIds = { first: "long-1" };
  await h.send("paster", { kind: "start" });
  const asked = await h.say("paster", "Robin");
  expect(asked.join("\n")).toMatch(/\?/);
  const before = await h.db.prisma.actorSnapshot.findFirstOrThrow({ where: { client: { platformUserId: "paster" } } });
  const answersBefore = await h.db.prisma.answer.findMany({ where: { conversation: { client: { platformUserId: "paster" } } } });

  const huge = "x".repeat(1_000_000);
  const sent = h.delivered.length;
  const result = await sendLong(huge, eventIds.first);
  await h.sender.deliverDue();
  const replies = h.delivered.slice(sent).flatMap((m) => m.prompts.map((p) => p.text));
  expect(result.status).toBe("applied");
  expect(replies).toEqual([expect.stringMatching(/longer than I can take in one go \(2,000 characters at most\).*shorter version/)]);
  expect(replies.join("").length).toBeLessThan(500);

  // Nothing stored: no answer, same snapshot, no outbox row holding the text.
  const after = await h.db.prisma.actorSnapshot.findFirstOrThrow({ where: { clientId: before.clientId } });
  expect(after.version).toBe(before.version);
  expect(await h.db.prisma.answer.findMany({ where: { conversation: { clientId: before.clientId } } })).toEqual(answersBefore);
  const rows = await h.db.prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "OutboxMessage" WHERE payload::text LIKE '%xxxxxxxxxx%'`;
  expect(Number(rows[0]!.n)).toBe(0);
  expect(logLines.some((l) => /typed message too long/.test(l) && l.includes(`"length":1000000`) && !l.includes("xxxxxxxxxx"))).toBe(true);

  // A redelivery of the same event is not answered twice.
  expect((await sendLong(huge, eventIds.first)).status).toBe("duplicate");

  // Exactly at the limit is still an answer; the conversation goes on from the same question.
  const atLimit = await h.say("paster", "3".padEnd(MAX_TYPED_LENGTH, " "));
  expect(atLimit.join("\n")).not.toMatch(/longer than I can take/);
  expect((await h.db.prisma.actorSnapshot.findFirstOrThrow({ where: { clientId: before.clientId } })).version).toBe(before.version + 1);
}, 120_000);
