import pg from 'pg';
import { apiWorldSize, seedApiWorld, type ApiWorld } from './api-seed.js';
import { print } from './figures.js';
import { APP_HEAP_FLAGS, startServer, type ServerProcess } from './processes.js';
import { createScratchDatabase, startPrivateRedis } from './scratch.js';
import { benchCredentialsKeys } from './seed.js';
import { freePort } from './worker-processes.js';

export interface ApiBench {
  pool: pg.Pool;
  world: ApiWorld;
  /** `node <heap flags> <flags> <js>` as the api is deployed, against this bench's database. */
  startApi(name: string, js: string, flags?: string[]): Promise<ServerProcess>;
}

/**
 * What the api benches run on: a private Redis and a scratch database seeded with the busy year,
 * torn down by `cleanups` (run first to last) like every process `startApi` starts.
 */
export async function startApiBench(
  prefix: string,
  cleanups: (() => Promise<unknown>)[],
  options: { env?: Record<string, string>; withoutDuplicateKeys?: boolean } = {},
): Promise<ApiBench> {
  const size = apiWorldSize();
  const redis = await startPrivateRedis({ hz: 10 });
  cleanups.push(() => redis.stop());
  const db = await createScratchDatabase(prefix);
  cleanups.push(() => db.drop());
  const pool = new pg.Pool({ connectionString: db.url, max: 2 });
  // Closed before the database is dropped: dropping it ends open connections with an error.
  cleanups.unshift(() => pool.end());
  print(`Seeding ${size.posts} posts, ${size.quotes} quotes, ${size.channels} channels…`);
  const seedStarted = Date.now();
  const world = await seedApiWorld(pool, size, options);
  print(
    `  seeded in ${Math.round((Date.now() - seedStarted) / 1000)} s: ${JSON.stringify(world.counts)}`,
  );
  const startApi = async (name: string, js: string, flags: string[] = []) => {
    const server = await startServer(
      name,
      [...APP_HEAP_FLAGS, ...flags, js],
      {
        NODE_ENV: 'production',
        APP_ROLE: 'api',
        HOST: '127.0.0.1',
        DATABASE_URL: db.url,
        REDIS_URL: redis.url,
        QUEUE_PREFIX: prefix,
        DB_MIGRATE_ON_START: 'false',
        LOG_LEVEL: 'warn',
        METRICS_PORT: '0',
        CREDENTIALS_KEYS: benchCredentialsKeys(),
        ...options.env,
      },
      await freePort(),
      '/health/live',
    );
    cleanups.unshift(() => server.stop());
    return server;
  };
  return { pool, world, startApi };
}
