// A burst of arrivals on the embedded database: acknowledgements come first. Node accepts one new
// connection per turn of its event loop, so a burst arrives one event per turn; here the events
// arrive that way, and the order of what happened is checked (no timing): every event of the
// burst is stored and acknowledged before any is processed, in a few statements rather than one
// per event, and a stream that never pauses still gets its events processed.
import { PGlite } from "@electric-sql/pglite";
import { beforeEach, expect, it } from "vitest";
import type { InboxEntry } from "../../src/engine/inbox.js";
import { createHarness, type Harness, harnessInbox } from "../support/harness.js";

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});

const entry = (eventId: string): InboxEntry => ({ platform: "probe", tenantKey: "t1", eventId, userId: `person-${eventId}`, kind: "probe", payload: {} });

/** Arrivals one per turn of the event loop; what happened, in order; and how many statements stored them. */
async function burst(arrivals: number) {
  const inbox = harnessInbox(h);
  const happened: string[] = [];
  inbox.handle("probe", async (row) => void happened.push(`processed ${row.eventId}`));
  let stores = 0;
  const query = PGlite.prototype.query;
  PGlite.prototype.query = function (this: PGlite, ...args: unknown[]) {
    if (String(args[0]).includes('INSERT INTO "InboxEvent"')) stores++;
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  try {
    const handled: Promise<unknown>[] = [];
    for (let i = 0; i < arrivals; i++) {
      handled.push(
        inbox.receive(entry(`ev-${i}`)).then((row) => {
          happened.push(`acknowledged ev-${i}`);
          return inbox.process(row!);
        }),
      );
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await Promise.all(handled)).toEqual(Array.from({ length: arrivals }, () => "processed"));
  } finally {
    PGlite.prototype.query = query;
  }
  return { happened, stores };
}

it("stores and acknowledges every event of a burst before it processes any, with a few statements", async () => {
  const { happened, stores } = await burst(40);
  const firstProcessed = happened.findIndex((line) => line.startsWith("processed"));
  expect(happened.slice(0, firstProcessed)).toHaveLength(40);
  expect(happened.slice(firstProcessed).every((line) => line.startsWith("processed"))).toBe(true);
  // Arrivals at most 8 turns apart share a statement: 40 events in about 5, not 40.
  expect(stores).toBeLessThanOrEqual(8);
  expect(await h.db.prisma.inboxEvent.count()).toBe(0);
});

it("still processes events while arrivals never pause", async () => {
  const { happened } = await burst(300);
  const lastAcknowledged = happened.findLastIndex((line) => line.startsWith("acknowledged"));
  // One every 64 turns of the stream: some are processed before it ends.
  expect(happened.slice(0, lastAcknowledged).filter((line) => line.startsWith("processed")).length).toBeGreaterThanOrEqual(3);
});
