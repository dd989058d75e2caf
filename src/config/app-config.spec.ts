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
    const config = loadConfig({ NODE_ENV: 'production' });
    expect(config.demoMode).toBe(false);
    expect(config.auth.cookieSecure).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production', DEMO_MODE: 'true' }).demoMode).toBe(true);
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

  it('rejects a queue prefix Redis keys cannot carry safely', () => {
    expect(() => loadConfig({ QUEUE_PREFIX: 'a:b' })).toThrow(/QUEUE_PREFIX: must be 1-64 letters/);
  });
});
