// Group commit: calls made while statements are under way are served together by the next one,
// so a burst of events costs a few statements instead of one per event, while a lone event
// starts at once. The inbox stores what arrives the same way (src/engine/inbox.ts).

interface Waiting<In, Out> {
  input: In;
  key: string | undefined;
  resolve: (output: Out) => void;
  reject: (error: unknown) => void;
}

export interface GroupCommitOptions<In> {
  /** Inputs with equal keys are never served at the same time (the later waits for the next batch). */
  keyOf?: (input: In) => string;
  /** Batches under way at once: a second one overlaps the first's round trip (default 2). */
  inFlight?: number;
  maxBatch?: number;
}

export class GroupCommit<In, Out> {
  private readonly waiting: Waiting<In, Out>[] = [];
  private readonly busyKeys = new Set<string>();
  private running = 0;

  /** `run` serves a batch, one output per input in order (it may throw: every call of the batch then throws). */
  constructor(
    private readonly run: (inputs: In[]) => Promise<Out[]>,
    private readonly options: GroupCommitOptions<In> = {},
  ) {}

  submit(input: In): Promise<Out> {
    return this.submitAll([input]).then((outputs) => outputs[0]!);
  }

  /** Several inputs at once: they share a statement as far as their keys and the batch size allow. */
  submitAll(inputs: readonly In[]): Promise<Out[]> {
    const outputs = inputs.map(
      (input) => new Promise<Out>((resolve, reject) => this.waiting.push({ input, key: this.options.keyOf?.(input), resolve, reject })),
    );
    this.next();
    return Promise.all(outputs);
  }

  private next(): void {
    const { inFlight = 2, maxBatch = 500 } = this.options;
    if (this.running >= inFlight || this.waiting.length === 0) return;
    const batch: Waiting<In, Out>[] = [];
    for (let i = 0; i < this.waiting.length && batch.length < maxBatch; ) {
      const { key } = this.waiting[i]!;
      if (key !== undefined && this.busyKeys.has(key)) {
        i++;
        continue;
      }
      if (key !== undefined) this.busyKeys.add(key);
      batch.push(...this.waiting.splice(i, 1));
    }
    if (batch.length === 0) return;
    this.running++;
    void this.run(batch.map((w) => w.input))
      .then(
        (outputs) => {
          for (const [i, w] of batch.entries()) w.resolve(outputs[i]!);
        },
        (error: unknown) => {
          for (const w of batch) w.reject(error);
        },
      )
      .finally(() => {
        this.running--;
        for (const w of batch) if (w.key !== undefined) this.busyKeys.delete(w.key);
        this.next();
      });
    // A second batch may start beside this one.
    this.next();
  }
}
