// The pipeline: the engine first, then delivery, also after a failure (the run guard is the
// sender's own, tested in test/outbox/serialised.test.ts).
import { describe, expect, it } from "vitest";
import type { CoachingEngine } from "../../../src/engine/engine.js";
import type { Inbound } from "../../../src/engine/inbound.js";
import { createLogger } from "../../../src/log.js";
import { createPipeline, discordTenant } from "../../../src/platforms/discord/pipeline.js";

const inbound: Inbound = {
  kind: "message",
  text: "hi",
  eventId: "e1",
  tenant: { platform: "discord", externalId: "g", name: "G" },
  user: { platformUserId: "u" },
};

describe("createPipeline", () => {
  it("delivers after the engine, even when the engine fails, and reports the failure", async () => {
    const calls: string[] = [];
    const deliver = async () => void calls.push("deliver");
    const engine = (fail: boolean) =>
      ({
        handle: async (event: Inbound) => {
          calls.push(`handle ${event.eventId}`);
          if (fail) throw new Error("database down");
          return { status: "applied", clientId: "c", messagesQueued: 1 };
        },
      }) as unknown as CoachingEngine;
    const lines: string[] = [];
    expect(await createPipeline({ engine: engine(false), deliver, log: createLogger("silent") }).submit(inbound)).toBe(true);
    expect(await createPipeline({ engine: engine(true), deliver, log: createLogger("error", (l) => lines.push(l)) }).submit(inbound)).toBe(false);
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
