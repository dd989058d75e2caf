import { z } from 'zod';
import { loadXConfig, X_ENV, type XConfig } from '../platforms/x/x-config.js';
import { bool, int, optionalString, url } from './env-fields.js';

/**
 * Publish jobs a worker process runs at once. A job spends most of its time waiting on the
 * platform, so this bounds a worker's rate at about concurrency ÷ the platform's answer time; and
 * the claims and outcomes of the jobs in flight are written in shared batches, so more at once
 * also costs less CPU per post (bench:publish's burst, 2 workers: going from 100 to 300 cut
 * PostgreSQL's transactions per post from 0.32 to 0.12 and its CPU per post by about a quarter).
 */
export const DEFAULT_PUBLISH_CONCURRENCY = 300;

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  APP_ROLE: z
    .enum(['all', 'api', 'worker'], { message: 'must be all, api or worker' })
    .default('all'),
  HOST: z.string().default('0.0.0.0'),
  PORT: int(3000, 1, 65535),
  // Memory for answers of repeated reads (lists, searches) per api process; 0 turns it off.
  READ_CACHE_MB: int(16, 0, 4096),
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
  LOGIN_BACKOFF_AFTER_ACCOUNT: int(5, 1, 1000),
  LOGIN_BACKOFF_AFTER_ADDRESS: int(20, 1, 100_000),
  LOGIN_BACKOFF_MAX_SECONDS: int(300, 1, 86_400),
  LOGIN_RATE_PER_MINUTE: int(20, 1, 10_000),
  API_TOKEN_MAX_DAYS: int(90, 1, 3650),
  API_TOKEN_MAX_ACTIVE: int(10, 1, 1000),
  // 0 serves /metrics on any free port (tests); it is never served anonymously on PORT.
  METRICS_PORT: int(9464, 0, 65535),
  METRICS_HOST: z.string().default('127.0.0.1'),
  METRICS_TOKEN: optionalString,
  DATABASE_APP_ROLE: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case PostgreSQL role name')
    .default('countervoice_app'),
  DATABASE_APP_PASSWORD: optionalString,
  IDENTITY_CHECK_RATE_PER_MINUTE: int(30, 1, 10_000),
  PUBLISH_HORIZON_HOURS: int(24, 1, 24 * 30),
  PUBLISH_CONCURRENCY: int(DEFAULT_PUBLISH_CONCURRENCY, 1, 1000),
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
  ...X_ENV,
  PUBLIC_BASE_URL: url('http://localhost:3000', ['http:', 'https:']),
  // Unset: no email notifications (in-app and webhooks still work).
  SMTP_URL: url(undefined, ['smtp:', 'smtps:']),
  MAIL_FROM: z.string().min(3).default('Countervoice <no-reply@countervoice.invalid>'),
  NOTIFY_RETRY_BASE_MS: int(30_000, 10, 3_600_000),
  NOTIFY_MAX_ATTEMPTS: int(6, 1, 20),
  NOTIFY_SWEEP_SECONDS: int(15, 1, 3600),
  CHROMIUM_PATH: z.string().min(1).default('/usr/bin/chromium'),
});

export type AppRole = 'all' | 'api' | 'worker';

export interface AppConfig {
  env: 'development' | 'test' | 'production';
  role: AppRole;
  http: {
    host: string;
    port: number;
    /** Budget of the answers kept for repeated reads (src/read-cache). */
    readCacheBytes: number;
  };
  database: {
    /** The owner: migrations and role set-up run as this user. */
    url: string;
    /** What the application's pool uses: `url` signed in as the unprivileged `appRole`. */
    appUrl: string;
    appRole: { name: string; password?: string };
    migrateOnStart: boolean;
    poolMax: number;
  };
  redis: { url: string; prefix: string };
  startupTimeoutMs: number;
  logLevel: string;
  demoMode: boolean;
  auth: {
    sessionTtlMs: number;
    cookieSecure: boolean;
    /** Failed sign-ins allowed for one account (or address) before each further one waits. */
    backoffAfterAccount: number;
    backoffAfterAddress: number;
    /** The wait doubles per further failure up to this, so nobody is shut out for longer. */
    backoffMaxMs: number;
    loginRatePerMinute: number;
    tokenMaxLifetimeMs: number;
    tokenMaxActive: number;
  };
  /** Prometheus scrapes a port of its own; METRICS_TOKEN also opens /metrics on the API port. */
  metrics: { host: string; port: number; token?: string };
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
  /** X's slice: src/platforms/x/x-config.ts. */
  x: XConfig;
  notifications: {
    /** Undefined: email is off. Carries credentials: never log it. */
    smtpUrl?: string;
    mailFrom: string;
    /** Links in emails and webhooks point here (PUBLIC_BASE_URL). */
    publicUrl: string;
    /** The first retry waits this long; each further one twice as long. */
    retryBaseMs: number;
    maxAttempts: number;
    /** The cluster-wide sweep that fans out audit events and re-wakes lost deliveries. */
    sweepIntervalMs: number;
    /** Webhook URLs may be plain http on 127.0.0.1 (tests and development only). */
    allowLoopbackHttp: boolean;
  };
  /** The browser that prints the funder report as a PDF (absent: the PDF answers 503). */
  chromiumPath: string;
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
  const x = loadXConfig(e, e.PUBLIC_BASE_URL);
  if ('problems' in x) throw new ConfigError(x.problems);
  if (decodeURIComponent(new URL(e.DATABASE_URL).username || 'postgres') === e.DATABASE_APP_ROLE) {
    throw new ConfigError([
      `DATABASE_APP_ROLE: must differ from the DATABASE_URL user, who owns the schema and runs migrations (got ${JSON.stringify(e.DATABASE_APP_ROLE)})`,
    ]);
  }
  // A claim's heartbeat is renewed before each create; one create may take X_TIMEOUT_MS.
  if (e.STALE_CLAIM_SECONDS * 1000 < 2 * e.X_TIMEOUT_MS) {
    throw new ConfigError([
      `STALE_CLAIM_SECONDS: must be at least twice X_TIMEOUT_MS (${e.X_TIMEOUT_MS} ms), or a slow create would be taken for a lost worker (got ${e.STALE_CLAIM_SECONDS})`,
    ]);
  }
  return {
    env: e.NODE_ENV,
    role: e.APP_ROLE,
    http: { host: e.HOST, port: e.PORT, readCacheBytes: e.READ_CACHE_MB * 1024 * 1024 },
    database: {
      url: e.DATABASE_URL,
      appUrl: appConnectionUrl(e.DATABASE_URL, e.DATABASE_APP_ROLE, e.DATABASE_APP_PASSWORD),
      appRole: { name: e.DATABASE_APP_ROLE, password: e.DATABASE_APP_PASSWORD },
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
      backoffAfterAccount: e.LOGIN_BACKOFF_AFTER_ACCOUNT,
      backoffAfterAddress: e.LOGIN_BACKOFF_AFTER_ADDRESS,
      backoffMaxMs: e.LOGIN_BACKOFF_MAX_SECONDS * 1000,
      loginRatePerMinute: e.LOGIN_RATE_PER_MINUTE,
      tokenMaxLifetimeMs: e.API_TOKEN_MAX_DAYS * 86_400_000,
      tokenMaxActive: e.API_TOKEN_MAX_ACTIVE,
    },
    metrics: { host: e.METRICS_HOST, port: e.METRICS_PORT, token: e.METRICS_TOKEN },
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
    x: x.config,
    notifications: {
      smtpUrl: e.SMTP_URL,
      mailFrom: e.MAIL_FROM,
      publicUrl: e.PUBLIC_BASE_URL,
      retryBaseMs: e.NOTIFY_RETRY_BASE_MS,
      maxAttempts: e.NOTIFY_MAX_ATTEMPTS,
      sweepIntervalMs: e.NOTIFY_SWEEP_SECONDS * 1000,
      allowLoopbackHttp: !production,
    },
    chromiumPath: e.CHROMIUM_PATH,
  };
}

/** The owner's connection URL, signed in as the application's role instead. */
function appConnectionUrl(ownerUrl: string, role: string, password: string | undefined): string {
  const u = new URL(ownerUrl);
  u.username = role;
  u.password = password ?? '';
  return u.toString();
}

/** Where a connection URL points, without its password, for error messages and logs. */
export function describeAddress(connectionUrl: string): string {
  const u = new URL(connectionUrl);
  return `${u.hostname}:${u.port || (u.protocol.startsWith('redis') ? '6379' : '5432')}`;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
