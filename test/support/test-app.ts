import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import request from 'supertest';
import { createApp } from '../../src/bootstrap.js';
import { type AppConfig, loadConfig } from '../../src/config/app-config.js';
import { DATABASE, PG_POOL, type Database } from '../../src/db/database.js';
import type { Role } from '../../src/db/schema/index.js';
import { UsersService } from '../../src/users/users.service.js';
import { SYSTEM_ACTOR } from '../../src/audit/actor.js';
import { databaseUrl, templateDb, TEST_PG_URL, TEST_REDIS_URL } from './test-env.js';

export const TEST_PASSWORD = 'correct horse battery staple';

/**
 * A fresh database cloned from the migrated template, private to one test file. Its name carries
 * the process id, so another run's clean-up leaves it alone while this process lives, even at a
 * moment when none of its connections is open.
 */
export async function createTestDatabase(): Promise<string> {
  const name = `cv_t_${process.pid}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${templateDb()}"`);
  } finally {
    await admin.end();
  }
  return databaseUrl(name);
}

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  db: Database;
  /** Raw SQL straight to PostgreSQL (errors surface unwrapped), for assertions on stored state. */
  query<R extends Record<string, unknown> = Record<string, unknown>>(
    text: string,
    params?: unknown[],
  ): Promise<R[]>;
  http: () => ReturnType<typeof request>;
  /** A plain Redis client on the app's Redis, for tests that tamper with queue state. */
  redis: Redis;
  /** Creates a user directly (as the system) and returns its id and email. */
  user(roles: Role[], email?: string): Promise<{ id: string; email: string }>;
  /** Signs in and returns a client that sends the session cookie and CSRF header. */
  signIn(email: string, password?: string): Promise<SignedInClient>;
  /** Creates a user with these roles and signs them in. */
  as(roles: Role[]): Promise<SignedInClient>;
  close(): Promise<void>;
}

export interface SignedInClient {
  userId: string;
  email: string;
  get(path: string): request.Test;
  post(path: string, body?: object): request.Test;
  put(path: string, body?: object): request.Test;
  patch(path: string, body?: object): request.Test;
  delete(path: string): request.Test;
}

let counter = 0;

/** Boots the real app (HTTP pipeline, PostgreSQL, Redis) with its own database and queue prefix. */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const dbUrl = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: dbUrl,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: `cvtest-${randomBytes(4).toString('hex')}`,
    DB_MIGRATE_ON_START: 'false',
    DEMO_MODE: 'false',
    LOG_LEVEL: 'silent',
    STARTUP_TIMEOUT_SECONDS: '5',
    // Test apps run side by side: each serves its metrics on a free port of its own.
    METRICS_PORT: '0',
    // Like production, the app's pool signs in as the unprivileged role (created, cluster-wide,
    // and granted in each cloned database when the app starts); the password where the
    // server asks for one (docker compose).
    ...(process.env.DATABASE_APP_PASSWORD
      ? { DATABASE_APP_PASSWORD: process.env.DATABASE_APP_PASSWORD }
      : {}),
    ...env,
  });
  const app = await createApp(config, () => undefined);
  try {
    await app.init();
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  const server = app.getHttpServer();
  const http = () => request(server);
  const db = app.get<Database>(DATABASE);
  const redis = new Redis(config.redis.url, { lazyConnect: true });

  const user = async (roles: Role[], email?: string) => {
    const address =
      email ?? `user${++counter}-${randomBytes(3).toString('hex')}@test.countervoice.test`;
    const row = await app.get(UsersService).create(SYSTEM_ACTOR, {
      email: address,
      displayName: address.split('@')[0]!,
      password: TEST_PASSWORD,
      roles,
    });
    return { id: row.id, email: row.email };
  };

  const signIn = async (email: string, password = TEST_PASSWORD): Promise<SignedInClient> => {
    const res = await http().post('/api/auth/login').send({ email, password }).expect(200);
    const cookies = ([] as string[])
      .concat(res.headers['set-cookie'] ?? [])
      .map((c) => c.split(';')[0]!);
    const csrf = res.body.csrfToken as string;
    const withAuth = (t: request.Test) => t.set('Cookie', cookies).set('x-csrf-token', csrf);
    return {
      userId: res.body.id,
      email,
      get: (path) => http().get(path).set('Cookie', cookies),
      post: (path, body) => withAuth(http().post(path)).send(body ?? {}),
      put: (path, body) => withAuth(http().put(path)).send(body ?? {}),
      patch: (path, body) => withAuth(http().patch(path)).send(body ?? {}),
      delete: (path) => withAuth(http().delete(path)),
    };
  };

  return {
    app,
    config,
    db,
    redis,
    query: async (text, params) => (await app.get<pg.Pool>(PG_POOL).query(text, params)).rows,
    http,
    user,
    signIn,
    as: async (roles) => signIn((await user(roles)).email),
    close: async () => {
      redis.disconnect();
      await app.close();
    },
  };
}
