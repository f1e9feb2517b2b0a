// Group commit: calls made while a statement is under way are served together by the next one,
// so a burst of events costs a few statements instead of one per event, while a lone event
// starts at once. The inbox stores what arrives the same way (src/engine/inbox.ts).

interface Waiting<In, Out> {
  input: In;
  resolve: (output: Out) => void;
  reject: (error: unknown) => void;
}

export class GroupCommit<In, Out> {
  private readonly waiting: Waiting<In, Out>[] = [];
  private running = false;

  /**
   * `run` serves a batch, one output per input in order (it may throw: every call of the batch
   * then throws). `keyOf`: inputs with equal keys never share a batch (the later waits for the next).
   */
  constructor(
    private readonly run: (inputs: In[]) => Promise<Out[]>,
    private readonly keyOf?: (input: In) => string,
    private readonly maxBatch = 500,
  ) {}

  submit(input: In): Promise<Out> {
    return this.submitAll([input]).then((outputs) => outputs[0]!);
  }

  /** Several inputs at once: they share a statement as far as their keys and the batch size allow. */
  submitAll(inputs: readonly In[]): Promise<Out[]> {
    const outputs = inputs.map((input) => new Promise<Out>((resolve, reject) => this.waiting.push({ input, resolve, reject })));
    this.next();
    return Promise.all(outputs);
  }

  private next(): void {
    if (this.running || this.waiting.length === 0) return;
    this.running = true;
    const batch: Waiting<In, Out>[] = [];
    const keys = new Set<string>();
    for (let i = 0; i < this.waiting.length && batch.length < this.maxBatch; ) {
      const key = this.keyOf?.(this.waiting[i]!.input);
      if (key !== undefined && keys.has(key)) {
        i++;
        continue;
      }
      if (key !== undefined) keys.add(key);
      batch.push(...this.waiting.splice(i, 1));
    }
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
        this.running = false;
        this.next();
      });
  }
}
