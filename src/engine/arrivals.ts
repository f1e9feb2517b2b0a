// Acknowledgements come first, counted in turns of the event loop. Node accepts one new
// connection per turn (libuv), and on the embedded database every statement runs synchronously
// inside the turn that issues it, while a chain of statements never leaves that turn. So during a
// burst of a thousand new connections (Slack's HTTP events) the last one waits a thousand turns,
// and every turn that also processes an event (a handful of statements, tens of milliseconds)
// holds all the connections still waiting behind it: processing at full speed made the
// acknowledgements of such a burst take 20 to 60 seconds. Work that can wait (processing stored
// events, storing arrivals together) therefore asks for a lull: the first full turn in which
// nothing arrived. While arrivals keep coming, a lane is let through every `everyTurns` turns,
// so a steady stream slows it down but never starves it. Counting turns, not time, keeps this
// independent of the machine's speed and of the injected clock.

export interface Lane {
  /** Turns of continuous arrivals after which the lane is let through anyway. */
  everyTurns: number;
  /** When let through for its turn (not in a lull): everyone waiting, or only the one waiting longest. */
  release: "all" | "oldest";
}

export class Arrivals {
  private count = 0;
  private readonly waiting: { lane: Lane; busy: () => boolean; resolve: () => void }[] = [];
  /** Per lane, turns of arrivals since it was last let through. */
  private readonly turnsWaited = new Map<Lane, number>();
  private watching = false;

  /** Something arrived: an event to store before it is acknowledged. */
  note(): void {
    this.count++;
  }

  /**
   * Resolves at the end of the first full turn in which nothing arrived and `busy` is false (say,
   * acknowledgements still waiting for their store), or when `lane`'s turn comes.
   */
  lull(lane: Lane, busy: () => boolean = () => false): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push({ lane, busy, resolve });
      this.watch();
    });
  }

  private watch(): void {
    if (this.watching) return;
    this.watching = true;
    let seen = this.count;
    const look = () => {
      const quiet = this.count === seen;
      seen = this.count;
      if (quiet) {
        this.turnsWaited.clear();
        // Waiters share their `busy` function: asked once per turn, not once per waiter.
        const busy = new Map<() => boolean, boolean>();
        const isBusy = (w: (typeof this.waiting)[number]) => busy.get(w.busy) ?? busy.set(w.busy, w.busy()).get(w.busy)!;
        const released = this.waiting.filter((w) => !isBusy(w));
        for (const w of released) this.waiting.splice(this.waiting.indexOf(w), 1);
        for (const w of released) w.resolve();
      } else {
        for (const lane of new Set(this.waiting.map((w) => w.lane))) {
          const turns = (this.turnsWaited.get(lane) ?? 0) + 1;
          if (turns < lane.everyTurns) {
            this.turnsWaited.set(lane, turns);
            continue;
          }
          this.turnsWaited.set(lane, 0);
          const ofLane = this.waiting.filter((w) => w.lane === lane);
          const released = lane.release === "all" ? ofLane : ofLane.slice(0, 1);
          for (const w of released) this.waiting.splice(this.waiting.indexOf(w), 1);
          for (const w of released) w.resolve();
        }
      }
      if (this.waiting.length > 0) setImmediate(look);
      else this.watching = false;
    };
    // The first look only notes the count: the turn it runs in was already under way.
    setImmediate(() => {
      seen = this.count;
      setImmediate(look);
    });
  }
}
