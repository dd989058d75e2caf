import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-countervoice-signature';
export const TIMESTAMP_HEADER = 'x-countervoice-timestamp';
export const EVENT_HEADER = 'x-countervoice-event';
export const DELIVERY_HEADER = 'x-countervoice-delivery';

/**
 * `v1=` + hex HMAC-SHA256 of `<timestamp>.<body>` under the endpoint's secret (Stripe's scheme):
 * the timestamp inside the signed bytes lets a receiver refuse replays of old deliveries.
 */
export function signatureOf(secret: string, timestamp: number, body: string): string {
  return 'v1=' + createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** What a receiver does (README → Notifications shows the same in a few lines). */
export function verifySignature(
  secret: string,
  header: { signature: string; timestamp: string },
  body: string,
  options: { now?: number; toleranceSeconds?: number } = {},
): boolean {
  const timestamp = Number(header.timestamp);
  if (!Number.isInteger(timestamp)) return false;
  const now = Math.floor((options.now ?? Date.now()) / 1000);
  if (Math.abs(now - timestamp) > (options.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signatureOf(secret, timestamp, body));
  const given = Buffer.from(header.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
