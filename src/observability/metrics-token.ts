import { createHash, timingSafeEqual } from 'node:crypto';

/** Prometheus's text format, as every /metrics answer is labelled. */
export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4';

/** METRICS_TOKEN, when set, is required as `Authorization: Bearer <token>` on every port. */
export function scrapeAllowed(authorization: string | undefined, token: string | undefined) {
  if (token === undefined) return true;
  const sent = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1] ?? '';
  const a = createHash('sha256').update(sent).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}
