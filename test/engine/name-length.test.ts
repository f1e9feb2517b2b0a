// A name longer than any real one (a paste, a held key) is not taken as the client's name: they
// are asked kindly for a shorter one, and the conversation carries on from there.
import { afterAll, beforeAll, expect, it } from "vitest";
import { MAX_NAME_LENGTH } from "../../src/domain/understanding/index.js";
import { createHarness, type Harness } from "../support/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
}, 120_000);
afterAll(async () => h?.db.close());

it("asks again for a name over the limit, then takes a shorter one", async () => {
  await h.send("longname", { kind: "start" });
  const tooLong = (await h.say("longname", "N".repeat(1999))).join("\n");
  expect(tooLong).toContain(`${MAX_NAME_LENGTH} characters`);
  expect(tooLong).not.toContain("NNNNNNNNNN");
  const atLimit = "A".repeat(MAX_NAME_LENGTH);
  expect((await h.say("longname", atLimit)).join("\n")).toContain(`Nice to meet you, ${atLimit}.`);
}, 120_000);
