// The one guard against overlapping outbox runs (OutboxSender.deliverDue is wrapped in it).
import { describe, expect, it } from "vitest";
import { serialised } from "../../src/outbox/serialised.js";

/** A run that finishes when the test says so: no real time involved. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe("serialised", () => {
  it("never overlaps runs, and coalesces calls made during a run into one more run", async () => {
    let active = 0;
    let maxActive = 0;
    let runs = 0;
    const gates = [gate(), gate(), gate()];
    const run = serialised(async () => {
      active++;
      maxActive = Math.max(maxActive, active);
      const g = gates[runs++]!;
      await g.opened;
      active--;
    });
    const first = run();
    const during = [run(), run(), run()];
    gates[0]!.open();
    await first;
    gates[1]!.open();
    await Promise.all(during);
    expect(maxActive).toBe(1);
    expect(runs).toBe(2);
    // Every caller during the first run waited for the second, which started after it.
    gates[2]!.open();
    await run();
    expect(runs).toBe(3);
  });

  it("passes a failure to its callers and keeps working afterwards", async () => {
    let fail = true;
    const run = serialised(async () => {
      await Promise.resolve();
      if (fail) throw new Error("db down");
      return "sent";
    });
    await expect(run()).rejects.toThrow("db down");
    fail = false;
    await expect(run()).resolves.toBe("sent");
  });
});
