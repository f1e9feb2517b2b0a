// A coach renames a step of flows/checkin.yaml while a client has a check-in open. The next event
// of that client (/help here) closes the check-in kindly with a log line, and the client carries on.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { CoachingEngine } from "../../src/engine/engine.js";
import { loadCatalog } from "../../src/flows/loader.js";
import { createLogger } from "../../src/log.js";
import { createClientMachine } from "../../src/machines/client.machine.js";
import { createHarness, type Harness, onboard } from "../support/harness.js";

let h: Harness;
let edited: CoachingEngine;
const logLines: string[] = [];
const dir = mkdtempSync(path.join(tmpdir(), "coach-flows-"));

beforeAll(async () => {
  h = await createHarness();
  cpSync(path.resolve("flows"), dir, { recursive: true });
  const file = path.join(dir, "checkin.yaml");
  writeFileSync(file, readFileSync(file, "utf8").replace("- key: best_experience", "- key: best_moment"));
  const catalog = loadCatalog(dir);
  // The same database, restarted with the edited flows.
  edited = new CoachingEngine({
    prisma: h.db.prisma,
    machine: createClientMachine(catalog),
    catalog,
    clock: h.clock,
    log: createLogger("warn", (l) => logLines.push(l)),
  });
}, 120_000);
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await h?.db.close();
});

it("closes the check-in opened before the edit kindly, answers /help, and lets the client start a new one", { timeout: 120_000 }, async () => {
  await onboard(h, "walker");
  await h.say("walker", "/checkin");
  expect((await h.say("walker", "7")).join("\n")).toMatch(/best moment/);

  const send = async (text: string, eventId: string) => {
    const before = h.delivered.length;
    const result = await edited.handle({
      kind: "command",
      name: text,
      args: [],
      eventId,
      tenant: { platform: "console", externalId: "local", name: "Console" },
      user: { platformUserId: "walker" },
    });
    await h.sender.deliverDue();
    return { result, texts: h.delivered.slice(before).flatMap((m) => m.prompts.map((p) => p.text)) };
  };
  const help = await send("help", "after-edit-1");
  expect(help.result.status).toBe("applied");
  expect(help.texts[0]).toMatch(
    /the questions of your weekly check-in changed since we started it, so I've closed it\. What you answered is saved\. .*\/checkin/,
  );
  expect(help.texts[1]).toMatch(/\/checkin/);
  expect(logLines.join("\n")).toMatch(/flows changed under an open conversation: closing it kindly.*"script":"checkin".*"step":"best_experience/);

  const conversations = await h.db.prisma.conversation.findMany({
    where: { client: { platformUserId: "walker" }, script: "checkin" },
    include: { answers: true },
  });
  expect(conversations).toEqual([expect.objectContaining({ status: "set_aside", answers: [expect.objectContaining({ questionKey: "feeling", value: 7 })] })]);

  const again = await send("checkin", "after-edit-2");
  expect(again.texts.join("\n")).toMatch(/How are you doing/);
});
