import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Runs calls that arrive while earlier batches are in flight together, as one batch: under load
 * many callers share one round trip, while a lone call goes out at once, never waiting on a timer.
 */
export class Coalescer<In, Out> {
  private queued: { input: In; resolve: (out: Out) => void; reject: (error: unknown) => void }[] =
    [];
  private inFlight = 0;

  /**
   * `run` answers each input at the same index. `maxInFlight` bounds the batches running at once
   * (database connections they take); `maxBatch` bounds one batch's size. With `gatherMs`, a
   * batch of several calls (the sign of load) keeps its place for that long after it ends, unless
   * a full batch is already waiting, so that the calls arriving meanwhile make the next batch
   * larger; after a batch of one the next goes at once.
   */
  constructor(
    private readonly run: (inputs: In[]) => Promise<Out[]>,
    private readonly options: { maxInFlight: number; maxBatch: number; gatherMs?: number },
  ) {}

  call(input: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.queued.push({ input, resolve, reject });
      this.flush();
    });
  }

  private flush(): void {
    while (this.inFlight < this.options.maxInFlight && this.queued.length > 0) {
      const batch = this.queued.splice(0, this.options.maxBatch);
      this.inFlight += 1;
      void this.runBatch(batch)
        .then(() => this.gather(batch.length))
        .finally(() => {
          this.inFlight -= 1;
          this.flush();
        });
    }
  }

  private async gather(lastBatchSize: number): Promise<void> {
    const { gatherMs, maxBatch } = this.options;
    if (gatherMs && lastBatchSize > 1 && this.queued.length < maxBatch) await sleep(gatherMs);
  }

  private async runBatch(batch: typeof this.queued): Promise<void> {
    try {
      const outputs = await this.run(batch.map((b) => b.input));
      if (outputs.length !== batch.length)
        throw new Error(`A batch of ${batch.length} was answered with ${outputs.length} results`);
      batch.forEach((b, i) => b.resolve(outputs[i]!));
    } catch (error) {
      for (const b of batch) b.reject(error);
    }
  }
}
