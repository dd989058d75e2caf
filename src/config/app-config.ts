import { z } from 'zod';

const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'], { message: 'must be true or false' })
    .optional()
    .transform((v) => (v === undefined ? fallback : v === 'true' || v === '1'));

const int = (fallback: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `must be an integer from ${min} to ${max}` });
        return z.NEVER;
      }
      return n;
    });

/**
 * A URL with one of `protocols`; unset or empty gives `fallback` (undefined: optional, as an empty
 * value in a .env file means unset).
 */
const url = <F extends string | undefined>(fallback: F, protocols: string[]) =>
  z
    .string()
    .optional()
    .transform((v, ctx): string | F => {
      const value = v === undefined || v === '' ? fallback : v;
      if (value === undefined) return value;
      let parsed: URL;
      try {
        parsed = new URL(value);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a URL' });
        return z.NEVER;
      }
      if (!protocols.includes(parsed.protocol)) {
        ctx.addIssue({ code: 'custom', message: `must use ${protocols.join(' or ')}` });
        return z.NEVER;
      }
      return value;
    });

// Optional secrets: an empty value counts as unset, as in a .env file with `X_APP_KEY=`.
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v === '' ? undefined : v));

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  APP_ROLE: z
    .enum(['all', 'api', 'worker'], { message: 'must be all, api or worker' })
    .default('all'),
  HOST: z.string().default('0.0.0.0'),
  PORT: int(3000, 1, 65535),
  DATABASE_URL: url('postgres://postgres@127.0.0.1:5432/countervoice', [
    'postgres:',
    'postgresql:',
  ]),
  DB_MIGRATE_ON_START: bool(true),
  DB_POOL_MAX: int(10, 1, 200),
  REDIS_URL: url('redis://127.0.0.1:6379', ['redis:', 'rediss:']),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, - or _')
    .optional(),
  STARTUP_TIMEOUT_SECONDS: int(60, 0, 3600),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEMO_MODE: z.enum(['true', 'false', '1', '0'], { message: 'must be true or false' }).optional(),
  SESSION_TTL_HOURS: int(12, 1, 24 * 30),
  COOKIE_SECURE: z
    .enum(['true', 'false', '1', '0'], { message: 'must be true or false' })
    .optional(),
  LOGIN_MAX_FAILURES: int(5, 1, 100),
  LOGIN_LOCK_MINUTES: int(15, 1, 24 * 60),
  LOGIN_RATE_PER_MINUTE: int(20, 1, 10_000),
  IDENTITY_CHECK_RATE_PER_MINUTE: int(30, 1, 10_000),
  PUBLISH_HORIZON_HOURS: int(24, 1, 24 * 30),
  // Publishing waits on the platform most of the time, and claims are batched across the jobs
  // in flight: more at once costs little and makes bursts cheaper per post.
  PUBLISH_CONCURRENCY: int(100, 1, 1000),
  RECONCILE_INTERVAL_SECONDS: int(30, 1, 3600),
  STALE_CLAIM_SECONDS: int(120, 5, 86_400),
  OVERDUE_ALERT_SECONDS: int(300, 5, 86_400),
  CREDENTIALS_KEYS: z
    .string()
    .regex(
      /^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/]{43}=(,[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/]{43}=)*$/,
      'must be comma-separated keyId:base64 pairs of 32-byte keys, the first one used for new secrets',
    )
    .optional(),
  X_API_BASE_URL: url(undefined, ['http:', 'https:']),
  X_TIMEOUT_MS: int(10_000, 1, 600_000),
  X_APP_KEY: optionalString,
  X_APP_SECRET: optionalString,
  X_CLIENT_ID: optionalString,
  X_CLIENT_SECRET: optionalString,
  PUBLIC_BASE_URL: url('http://localhost:3000', ['http:', 'https:']),
});

export type AppRole = 'all' | 'api' | 'worker';

export interface AppConfig {
  env: 'development' | 'test' | 'production';
  role: AppRole;
  http: { host: string; port: number };
  database: { url: string; migrateOnStart: boolean; poolMax: number };
  redis: { url: string; prefix: string };
  startupTimeoutMs: number;
  logLevel: string;
  demoMode: boolean;
  auth: {
    sessionTtlMs: number;
    cookieSecure: boolean;
    loginMaxFailures: number;
    loginLockMs: number;
    loginRatePerMinute: number;
  };
  /** Checks of text against identifying details, per user and minute (it must not be an oracle). */
  identityCheck: { ratePerMinute: number };
  publishing: {
    /** Only posts due within this window have a delayed job in Redis; the reconciler adds the rest. */
    horizonMs: number;
    concurrency: number;
    reconcileIntervalMs: number;
    /** A post left `publishing` this long has lost its worker: it becomes `unknown`. */
    staleClaimMs: number;
    /** A scheduled post this late raises an alert and turns /health/ready unready. */
    overdueAlertMs: number;
  };
  /** AES-256-GCM keys for platform credentials at rest; the first encrypts, all decrypt. */
  credentialKeys: { id: string; key: Buffer }[];
  x: {
    /** Another X API origin (the fake X in tests and demos); unset means the real X. */
    apiBaseUrl?: string;
    timeoutMs: number;
    /** OAuth 1.0a consumer key and secret of the app. */
    appKey?: string;
    appSecret?: string;
    /** OAuth 2.0 client; the secret only for a confidential client. */
    clientId?: string;
    clientSecret?: string;
    /** Where browsers reach this app, for OAuth callbacks; no trailing slash. */
    callbackBaseUrl: string;
  };
}

// Only for development and tests: production must bring its own keys (checked below).
const DEVELOPMENT_CREDENTIALS_KEY =
  'dev:' + Buffer.alloc(32, 'countervoice-development-key').toString('base64');

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.join('\n')}`);
  }
}

const truthy = (v: string | undefined, fallback: boolean) =>
  v === undefined ? fallback : v === 'true' || v === '1';

/** Reads and validates the environment once; every problem is reported, one line per variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) =>
        `${issue.path.join('.')}: ${issue.message} (got ${JSON.stringify(env[String(issue.path[0])])})`,
    );
    throw new ConfigError(problems);
  }
  const e = result.data;
  const production = e.NODE_ENV === 'production';
  if (production && !e.CREDENTIALS_KEYS) {
    throw new ConfigError([
      'CREDENTIALS_KEYS: is required in production (keyId:base64 of 32 random bytes)',
    ]);
  }
  const halfSet = [
    e.X_APP_KEY && !e.X_APP_SECRET && 'X_APP_SECRET: is required when X_APP_KEY is set',
    !e.X_APP_KEY && e.X_APP_SECRET && 'X_APP_KEY: is required when X_APP_SECRET is set',
    !e.X_CLIENT_ID && e.X_CLIENT_SECRET && 'X_CLIENT_ID: is required when X_CLIENT_SECRET is set',
  ].filter((p): p is string => typeof p === 'string');
  if (halfSet.length) throw new ConfigError(halfSet);
  // A claim's heartbeat is renewed before each create; one create may take X_TIMEOUT_MS.
  if (e.STALE_CLAIM_SECONDS * 1000 < 2 * e.X_TIMEOUT_MS) {
    throw new ConfigError([
      `STALE_CLAIM_SECONDS: must be at least twice X_TIMEOUT_MS (${e.X_TIMEOUT_MS} ms), or a slow create would be taken for a lost worker (got ${e.STALE_CLAIM_SECONDS})`,
    ]);
  }
  return {
    env: e.NODE_ENV,
    role: e.APP_ROLE,
    http: { host: e.HOST, port: e.PORT },
    database: {
      url: e.DATABASE_URL,
      migrateOnStart: e.DB_MIGRATE_ON_START,
      poolMax: e.DB_POOL_MAX,
    },
    redis: { url: e.REDIS_URL, prefix: e.QUEUE_PREFIX ?? `cv-${e.NODE_ENV}` },
    startupTimeoutMs: e.STARTUP_TIMEOUT_SECONDS * 1000,
    logLevel: e.LOG_LEVEL,
    demoMode: truthy(e.DEMO_MODE, !production),
    auth: {
      sessionTtlMs: e.SESSION_TTL_HOURS * 3_600_000,
      cookieSecure: truthy(e.COOKIE_SECURE, production),
      loginMaxFailures: e.LOGIN_MAX_FAILURES,
      loginLockMs: e.LOGIN_LOCK_MINUTES * 60_000,
      loginRatePerMinute: e.LOGIN_RATE_PER_MINUTE,
    },
    identityCheck: { ratePerMinute: e.IDENTITY_CHECK_RATE_PER_MINUTE },
    publishing: {
      horizonMs: e.PUBLISH_HORIZON_HOURS * 3_600_000,
      concurrency: e.PUBLISH_CONCURRENCY,
      reconcileIntervalMs: e.RECONCILE_INTERVAL_SECONDS * 1000,
      staleClaimMs: e.STALE_CLAIM_SECONDS * 1000,
      overdueAlertMs: e.OVERDUE_ALERT_SECONDS * 1000,
    },
    credentialKeys: (e.CREDENTIALS_KEYS ?? DEVELOPMENT_CREDENTIALS_KEY).split(',').map((pair) => {
      const [id, key] = pair.split(':') as [string, string];
      return { id, key: Buffer.from(key, 'base64') };
    }),
    x: {
      apiBaseUrl: e.X_API_BASE_URL,
      timeoutMs: e.X_TIMEOUT_MS,
      appKey: e.X_APP_KEY,
      appSecret: e.X_APP_SECRET,
      clientId: e.X_CLIENT_ID,
      clientSecret: e.X_CLIENT_SECRET,
      callbackBaseUrl: e.PUBLIC_BASE_URL.replace(/\/+$/, ''),
    },
  };
}

/** Where a connection URL points, without its password, for error messages and logs. */
export function describeAddress(connectionUrl: string): string {
  const u = new URL(connectionUrl);
  return `${u.hostname}:${u.port || (u.protocol.startsWith('redis') ? '6379' : '5432')}`;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
