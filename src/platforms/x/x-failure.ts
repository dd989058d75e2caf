import {
  ApiPartialResponseError,
  ApiRequestError,
  ApiResponseError,
  type TwitterRateLimit,
} from 'twitter-api-v2';
import { PlatformFailure, type RateLimitState } from '../platform-adapter.js';

// Socket errors raised while connecting: the request never left this machine.
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

// X always sends reset headers with a 429; this is only for a 429 that somehow lacks them.
const RATE_LIMIT_FALLBACK_MS = 15 * 60_000;

/**
 * The socket error behind an ApiRequestError. The library's `requestError` getter reads a field
 * its constructor never sets (PLhery/node-twitter-api-v2#353), so the cause sits in `_options`.
 */
export function socketErrorOf(error: ApiRequestError): NodeJS.ErrnoException | undefined {
  const options = Reflect.get(error, '_options') as { error?: unknown } | undefined;
  const cause = options?.error ?? error.requestError;
  // Not `instanceof Error`: socket errors come from Node's own realm, which differs under Jest's VM.
  return typeof cause === 'object' && cause !== null && 'message' in cause
    ? (cause as NodeJS.ErrnoException)
    : undefined;
}

/** X's own words for a refusal: v2 problem detail and error messages, v1 messages, OAuth errors. */
export function platformDetail(data: unknown): string {
  if (typeof data === 'string') return data;
  if (typeof data !== 'object' || data === null) return '';
  const body = data as {
    detail?: unknown;
    title?: unknown;
    errors?: unknown;
    error_description?: unknown;
    error?: unknown;
  };
  // twitter-api-v2 copies an OAuth `error` code into `errors` when X sent none; skip that echo.
  const errors = Array.isArray(body.errors)
    ? body.errors
        .map((e: unknown) => (typeof e === 'object' && e !== null ? Reflect.get(e, 'message') : e))
        .filter((m): m is string => typeof m === 'string' && m !== body.error)
    : [];
  const headline = [body.detail, body.error_description, body.title, body.error].find(
    (v): v is string => typeof v === 'string' && v !== '',
  );
  return [...new Set([headline, ...errors].filter((p): p is string => !!p))].join(' ');
}

/** When a 429 ends: the latest reset of the windows that are used up (the 24-hour ones included). */
export function retryAtOf(rateLimit: TwitterRateLimit | undefined, now = Date.now()): Date {
  const windows = [rateLimit, rateLimit?.day, rateLimit?.userDay].filter(
    (w): w is NonNullable<typeof w> => w !== undefined && Number.isFinite(w.reset),
  );
  const exhausted = windows.filter((w) => w.remaining <= 0);
  if (exhausted.length) return new Date(Math.max(...exhausted.map((w) => w.reset)) * 1000);
  if (rateLimit && Number.isFinite(rateLimit.reset)) return new Date(rateLimit.reset * 1000);
  return new Date(now + RATE_LIMIT_FALLBACK_MS);
}

/**
 * The account's tighter limit after a successful call: the 15-minute window or the 24-hour user
 * allowance, whichever has fewer calls left (on a tie, the one that resets later).
 */
export function bindingRateLimit(
  rateLimit: TwitterRateLimit | undefined,
): RateLimitState | undefined {
  const windows = [rateLimit, rateLimit?.userDay].filter(
    (w): w is NonNullable<typeof w> =>
      w !== undefined && [w.limit, w.remaining, w.reset].every(Number.isFinite),
  );
  const [tightest] = windows.sort((a, b) => a.remaining - b.remaining || b.reset - a.reset);
  return tightest
    ? {
        limit: tightest.limit,
        remaining: tightest.remaining,
        reset: new Date(tightest.reset * 1000),
      }
    : undefined;
}

/**
 * Classifies whatever a twitter-api-v2 call threw, following DESIGN.md rule 3: what matters is
 * whether X may have acted. `what` completes "… to <what>", e.g. "create the post".
 */
export function xFailure(error: unknown, what: string): PlatformFailure {
  if (error instanceof PlatformFailure) return error;
  if (error instanceof ApiResponseError) return responseFailure(error, what);
  if (error instanceof ApiPartialResponseError) {
    const status = error.response.statusCode;
    return new PlatformFailure(
      'ambiguous',
      `X's answer to the request to ${what} broke off (HTTP ${status}); it may have taken effect.`,
      { status, platformData: error.rawContent },
    );
  }
  if (error instanceof ApiRequestError) {
    const cause = socketErrorOf(error);
    if (cause?.code && NOT_SENT_CODES.has(cause.code)) {
      return new PlatformFailure(
        'not_sent',
        `Could not reach X to ${what} (${cause.code}); nothing was sent.`,
      );
    }
    return new PlatformFailure(
      'ambiguous',
      `The request to ${what} reached X but no answer came (${cause?.code ?? cause?.message ?? 'connection lost'}); it may have taken effect.`,
    );
  }
  return new PlatformFailure(
    'ambiguous',
    `The request to ${what} failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`,
  );
}

function responseFailure(error: ApiResponseError, what: string): PlatformFailure {
  const status = error.code;
  const details = { status, platformData: error.data };
  const detail = platformDetail(error.data);
  const said = detail ? `: ${detail}` : '';
  if (error.rateLimitError) {
    const retryAt = retryAtOf(error.rateLimit);
    return new PlatformFailure(
      'rate_limited',
      `X's rate limit stopped the request to ${what} until ${retryAt.toISOString()}.`,
      { ...details, retryAt },
    );
  }
  if (status === 401) {
    return new PlatformFailure(
      'auth',
      `X refused the channel's credentials (HTTP 401) when asked to ${what}${said}`,
      details,
    );
  }
  if (status === 403 && /duplicate content/i.test(detail)) {
    return new PlatformFailure('duplicate', `X refused to ${what} as duplicate content.`, details);
  }
  if (status >= 400 && status < 500) {
    return new PlatformFailure('rejected', `X refused to ${what} (HTTP ${status})${said}`, details);
  }
  return new PlatformFailure(
    'ambiguous',
    `X answered HTTP ${status} to the request to ${what}${said}; it may have taken effect.`,
    details,
  );
}
