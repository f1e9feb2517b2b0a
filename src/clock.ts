// Time is injected so schedules and tests can run at any chosen instant.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(start: Date | string): Clock & { set(t: Date | string): void; advance(ms: number): void } {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set: (t) => void (current = new Date(t)),
    advance: (ms) => void (current = new Date(current.getTime() + ms)),
  };
}
