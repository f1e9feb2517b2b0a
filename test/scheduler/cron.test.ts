// The per-minute tick as the bot starts it (src/main.ts): node-cron's own timers, driven by
// vitest's fake timers and Date, run real scheduler passes on a real engine and database; only
// the platform is a stand-in, one that can hold a delivery as a slow API would. A due check-in
// must go out at its minute, a slow pass must never run beside itself (what falls due meanwhile
// waits for the next minute, and is not lost), and shutdown must wait for the pass under way.
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { createLogger } from "../../src/log.js";
import { OutboxSender } from "../../src/outbox/sender.js";
import { startSchedulerTick } from "../../src/scheduler/cron.js";
import { catalog, createHarness, type Harness } from "../support/harness.js";
import { scheduledClient, schedulerDeps } from "../support/scheduler.js";

let h: Harness;
/** What the tick logged, and who the platform stand-in delivered to, in order. */
let lines: { level: string; msg: string; cron?: string; at?: string; claimed?: number; done?: number; failed?: number }[];
let deliveredTo: string[];
/** Deliveries the platform stand-in has been asked for so far (held ones included). */
let asked: number;
let watchers: { ready: () => boolean; resolve: () => void }[];

function changed(): void {
  for (const w of watchers.filter((w) => w.ready())) {
    watchers.splice(watchers.indexOf(w), 1);
    w.resolve();
  }
}

/** Resolves when `ready` holds: checked after every log line and delivery, not on a timer (time is fake here). */
function when(ready: () => boolean): Promise<void> {
  if (ready()) return Promise.resolve();
  return new Promise((resolve) => watchers.push({ ready, resolve }));
}

const log = createLogger("info", (line) => {
  lines.push(JSON.parse(line));
  changed();
});
const passes = () => lines.filter((l) => l.msg === "scheduler pass");

/** A platform that delivers at once while open, and holds every delivery while closed. */
let platformOpen: Promise<void>;
let openPlatform: () => void;
function closePlatform(): void {
  platformOpen = new Promise((resolve) => (openPlatform = resolve));
}

function startTick() {
  const sender = new OutboxSender({
    prisma: h.db.prisma,
    catalog,
    clock: h.clock,
    log,
    deliverers: {
      console: {
        deliver: async (m) => {
          asked++;
          changed();
          await platformOpen;
          deliveredTo.push(m.recipient);
          changed();
          return {};
        },
      },
    },
  });
  return startSchedulerTick({ ...schedulerDeps({ prisma: h.db.prisma, engine: h.engine, sender, catalog, clock: h.clock, log }), clock: h.clock, log });
}

/** Moves node-cron's time (the faked system time) and the passes' injected clock to `at` together. */
async function until(at: string): Promise<void> {
  h.clock.set(at);
  await vi.advanceTimersByTimeAsync(new Date(at).getTime() - Date.now());
}

/** A client with their weekly check-in on Mondays at `checkinTime` (UTC), onboarded the Tuesday before. */
const client = (user: string, checkinTime: string) => scheduledClient(h, user, { checkinTime });

/** The status of the client's first weekly check-in (Monday 30 November). */
async function checkinStatus(user: string): Promise<string> {
  const { id } = await h.db.prisma.client.findFirstOrThrow({ where: { platformUserId: user } });
  return (await h.db.prisma.scheduledJob.findFirstOrThrow({ where: { kind: "checkin", clientId: id }, orderBy: { dueAt: "asc" } })).status;
}

beforeEach(async () => {
  lines = [];
  deliveredTo = [];
  asked = 0;
  watchers = [];
  platformOpen = Promise.resolve();
  h = await createHarness();
});
afterEach(async () => {
  vi.useRealTimers();
  await h.db.close();
});

it("sends a check-in at the minute it falls due, and not a minute before", async () => {
  await client("ana", "09:00");
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"], now: new Date("2026-11-30T08:58:30Z") });
  const tick = startTick();
  try {
    await until("2026-11-30T08:59:00Z");
    expect(await checkinStatus("ana")).toBe("pending");
    await until("2026-11-30T09:00:00Z");
    await when(() => passes().length === 1);
    expect(passes()).toEqual([expect.objectContaining({ at: "2026-11-30T09:00:00.000Z", claimed: 1, done: 1, failed: 0 })]);
    expect(deliveredTo).toEqual(["ana"]);
    expect(await checkinStatus("ana")).toBe("done");
  } finally {
    await tick.stop();
  }
});

it("runs no pass beside a slow one; what fell due meanwhile goes out at the next minute", async () => {
  await client("ana", "09:00");
  await client("ben", "09:01");
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"], now: new Date("2026-11-30T08:59:30Z") });
  const tick = startTick();
  try {
    // The 09:00 pass queues ana's check-in, then waits for the platform through 09:01 and 09:02.
    closePlatform();
    await until("2026-11-30T09:00:00Z");
    await when(() => asked === 1);
    await until("2026-11-30T09:02:00Z");
    expect(deliveredTo).toEqual([]);
    expect(await checkinStatus("ben")).toBe("pending");
    // The operator sees each skipped minute in the bot's own log.
    expect(lines.filter((l) => l.level === "warn")).toEqual([
      expect.objectContaining({ cron: "coach-scheduler", msg: expect.stringMatching(/still running/) }),
      expect.objectContaining({ cron: "coach-scheduler", msg: expect.stringMatching(/still running/) }),
    ]);
    openPlatform();
    await when(() => passes().length === 1);
    await until("2026-11-30T09:03:00Z");
    await when(() => passes().length === 2);
    // A pass beside the slow one would have claimed ben's check-in at 09:01 or 09:02.
    expect(passes()).toEqual([
      expect.objectContaining({ at: "2026-11-30T09:00:00.000Z", claimed: 1, done: 1 }),
      expect.objectContaining({ at: "2026-11-30T09:03:00.000Z", claimed: 1, done: 1 }),
    ]);
    expect(deliveredTo).toEqual(["ana", "ben"]);
    expect(await checkinStatus("ben")).toBe("done");
  } finally {
    await tick.stop();
  }
});

it("stops only once the pass under way has finished, and runs none after", async () => {
  await client("ana", "09:00");
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"], now: new Date("2026-11-30T08:59:30Z") });
  const tick = startTick();
  closePlatform();
  await until("2026-11-30T09:00:00Z");
  await when(() => asked === 1);
  let stopped = false;
  const stopping = tick.stop().then(() => (stopped = true));
  // The database answers meanwhile, and a minute passes: the pass is waiting for the platform, and so is stop().
  expect(await checkinStatus("ana")).toBe("done");
  await until("2026-11-30T09:01:00Z");
  expect(stopped).toBe(false);
  openPlatform();
  await stopping;
  expect(passes()).toHaveLength(1);
  expect(deliveredTo).toEqual(["ana"]);
  await client("ben", "09:05");
  await until("2026-11-30T09:10:00Z");
  expect(await checkinStatus("ben")).toBe("pending");
  expect(passes()).toHaveLength(1);
});
