import { bindingRateLimit, platformDetail, retryAtOf } from './x-failure.js';

const NOW_SEC = 1_800_000_000;

describe('retryAtOf', () => {
  it('waits for the 15-minute window when that is the one used up', () => {
    const retryAt = retryAtOf({
      limit: 100,
      remaining: 0,
      reset: NOW_SEC + 300,
      userDay: { limit: 10_000, remaining: 40, reset: NOW_SEC + 80_000 },
    });
    expect(retryAt).toEqual(new Date((NOW_SEC + 300) * 1000));
  });

  it('waits for the 24-hour user allowance when it is spent, although the short window has room', () => {
    const retryAt = retryAtOf({
      limit: 100,
      remaining: 57,
      reset: NOW_SEC + 300,
      userDay: { limit: 17, remaining: 0, reset: NOW_SEC + 80_000 },
    });
    expect(retryAt).toEqual(new Date((NOW_SEC + 80_000) * 1000));
  });

  it('waits for the app-wide day too when both are spent, whichever resets last', () => {
    const retryAt = retryAtOf({
      limit: 100,
      remaining: 0,
      reset: NOW_SEC + 300,
      day: { limit: 10_000, remaining: 0, reset: NOW_SEC + 50_000 },
    });
    expect(retryAt).toEqual(new Date((NOW_SEC + 50_000) * 1000));
  });

  it('falls back to 15 minutes when X sent no rate-limit headers', () => {
    expect(retryAtOf(undefined, NOW_SEC * 1000)).toEqual(new Date((NOW_SEC + 900) * 1000));
  });
});

describe('bindingRateLimit', () => {
  it('reports the window with fewer calls left', () => {
    expect(
      bindingRateLimit({
        limit: 100,
        remaining: 99,
        reset: NOW_SEC + 900,
        userDay: { limit: 17, remaining: 3, reset: NOW_SEC + 86_000 },
      }),
    ).toEqual({ limit: 17, remaining: 3, reset: new Date((NOW_SEC + 86_000) * 1000) });
    expect(
      bindingRateLimit({
        limit: 100,
        remaining: 2,
        reset: NOW_SEC + 900,
        userDay: { limit: 10_000, remaining: 9_000, reset: NOW_SEC + 86_000 },
      }),
    ).toEqual({ limit: 100, remaining: 2, reset: new Date((NOW_SEC + 900) * 1000) });
  });

  it('is undefined when X sent no headers', () => {
    expect(bindingRateLimit(undefined)).toBeUndefined();
  });
});

describe('platformDetail', () => {
  it("keeps X's own words from v2 problems, v2 parameter errors, v1 errors and OAuth errors", () => {
    expect(
      platformDetail({
        title: 'Forbidden',
        detail: 'You are not allowed to create a Tweet with duplicate content.',
        type: 'about:blank',
        status: 403,
      }),
    ).toBe('You are not allowed to create a Tweet with duplicate content.');
    expect(
      platformDetail({
        title: 'Invalid Request',
        detail: 'One or more parameters to your request was invalid.',
        errors: [{ message: '$.text: string found, but a different type was expected' }],
      }),
    ).toBe(
      'One or more parameters to your request was invalid. $.text: string found, but a different type was expected',
    );
    expect(platformDetail({ errors: [{ code: 32, message: 'Could not authenticate you.' }] })).toBe(
      'Could not authenticate you.',
    );
    // As twitter-api-v2 hands over an OAuth error: with its code copied into `errors`.
    expect(
      platformDetail({
        error: 'invalid_request',
        error_description: 'Value passed for the token was invalid.',
        errors: [{ code: 131, message: 'invalid_request' }],
      }),
    ).toBe('Value passed for the token was invalid.');
  });
});
