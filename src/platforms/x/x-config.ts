import { int, optionalString, url } from '../../config/env-fields.js';

/** X's environment variables, part of the app's one schema so every problem is reported at once. */
export const X_ENV = {
  X_API_BASE_URL: url(undefined, ['http:', 'https:']),
  X_TIMEOUT_MS: int(10_000, 1, 600_000),
  X_APP_KEY: optionalString,
  X_APP_SECRET: optionalString,
  X_CLIENT_ID: optionalString,
  X_CLIENT_SECRET: optionalString,
};

export interface XConfig {
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
}

interface XEnv {
  X_API_BASE_URL?: string;
  X_TIMEOUT_MS: number;
  X_APP_KEY?: string;
  X_APP_SECRET?: string;
  X_CLIENT_ID?: string;
  X_CLIENT_SECRET?: string;
}

/** X's configuration slice, or the variables that are half of a pair. */
export function loadXConfig(
  e: XEnv,
  publicBaseUrl: string,
): { config: XConfig } | { problems: string[] } {
  const halfSet = [
    e.X_APP_KEY && !e.X_APP_SECRET && 'X_APP_SECRET: is required when X_APP_KEY is set',
    !e.X_APP_KEY && e.X_APP_SECRET && 'X_APP_KEY: is required when X_APP_SECRET is set',
    !e.X_CLIENT_ID && e.X_CLIENT_SECRET && 'X_CLIENT_ID: is required when X_CLIENT_SECRET is set',
  ].filter((p): p is string => typeof p === 'string');
  if (halfSet.length) return { problems: halfSet };
  return {
    config: {
      apiBaseUrl: e.X_API_BASE_URL,
      timeoutMs: e.X_TIMEOUT_MS,
      appKey: e.X_APP_KEY,
      appSecret: e.X_APP_SECRET,
      clientId: e.X_CLIENT_ID,
      clientSecret: e.X_CLIENT_SECRET,
      callbackBaseUrl: publicBaseUrl.replace(/\/+$/, ''),
    },
  };
}
