import { setTimeout as sleep } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Gauge } from 'prom-client';
import { PublishingMetrics } from './publishing-metrics.js';

// A full collection on demand, without starting Jest with --expose-gc.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** An application's metrics with one series whose collect function holds `state`. */
function applicationMetrics(state: { value: number }): PublishingMetrics {
  const metrics = new PublishingMetrics();
  new Gauge({
    name: 'countervoice_test_state',
    help: 'A value of the application',
    registers: [metrics.registry],
    collect() {
      this.set(state.value);
    },
  });
  return metrics;
}

/** Scrapes an application's metrics once and forgets them, returning a weak hold on its state. */
async function scrapedOnce(value: number): Promise<WeakRef<object>> {
  const state = { value };
  await applicationMetrics(state).scrape();
  return new WeakRef(state);
}

describe('PublishingMetrics', () => {
  it("scrapes the process's own series beside the application's, in every application", async () => {
    const first = await applicationMetrics({ value: 1 }).scrape();
    const second = await applicationMetrics({ value: 2 }).scrape();
    for (const [scrape, value] of [
      [first, 1],
      [second, 2],
    ] as const) {
      expect(scrape).toMatch(/^countervoice_process_cpu_user_seconds_total \d/m);
      expect(scrape).toMatch(/^countervoice_nodejs_heap_size_used_bytes \d/m);
      expect(scrape).toMatch(/^# TYPE countervoice_nodejs_gc_duration_seconds histogram$/m);
      expect(scrape).toContain(`countervoice_test_state ${value}\n`);
      expect(scrape.match(/^# TYPE countervoice_process_cpu_user_seconds_total /gm)).toHaveLength(
        1,
      );
    }
  });

  it('lets a closed application go: nothing the process keeps holds its series', async () => {
    const held: WeakRef<object>[] = [];
    for (let i = 0; i < 3; i += 1) held.push(await scrapedOnce(i));
    // A WeakRef's target lives at least until the task that made it ends.
    await sleep(10);
    collectGarbage();
    expect(held.map((ref) => ref.deref())).toEqual([undefined, undefined, undefined]);
  });
});
