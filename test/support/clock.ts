// A clock for tests that run real servers on the wall clock (platform stand-ins sign requests
// with it) but must never sleep: it follows real time, and `skip` jumps it ahead instead of waiting.
import type { Clock } from "../../src/clock.js";

export interface SkippableClock extends Clock {
  skip(ms: number): void;
}

export function skippableClock(): SkippableClock {
  let offsetMs = 0;
  return {
    now: () => new Date(Date.now() + offsetMs),
    skip: (ms) => void (offsetMs += ms),
  };
}
