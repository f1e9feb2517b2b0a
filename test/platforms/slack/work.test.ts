// Background work tracking and the never-overlapping outbox runs the adapter relies on.
import { describe, expect, it } from "vitest";
import { createLogger } from "../../../src/log.js";
import { BackgroundWork, serialised } from "../../../src/platforms/slack/work.js";

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 5));

describe("serialised", () => {
  it("never overlaps runs, and coalesces calls made during a run into one more run", async () => {
    let active = 0;
    let maxActive = 0;
    let runs = 0;
    const run = serialised(async () => {
      active++;
      maxActive = Math.max(maxActive, active);
      runs++;
      await tick();
      active--;
    });
    const first = run();
    const during = [run(), run(), run()];
    await Promise.all([first, ...during]);
    expect(maxActive).toBe(1);
    expect(runs).toBe(2);
    // Every caller during the first run waited for the second, which started after it.
    await run();
    expect(runs).toBe(3);
  });

  it("passes a failure to its callers and keeps working afterwards", async () => {
    let fail = true;
    const run = serialised(async () => {
      await tick();
      if (fail) throw new Error("db down");
    });
    await expect(run()).rejects.toThrow("db down");
    fail = false;
    await expect(run()).resolves.toBeUndefined();
  });
});

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
