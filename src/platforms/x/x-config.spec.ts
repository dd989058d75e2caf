import { ConfigError, loadConfig } from '../../config/app-config.js';

describe('X configuration', () => {
  it('talks to the real X with a 10 s timeout and OAuth callbacks on localhost when nothing is set', () => {
    expect(loadConfig({}).x).toEqual({
      apiBaseUrl: undefined,
      timeoutMs: 10_000,
      appKey: undefined,
      appSecret: undefined,
      clientId: undefined,
      clientSecret: undefined,
      callbackBaseUrl: 'http://localhost:3000',
    });
  });

  it('reads every X variable, treating empty ones as unset', () => {
    const { x } = loadConfig({
      X_API_BASE_URL: 'http://127.0.0.1:4010',
      X_TIMEOUT_MS: '2500',
      X_APP_KEY: 'consumer-key',
      X_APP_SECRET: 'consumer-secret',
      X_CLIENT_ID: 'client-id',
      X_CLIENT_SECRET: '',
      PUBLIC_BASE_URL: 'https://countervoice.example.org/',
    });
    expect(x).toEqual({
      apiBaseUrl: 'http://127.0.0.1:4010',
      timeoutMs: 2500,
      appKey: 'consumer-key',
      appSecret: 'consumer-secret',
      clientId: 'client-id',
      clientSecret: undefined,
      callbackBaseUrl: 'https://countervoice.example.org',
    });
  });

  it('refuses bad values and half a key pair, naming the variable', () => {
    expect(() => loadConfig({ X_API_BASE_URL: 'ftp://fake' })).toThrow(
      /X_API_BASE_URL: must use http: or https:/,
    );
    expect(() => loadConfig({ X_TIMEOUT_MS: '0' })).toThrow(/X_TIMEOUT_MS: must be an integer/);
    expect(() => loadConfig({ PUBLIC_BASE_URL: 'countervoice' })).toThrow(
      /PUBLIC_BASE_URL: must be a URL/,
    );
    expect(() => loadConfig({ X_APP_KEY: 'only-the-key' })).toThrow(ConfigError);
    expect(() => loadConfig({ X_APP_SECRET: 'only-the-secret' })).toThrow(
      /X_APP_KEY: is required when X_APP_SECRET is set/,
    );
    expect(() => loadConfig({ X_CLIENT_SECRET: 'no-client' })).toThrow(
      /X_CLIENT_ID: is required when X_CLIENT_SECRET is set/,
    );
  });
});
