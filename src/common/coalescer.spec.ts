import { setTimeout as sleep } from 'node:timers/promises';
import { Coalescer } from './coalescer.js';

/** A batch function whose batches finish only when the test says so. */
function controlledBatches() {
  const batches: { inputs: number[]; finish: () => void; fail: (e: Error) => void }[] = [];
  const run = (inputs: number[]) =>
    new Promise<string[]>((resolve, reject) => {
      batches.push({
        inputs,
        finish: () => resolve(inputs.map((n) => `#${n}`)),
        fail: reject,
      });
    });
  return { batches, run };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('Coalescer', () => {
  it('sends a lone call at once, without waiting for company', async () => {
    const { batches, run } = controlledBatches();
    const c = new Coalescer(run, { maxInFlight: 1, maxBatch: 10 });
    const answer = c.call(1);
    expect(batches.map((b) => b.inputs)).toEqual([[1]]);
    batches[0]!.finish();
    await expect(answer).resolves.toBe('#1');
  });

  it('gathers the calls made while a batch is in flight into the next batch, answering each its own result', async () => {
    const { batches, run } = controlledBatches();
    const c = new Coalescer(run, { maxInFlight: 1, maxBatch: 10 });
    const answers = [1, 2, 3, 4].map((n) => c.call(n));
    expect(batches.map((b) => b.inputs)).toEqual([[1]]);
    batches[0]!.finish();
    await tick();
    expect(batches.map((b) => b.inputs)).toEqual([[1], [2, 3, 4]]);
    batches[1]!.finish();
    await expect(Promise.all(answers)).resolves.toEqual(['#1', '#2', '#3', '#4']);
  });

  it('keeps at most maxInFlight batches running and splits at maxBatch', async () => {
    const { batches, run } = controlledBatches();
    const c = new Coalescer(run, { maxInFlight: 2, maxBatch: 2 });
    const answers = [1, 2, 3, 4, 5, 6, 7].map((n) => c.call(n));
    expect(batches.map((b) => b.inputs)).toEqual([[1], [2]]);
    batches[0]!.finish();
    await tick();
    expect(batches.map((b) => b.inputs)).toEqual([[1], [2], [3, 4]]);
    batches[1]!.finish();
    batches[2]!.finish();
    await tick();
    expect(batches.map((b) => b.inputs)).toEqual([[1], [2], [3, 4], [5, 6], [7]]);
    batches[3]!.finish();
    batches[4]!.finish();
    await expect(Promise.all(answers)).resolves.toHaveLength(7);
  });

  it('fails every call of a failed batch and goes on with the next', async () => {
    const { batches, run } = controlledBatches();
    const c = new Coalescer(run, { maxInFlight: 1, maxBatch: 10 });
    const first = c.call(1);
    const [second, third] = [c.call(2), c.call(3)];
    batches[0]!.fail(new Error('database went away'));
    await expect(first).rejects.toThrow('database went away');
    await tick();
    batches[1]!.fail(new Error('still down'));
    await expect(second).rejects.toThrow('still down');
    await expect(third).rejects.toThrow('still down');
    const fourth = c.call(4);
    await tick();
    batches[2]!.finish();
    await expect(fourth).resolves.toBe('#4');
  });

  it('under load, waits gatherMs after a batch so that the calls arriving meanwhile join the next', async () => {
    const { batches, run } = controlledBatches();
    const c = new Coalescer(run, { maxInFlight: 1, maxBatch: 10, gatherMs: 40 });
    const answers = [1, 2, 3].map((n) => c.call(n));
    batches[0]!.finish();
    await tick();
    // After a lone call nothing waits: 2 and 3 go at once.
    expect(batches.map((b) => b.inputs)).toEqual([[1], [2, 3]]);
    answers.push(c.call(4));
    batches[1]!.finish();
    await tick();
    answers.push(c.call(5));
    await tick();
    expect(batches).toHaveLength(2);
    await sleep(80);
    expect(batches.map((b) => b.inputs)).toEqual([[1], [2, 3], [4, 5]]);
    batches[2]!.finish();
    await expect(Promise.all(answers)).resolves.toEqual(['#1', '#2', '#3', '#4', '#5']);
  });

  it('does not wait when a full batch is already queued', async () => {
    const { batches, run } = controlledBatches();
    const c = new Coalescer(run, { maxInFlight: 1, maxBatch: 2, gatherMs: 60_000 });
    const answers = [1, 2, 3, 4, 5].map((n) => c.call(n));
    batches[0]!.finish();
    await tick();
    expect(batches.map((b) => b.inputs)).toEqual([[1], [2, 3]]);
    batches[1]!.finish();
    await tick();
    expect(batches.map((b) => b.inputs)).toEqual([[1], [2, 3], [4, 5]]);
    batches[2]!.finish();
    await expect(Promise.all(answers)).resolves.toHaveLength(5);
  });

  it('fails the batch when the answers do not match the calls one to one', async () => {
    const c = new Coalescer(async () => [] as string[], { maxInFlight: 1, maxBatch: 10 });
    await expect(c.call(1)).rejects.toThrow('A batch of 1 was answered with 0 results');
  });
});
