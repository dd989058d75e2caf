import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { ANSWER_STORE, type AnswerStore, type ReadCounts } from '../read-cache/answer-store.js';
import { PublishingMetrics } from './publishing-metrics.js';

/**
 * The read cache's series, read from its store at scrape time: how often it answers from memory
 * (under steady writes the hit rate is low by design: every commit ends every answer), and how
 * much memory it holds against READ_CACHE_MB.
 */
@Injectable()
export class ReadCacheMetrics {
  private readonly reads: Counter<'outcome'>;
  private readonly heldBytes: Gauge;

  constructor(metrics: PublishingMetrics, @Inject(ANSWER_STORE) store: AnswerStore) {
    const reported: ReadCounts = { hit: 0, computed: 0, joined: 0 };
    this.reads = new Counter({
      name: 'countervoice_read_cache_reads_total',
      help: 'Cached reads: answered from memory (hit), computed, or joined to one being computed',
      labelNames: ['outcome'],
      registers: [metrics.registry],
      collect() {
        for (const outcome of ['hit', 'computed', 'joined'] as const) {
          this.inc({ outcome }, store.reads[outcome] - reported[outcome]);
          reported[outcome] = store.reads[outcome];
        }
      },
    });
    this.heldBytes = new Gauge({
      name: 'countervoice_read_cache_bytes',
      help: 'Memory the read cache holds, compressed forms included',
      registers: [metrics.registry],
      collect() {
        this.set(store.heldBytes);
      },
    });
  }
}
