import { ConfigError, loadConfig } from './app-config.js';

describe('loadConfig', () => {
  it('starts with local defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.role).toBe('all');
    expect(config.http.port).toBe(3000);
    expect(config.database.url).toBe('postgres://postgres@127.0.0.1:5432/countervoice');
    expect(config.redis.url).toBe('redis://127.0.0.1:6379');
    expect(config.redis.prefix).toBe('cv-development');
    expect(config.demoMode).toBe(true);
  });

  it('turns demo mode and insecure cookies off in production unless asked', () => {
    const keys = `k1:${Buffer.alloc(32, 7).toString('base64')}`;
    const config = loadConfig({ NODE_ENV: 'production', CREDENTIALS_KEYS: keys });
    expect(config.demoMode).toBe(false);
    expect(config.auth.cookieSecure).toBe(true);
    expect(
      loadConfig({ NODE_ENV: 'production', DEMO_MODE: 'true', CREDENTIALS_KEYS: keys }).demoMode,
    ).toBe(true);
  });

  it('requires its own credentials keys in production and parses rotated keys', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      /CREDENTIALS_KEYS: is required in production/,
    );
    const config = loadConfig({
      CREDENTIALS_KEYS: `new:${Buffer.alloc(32, 1).toString('base64')},old:${Buffer.alloc(32, 2).toString('base64')}`,
    });
    expect(config.credentialKeys.map((k) => k.id)).toEqual(['new', 'old']);
    expect(() => loadConfig({ CREDENTIALS_KEYS: 'k1:short' })).toThrow(
      /CREDENTIALS_KEYS: must be comma-separated/,
    );
  });

  it('reports every bad variable, one line each, naming it and the rule', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: '70000',
        APP_ROLE: 'scheduler',
        REDIS_URL: 'http://x',
        DB_MIGRATE_ON_START: 'maybe',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(4);
    expect(problems).toEqual(
      expect.arrayContaining([
        'PORT: must be an integer from 1 to 65535 (got "70000")',
        'APP_ROLE: must be all, api or worker (got "scheduler")',
        'REDIS_URL: must use redis: or rediss: (got "http://x")',
        'DB_MIGRATE_ON_START: must be true or false (got "maybe")',
      ]),
    );
  });

  it('refuses a stale-claim limit shorter than two X request timeouts', () => {
    expect(() => loadConfig({ STALE_CLAIM_SECONDS: '10', X_TIMEOUT_MS: '10000' })).toThrow(
      /STALE_CLAIM_SECONDS: must be at least twice X_TIMEOUT_MS/,
    );
    expect(
      loadConfig({ STALE_CLAIM_SECONDS: '20', X_TIMEOUT_MS: '10000' }).publishing.staleClaimMs,
    ).toBe(20_000);
  });

  it('rejects a queue prefix Redis keys cannot carry safely', () => {
    expect(() => loadConfig({ QUEUE_PREFIX: 'a:b' })).toThrow(/QUEUE_PREFIX: must be 1-64 letters/);
  });

  it('signs the application in as its own role, never as the owner', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://owner:owner-pw@db.internal:5433/cv',
      DATABASE_APP_PASSWORD: 'app pw/1',
    });
    expect(config.database.url).toBe('postgres://owner:owner-pw@db.internal:5433/cv');
    expect(new URL(config.database.appUrl)).toMatchObject({
      username: 'countervoice_app',
      password: 'app%20pw%2F1',
      host: 'db.internal:5433',
      pathname: '/cv',
    });
    expect(() => loadConfig({ DATABASE_APP_ROLE: 'Robert"); DROP' })).toThrow(
      /DATABASE_APP_ROLE: must be a lower-case PostgreSQL role name/,
    );
    expect(() => loadConfig({ DATABASE_APP_ROLE: 'postgres' })).toThrow(
      /must differ from the DATABASE_URL user/,
    );
  });
});
