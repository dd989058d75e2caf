import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { CredentialsCipher } from '../platforms/credentials-cipher.js';
import { JobHandlers } from '../queue/job-queue.js';
import { DeliveriesRepository, type WebhookDeliveryRow } from './deliveries.repository.js';
import { CLAIM_STALE_MS, nextAttemptAt } from './delivery-schedule.js';
import { DeliveryWakeUps } from './delivery-wake-ups.js';
import {
  DELIVERY_HEADER,
  EVENT_HEADER,
  SIGNATURE_HEADER,
  signatureOf,
  TIMESTAMP_HEADER,
} from './webhook-signature.js';

const REQUEST_TIMEOUT_MS = 10_000;

type Outcome =
  { ok: true; statusCode: number } | { ok: false; statusCode: number | null; error: string };

/**
 * POSTs one delivery to its endpoint, signed, and records every attempt. A 2xx is delivered;
 * anything else is retried with exponential backoff up to NOTIFY_MAX_ATTEMPTS. Receivers may see a
 * delivery more than once (a lost answer, an admin's redelivery) and dedupe by the event id.
 */
@Injectable()
export class WebhookSender implements OnModuleInit {
  private readonly logger = new Logger(WebhookSender.name);
  private readonly cipher: CredentialsCipher;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly deliveries: DeliveriesRepository,
    private readonly wakeUps: DeliveryWakeUps,
    private readonly handlers: JobHandlers,
  ) {
    this.cipher = new CredentialsCipher(config.credentialKeys);
  }

  onModuleInit(): void {
    this.handlers.register('notifications.webhook', ({ deliveryId }) => this.deliver(deliveryId));
  }

  async deliver(deliveryId: string): Promise<void> {
    const row = await this.deliveries.claimWebhook(
      deliveryId,
      new Date(Date.now() - CLAIM_STALE_MS),
    );
    if (!row) return;
    const started = performance.now();
    const outcome = await this.post(row);
    await this.deliveries.recordAttempt({
      deliveryId: row.id,
      attempt: row.attempts,
      statusCode: outcome.statusCode,
      latencyMs: Math.round(performance.now() - started),
      error: outcome.ok ? null : outcome.error.slice(0, 500),
    });
    if (outcome.ok) return this.deliveries.markWebhookDelivered(row.id, outcome.statusCode);
    const nextAt = nextAttemptAt(row.attempts, this.config.notifications);
    this.logger.warn(
      { deliveryId, attempt: row.attempts, status: outcome.statusCode },
      'webhook not delivered',
    );
    await this.deliveries.markFailedAttempt('webhook', row.id, { ...outcome, nextAt });
    if (nextAt) await this.wakeUps.wake('webhook', row.id, row.attempts, nextAt);
  }

  private async post(row: WebhookDeliveryRow): Promise<Outcome> {
    const endpoint = await this.deliveries.findEndpoint(row.endpointId);
    if (!endpoint?.active)
      return { ok: false, statusCode: null, error: 'The endpoint is inactive' };
    const { secret } = this.cipher.decrypt<{ secret: string }>(endpoint.sealedSecret);
    const timestamp = Math.floor(Date.now() / 1000);
    try {
      const res = await fetch(endpoint.url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Countervoice-Webhooks/1',
          [EVENT_HEADER]: row.kind,
          [DELIVERY_HEADER]: row.id,
          [TIMESTAMP_HEADER]: String(timestamp),
          [SIGNATURE_HEADER]: signatureOf(secret, timestamp, row.body),
        },
        body: row.body,
      });
      // The receiver's answer is not read beyond its status: it is not ours to store.
      await res.body?.cancel();
      return res.status >= 200 && res.status < 300
        ? { ok: true, statusCode: res.status }
        : { ok: false, statusCode: res.status, error: `The receiver answered ${res.status}` };
    } catch (error) {
      const e = error as Error & { cause?: { code?: string } };
      const reason = e.name === 'TimeoutError' ? 'timed out' : (e.cause?.code ?? e.message);
      return { ok: false, statusCode: null, error: `No answer from the receiver (${reason})` };
    }
  }
}
