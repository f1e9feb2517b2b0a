// The pipeline's delivery runs never overlap (two would send the same pending rows twice).
import { describe, expect, it } from "vitest";
import type { CoachingEngine } from "../../../src/engine/engine.js";
import type { Inbound } from "../../../src/engine/inbound.js";
import { createLogger } from "../../../src/log.js";
import type { OutboxSender } from "../../../src/outbox/sender.js";
import { createPipeline, discordTenant } from "../../../src/platforms/discord/pipeline.js";

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** A sender whose runs finish only when the test says so. */
function gatedSender() {
  const state = { started: 0, running: 0, maxRunning: 0, release: [] as (() => void)[] };
  const sender = {
    async deliverDue() {
      state.started++;
      state.running++;
      state.maxRunning = Math.max(state.maxRunning, state.running);
      await new Promise<void>((resolve) => state.release.push(resolve));
      state.running--;
      return { sent: 0, retried: 0, dead: 0 };
    },
  };
  return { state, sender: sender as unknown as OutboxSender };
}

const inbound: Inbound = {
  kind: "message",
  text: "hi",
  eventId: "e1",
  tenant: { platform: "discord", externalId: "g", name: "G" },
  user: { platformUserId: "u" },
};

describe("createPipeline", () => {
  it("runs deliveries one at a time, and once more for calls made during a run", async () => {
    const { state, sender } = gatedSender();
    const pipeline = createPipeline({ engine: {} as CoachingEngine, sender, log: createLogger("silent") });
    let settled = 0;
    const first = pipeline.deliver().then(() => settled++);
    await tick();
    const during = [pipeline.deliver(), pipeline.deliver(), pipeline.deliver()].map((p) => p.then(() => settled++));
    await tick();
    expect(state.started).toBe(1);
    state.release.shift()!();
    await first;
    await tick();
    // The three calls made during the first run share one more run, which has not ended yet.
    expect(state.started).toBe(2);
    expect(settled).toBe(1);
    state.release.shift()!();
    await Promise.all(during);
    expect(settled).toBe(4);
    expect(state.started).toBe(2);
    expect(state.maxRunning).toBe(1);
  });

  it("delivers after the engine, even when the engine fails, and reports the failure", async () => {
    const calls: string[] = [];
    const sender = {
      deliverDue: async () => {
        calls.push("deliver");
        return { sent: 0, retried: 0, dead: 0 };
      },
    } as unknown as OutboxSender;
    const engine = (fail: boolean) =>
      ({
        handle: async (event: Inbound) => {
          calls.push(`handle ${event.eventId}`);
          if (fail) throw new Error("database down");
          return { status: "applied", clientId: "c", messagesQueued: 1 };
        },
      }) as unknown as CoachingEngine;
    const lines: string[] = [];
    expect(await createPipeline({ engine: engine(false), sender, log: createLogger("silent") }).submit(inbound)).toBe(true);
    expect(await createPipeline({ engine: engine(true), sender, log: createLogger("error", (l) => lines.push(l)) }).submit(inbound)).toBe(false);
    expect(calls).toEqual(["handle e1", "deliver", "handle e1", "deliver"]);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: "error", eventId: "e1", error: { message: "database down" } });
  });
});

describe("discordTenant", () => {
  it("is the configured server, named from the cache when known, else the one DM tenant", () => {
    expect(discordTenant("42", () => "Team")).toEqual({ platform: "discord", externalId: "42", name: "Team" });
    expect(discordTenant("42", () => undefined)).toEqual({ platform: "discord", externalId: "42", name: "Discord server 42" });
    expect(discordTenant(undefined, () => "unused")).toEqual({ platform: "discord", externalId: "dm", name: "Discord" });
  });
});
