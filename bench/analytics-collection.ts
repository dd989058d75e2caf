/**
 * Metrics collection benchmark: 10,000 published X posts due at one checkpoint (+1 h) over 20
 * channels, read by one run of the collector against the fake X on 127.0.0.1 (answering in
 * 20 ms, its default per-user limit of 900 lookups per 15 min). Prints the run's duration, the
 * lookups made per account against X's 15-minute limit, the median and p95 batch latency, and
 * whether the one run left anything due. Scratch database, dropped at the end.
 *
 * The collector is wired by hand (tsx emits no decorator metadata for Nest's injection); its
 * scheduler is not under test, the run is called directly.
 *
 *   npx tsx bench/analytics-collection.ts     # BENCH_POSTS=20000 for more
 */
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import type { ModuleRef } from '@nestjs/core';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { CollectionRepository } from '../src/analytics/collection/collection.repository.js';
import { MetricsCollector } from '../src/analytics/collection/metrics-collector.js';
import { AuditRepository } from '../src/audit/audit.repository.js';
import { ChannelsRepository } from '../src/channels/channels.repository.js';
import { loadConfig } from '../src/config/app-config.js';
import * as schema from '../src/db/schema/index.js';
import { CredentialStore } from '../src/platforms/credential-store.js';
import { PlatformRegistry } from '../src/platforms/platform-registry.js';
import { StoredCredentialsRepository } from '../src/platforms/stored-credentials.repository.js';
import { XAdapter } from '../src/platforms/x/x-adapter.js';
import { XClients } from '../src/platforms/x/x-clients.js';
import { JobHandlers, type JobQueue } from '../src/queue/job-queue.js';
import { RedisLock } from '../src/queue/redis-lock.js';
import { startFakeX } from '../test/fake-x/fake-x-server.js';
import { X_RATE_LIMITS } from '../test/fake-x/rate-limits.js';
import { distribution, ms, print, table } from './support/figures.js';
import { createScratchDatabase } from './support/scratch.js';
import { benchCredentialsKeys, seedWorld } from './support/seed.js';

const POSTS = Number(process.env.BENCH_POSTS ?? 10_000);
const CHANNELS = 20;
const FAKE_X_LATENCY_MS = 20;
const HOUR_MS = 3_600_000;
/** Published this long ago: +1 h is due, +6 h is not. */
const AGE_MS = 2 * HOUR_MS;

async function main(): Promise<void> {
  const cleanups: Array<() => Promise<unknown>> = [];
  try {
    const db = await createScratchDatabase('cv_bench_collect');
    cleanups.push(() => db.drop());
    const pool = new pg.Pool({ connectionString: db.url, max: 4 });
    cleanups.push(() => pool.end());
    let clockOffset = 0;
    const fake = await startFakeX({
      latencyMs: FAKE_X_LATENCY_MS,
      accounts: [],
      now: () => Date.now() + clockOffset,
    });
    cleanups.push(() => fake.close());
    const credentialsKeys = benchCredentialsKeys();
    const world = await seedWorld(pool, fake, { channels: CHANNELS, credentialsKeys });

    print(`Seeding ${POSTS} posts published ${AGE_MS / HOUR_MS} h ago over ${CHANNELS} channels…`);
    clockOffset = -AGE_MS;
    const publishedAt = new Date(Date.now() - AGE_MS);
    const rows = Array.from({ length: POSTS }, (_, i) => {
      const channel = world.channels[i % CHANNELS]!;
      return { channelId: channel.id, externalId: fake.addTweet(channel.handle, `Post ${i}`).id };
    });
    clockOffset = 0;
    await pool.query(
      `INSERT INTO posts (campaign_id, channel_id, status, author_id, last_revised_by, published_at, external_ids)
       SELECT $1, c, 'published', $2, $2, $3, ARRAY[e] FROM unnest($4::uuid[], $5::text[]) AS t(c, e)`,
      [
        world.campaignId,
        world.authorId,
        publishedAt,
        rows.map((r) => r.channelId),
        rows.map((r) => r.externalId),
      ],
    );

    const config = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: db.url,
      REDIS_URL: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
      CREDENTIALS_KEYS: credentialsKeys,
      X_API_BASE_URL: fake.url,
      X_APP_KEY: fake.app.consumerKey,
      X_APP_SECRET: fake.app.consumerSecret,
    });
    const database = drizzle(pool, { schema });
    const lock = new RedisLock(config);
    cleanups.push(() => lock.onApplicationShutdown());
    const credentials = new CredentialStore(
      database,
      config,
      new StoredCredentialsRepository(database),
      new AuditRepository(database),
      lock,
    );
    const x = new XAdapter(new XClients(config));
    const platforms = new PlatformRegistry({ get: () => x } as unknown as ModuleRef, credentials);
    platforms.onModuleInit();
    const collection = new CollectionRepository(database);
    const collector = new MetricsCollector(
      config,
      collection,
      new ChannelsRepository(database),
      platforms,
      new JobHandlers(),
      {} as JobQueue,
    );
    const latencies: number[] = [];
    const read = x.metrics.bind(x);
    x.metrics = async (...args) => {
      const started = performance.now();
      try {
        return await read(...args);
      } finally {
        latencies.push(performance.now() - started);
      }
    };

    print('One collector run…');
    const started = performance.now();
    const run = await collector.collect(new Date());
    const duration = performance.now() - started;
    const leftDue = await collection.dueReadings(new Date(), 1);

    const perAccount = Map.groupBy(fake.requestsTo('GET /2/tweets'), (r) => r.accountId ?? '?');
    const busiest = Math.max(...[...perAccount.values()].map((r) => r.length));
    const limit = X_RATE_LIMITS['GET /2/tweets']!.limit;
    const batches = distribution(latencies);
    print();
    print(
      table([
        ['posts due at +1 h', String(POSTS)],
        ['snapshots stored', String(run.stored)],
        ['run duration', ms(duration)],
        ['lookup requests (all channels)', String(run.requests)],
        [
          'lookups per account (busiest)',
          `${busiest} of X's ${limit} per 15 min (${((busiest / limit) * 100).toFixed(1)} %)`,
        ],
        ['batch latency p50 / p95', `${ms(batches.p50)} / ${ms(batches.p95)}`],
        ['channels skipped', String(run.skippedChannels.length)],
        ['left due after the run', leftDue.length === 0 ? 'none: one run took them all' : 'SOME'],
      ]),
    );
    if (run.stored !== POSTS || leftDue.length > 0) process.exitCode = 1;
  } finally {
    // Last set up, first torn down: the pool ends before its database is dropped.
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  }
}

await main();
