import { z } from 'zod';

// Field rules shared by the app's environment schema and each platform's configuration slice.

export const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'], { message: 'must be true or false' })
    .optional()
    .transform((v) => (v === undefined ? fallback : v === 'true' || v === '1'));

export const int = (fallback: number, min: number, max: number) =>
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
export const url = <F extends string | undefined>(fallback: F, protocols: string[]) =>
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
export const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v === '' ? undefined : v));
