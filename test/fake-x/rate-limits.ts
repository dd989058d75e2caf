/** One endpoint's per-user limit: `limit` requests per `windowSec`, and optionally per 24 h. */
export interface RateLimitRule {
  limit: number;
  windowSec: number;
  /** Sent as `x-user-limit-24hour-*` (X does so on POST /2/tweets). */
  userDayLimit?: number;
}

/**
 * Per-user limits of the current X API docs (pay-per-use era). Plans differ, which is why the
 * app must follow the headers; tests override these to reach a limit quickly.
 */
export const X_RATE_LIMITS: Record<string, RateLimitRule> = {
  'POST /2/tweets': { limit: 100, windowSec: 900, userDayLimit: 10_000 },
  'DELETE /2/tweets/:id': { limit: 50, windowSec: 900 },
  'GET /2/tweets': { limit: 900, windowSec: 900 },
  'GET /2/tweets/:id': { limit: 900, windowSec: 900 },
  'GET /2/users/me': { limit: 75, windowSec: 900 },
  'GET /2/users/:id/tweets': { limit: 900, windowSec: 900 },
  'POST /2/media/upload/initialize': { limit: 500, windowSec: 900 },
  'POST /2/media/upload/:id/append': { limit: 500, windowSec: 900 },
  'POST /2/media/upload/:id/finalize': { limit: 500, windowSec: 900 },
  'GET /2/media/upload': { limit: 500, windowSec: 900 },
};

interface Window {
  startedAtMs: number;
  used: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  headers: Record<string, string>;
}

const DAY_SEC = 24 * 60 * 60;

/** Fixed windows per endpoint and user, started by the first request, as X's headers describe them. */
export class RateLimitLedger {
  private readonly windows = new Map<string, Window>();
  private readonly rules: Record<string, RateLimitRule>;
  private readonly now: () => number;

  constructor(rules: Record<string, RateLimitRule>, now: () => number) {
    this.rules = rules;
    this.now = now;
  }

  /** Counts one request; `undefined` when the endpoint has no limit. */
  take(endpoint: string, accountId: string): RateLimitDecision | undefined {
    const rule = this.rules[endpoint];
    if (!rule) return undefined;
    const short = this.window(`${endpoint} ${accountId}`, rule.windowSec);
    const day =
      rule.userDayLimit === undefined
        ? undefined
        : this.window(`${endpoint} ${accountId} day`, DAY_SEC);
    const allowed =
      short.used < rule.limit && (day === undefined || day.used < (rule.userDayLimit ?? 0));
    if (allowed) {
      short.used += 1;
      if (day) day.used += 1;
    }
    const headers = {
      'x-rate-limit-limit': String(rule.limit),
      'x-rate-limit-remaining': String(rule.limit - short.used),
      'x-rate-limit-reset': String(resetAt(short, rule.windowSec)),
    };
    if (day && rule.userDayLimit !== undefined) {
      Object.assign(headers, {
        'x-user-limit-24hour-limit': String(rule.userDayLimit),
        'x-user-limit-24hour-remaining': String(rule.userDayLimit - day.used),
        'x-user-limit-24hour-reset': String(resetAt(day, DAY_SEC)),
      });
    }
    return { allowed, headers };
  }

  /** Headers of an exhausted window resetting in `resetInSec`, for an injected 429. */
  exhaustedHeaders(endpoint: string, resetInSec: number): Record<string, string> {
    const rule = this.rules[endpoint];
    return {
      'x-rate-limit-limit': String(rule?.limit ?? 1),
      'x-rate-limit-remaining': '0',
      'x-rate-limit-reset': String(Math.ceil(this.now() / 1000) + resetInSec),
    };
  }

  clear(): void {
    this.windows.clear();
  }

  private window(key: string, windowSec: number): Window {
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || now >= window.startedAtMs + windowSec * 1000) {
      window = { startedAtMs: now, used: 0 };
      this.windows.set(key, window);
    }
    return window;
  }
}

function resetAt(window: Window, windowSec: number): number {
  return Math.ceil((window.startedAtMs + windowSec * 1000) / 1000);
}
