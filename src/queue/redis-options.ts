import type { RedisOptions } from 'bullmq';

/** ioredis options from a redis:// or rediss:// URL (BullMQ takes options, not URLs). */
export function redisOptions(url: string, extra: RedisOptions = {}): RedisOptions {
  const u = new URL(url);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0;
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    db: Number.isInteger(db) ? db : 0,
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
    ...extra,
  };
}

/** Connections used inside HTTP requests: fail at once when Redis is down instead of queueing. */
export const producerRedisOptions = (url: string) =>
  redisOptions(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2_000 });

/** Worker connections: BullMQ needs blocking commands to wait through reconnects. */
export const workerRedisOptions = (url: string) =>
  redisOptions(url, { maxRetriesPerRequest: null });
