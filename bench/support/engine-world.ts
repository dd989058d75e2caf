import pg from 'pg';
import { startFakeX, type FakeXOptions } from '../../test/fake-x/fake-x-server.js';
import { createScratchDatabase, startPrivateRedis } from './scratch.js';
import { benchCredentialsKeys, seedWorld } from './seed.js';
import type { Teardown } from './teardown.js';

/**
 * What the engine's benches run against, all on 127.0.0.1 and all torn down by `teardown`: a
 * private redis-server, a scratch database holding `channels` connected X channels, the fake X
 * behind them, and the environment worker processes start with (production settings, logging at
 * warn, plus `env`).
 */
export async function startEngineWorld(
  teardown: Teardown,
  options: {
    databasePrefix: string;
    queuePrefix: string;
    redisHz: number;
    channels: number;
    fakeX: FakeXOptions;
    env?: Record<string, string>;
  },
) {
  const redis = await startPrivateRedis({ hz: options.redisHz });
  teardown.push(() => redis.stop());
  const db = await createScratchDatabase(options.databasePrefix);
  teardown.push(() => db.drop());
  const pool = new pg.Pool({ connectionString: db.url, max: 4 });
  teardown.push(() => pool.end());
  const fake = await startFakeX(options.fakeX);
  teardown.push(() => fake.close());
  const credentialsKeys = benchCredentialsKeys();
  const world = await seedWorld(pool, fake, { channels: options.channels, credentialsKeys });
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    DATABASE_URL: db.url,
    REDIS_URL: redis.url,
    QUEUE_PREFIX: options.queuePrefix,
    DB_MIGRATE_ON_START: 'false',
    CREDENTIALS_KEYS: credentialsKeys,
    LOG_LEVEL: 'warn',
    X_API_BASE_URL: fake.url,
    X_APP_KEY: fake.app.consumerKey,
    X_APP_SECRET: fake.app.consumerSecret,
    ...options.env,
  };
  return { redis, pool, fake, world, env };
}
