// Background work tracking (the outbox's run guard is tested in test/outbox/serialised.test.ts).
import { describe, expect, it } from "vitest";
import { createLogger } from "../../../src/log.js";
import { BackgroundWork } from "../../../src/platforms/slack/work.js";

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 5));

describe("BackgroundWork", () => {
  it("logs a failed task instead of throwing, and idle() waits for work started by work", async () => {
    const lines: string[] = [];
    const work = new BackgroundWork(createLogger("info", (l) => void lines.push(l)));
    const done: string[] = [];
    void work.track("outer", async () => {
      await tick();
      void work.track("inner", async () => {
        await tick();
        done.push("inner");
      });
      done.push("outer");
    });
    void work.track("broken", async () => {
      throw new Error("boom");
    });
    await work.idle();
    expect(done).toEqual(["outer", "inner"]);
    expect(lines.some((l) => l.includes("slack: broken failed") && l.includes("boom"))).toBe(true);
  });
});
