import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { runMigrations } from '../../src/db/prepare-database.js';
import { freePort } from './worker-processes.js';

/** The PostgreSQL server the scratch databases are created on. */
const SERVER_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface ScratchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A migrated database private to one run; drop() ends leftover sessions and removes it. */
export async function createScratchDatabase(prefix: string): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: SERVER_URL });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  const drop = () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  try {
    await runMigrations(url.toString());
  } catch (error) {
    await drop();
    throw error;
  }
  return { name, url: url.toString(), drop };
}

export interface PrivateRedis {
  url: string;
  port: number;
  hz: number;
  /** The redis-server process, for its CPU time. */
  pid: number;
  /** A client for measurements and for flushing during chaos. */
  client: Redis;
  stop(): Promise<void>;
}

/**
 * A redis-server of our own on 127.0.0.1 (no persistence), so figures do not depend on what
 * else uses the shared Redis and its settings (hz) are ours to choose.
 */
export async function startPrivateRedis(options: { hz: number }): Promise<PrivateRedis> {
  const port = await freePort();
  const server: ChildProcess = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--hz',
      String(options.hz),
      '--maxmemory-policy',
      'noeviction',
    ],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  const client = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 1 });
  // Failures reach us through the awaited commands; the event would only repeat them on stderr.
  client.on('error', () => undefined);
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await client.connect();
      await client.ping();
      break;
    } catch (error) {
      client.disconnect();
      if (Date.now() > deadline) {
        server.kill('SIGKILL');
        throw new Error(`redis-server on port ${port} did not start: ${(error as Error).message}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    hz: options.hz,
    pid: server.pid!,
    client,
    stop: async () => {
      client.disconnect();
      server.kill('SIGTERM');
      await exited;
    },
  };
}

/** Redis's own count of bytes it holds (INFO memory used_memory). */
export async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  const match = /^used_memory:(\d+)/m.exec(info);
  if (!match) throw new Error('INFO memory has no used_memory line');
  return Number(match[1]);
}

const STEADY_BYTES = 16 * 1024;

/** used_memory once two readings a second apart agree within 16 KiB (at most ten tries). */
export async function steadyUsedMemory(redis: Redis): Promise<number> {
  let last = await usedMemory(redis);
  for (let i = 0; i < 10; i++) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const now = await usedMemory(redis);
    if (Math.abs(now - last) < STEADY_BYTES) return now;
    last = now;
  }
  return last;
}
