import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { Actor } from '../audit/actor.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { conflict, invalid, notFound } from '../common/domain-errors.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { DATABASE, type Database } from '../db/database.js';
import type { NotificationKind } from '../db/schema/index.js';
import { CredentialsCipher } from '../platforms/credentials-cipher.js';
import {
  DeliveriesRepository,
  type WebhookDeliveryRow,
  type WebhookEndpointRow,
} from './deliveries.repository.js';
import { DeliveryWakeUps } from './delivery-wake-ups.js';
import { webhookUrlErrors } from './webhook-url.js';

export interface EndpointInput {
  url: string;
  description?: string;
  kinds: NotificationKind[];
  active?: boolean;
}

/** What the audit log keeps of an endpoint: never its secret. */
const auditView = (row: WebhookEndpointRow) => ({
  url: row.url,
  description: row.description,
  kinds: row.kinds,
  active: row.active,
});

/** Admin-managed webhook endpoints and redeliveries; every change is audited. */
@Injectable()
export class WebhooksService {
  private readonly cipher: CredentialsCipher;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE) private readonly db: Database,
    private readonly deliveries: DeliveriesRepository,
    private readonly audit: AuditRepository,
    private readonly wakeUps: DeliveryWakeUps,
  ) {
    this.cipher = new CredentialsCipher(config.credentialKeys);
  }

  /** The endpoint and its signing secret, which is shown this once and never again. */
  async create(
    actor: Actor,
    input: EndpointInput,
  ): Promise<{ endpoint: WebhookEndpointRow; secret: string }> {
    this.checkUrl(input.url);
    const secret = `whsec_${randomBytes(24).toString('base64url')}`;
    const endpoint = await this.db.transaction(async (tx) => {
      const row = await this.deliveries.insertEndpoint(tx, {
        url: input.url,
        description: input.description ?? '',
        kinds: [...new Set(input.kinds)],
        active: input.active ?? true,
        sealedSecret: this.cipher.encrypt({ secret }),
        createdBy: actor.id,
      });
      await this.audit.record(tx, actor, {
        action: 'webhook.created',
        entityType: 'webhook_endpoint',
        entityId: row.id,
        after: auditView(row),
      });
      return row;
    });
    return { endpoint, secret };
  }

  async update(
    actor: Actor,
    id: string,
    changes: Partial<EndpointInput>,
  ): Promise<WebhookEndpointRow> {
    if (changes.url !== undefined) this.checkUrl(changes.url);
    return this.db.transaction(async (tx) => {
      const before = await this.deliveries.findEndpoint(id, tx);
      if (!before) throw notFound('Webhook endpoint', id);
      const after = await this.deliveries.updateEndpoint(tx, id, {
        ...changes,
        ...(changes.kinds ? { kinds: [...new Set(changes.kinds)] } : {}),
      });
      await this.audit.record(tx, actor, {
        action: 'webhook.updated',
        entityType: 'webhook_endpoint',
        entityId: id,
        before: auditView(before),
        after: auditView(after!),
      });
      return after!;
    });
  }

  /** Deletes the endpoint with its delivery log. */
  async remove(actor: Actor, id: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const before = await this.deliveries.findEndpoint(id, tx);
      if (!before || !(await this.deliveries.deleteEndpoint(tx, id)))
        throw notFound('Webhook endpoint', id);
      await this.audit.record(tx, actor, {
        action: 'webhook.deleted',
        entityType: 'webhook_endpoint',
        entityId: id,
        before: auditView(before),
      });
    });
  }

  /** Sends a finished delivery (delivered or given up) again, as a new attempt. */
  async redeliver(actor: Actor, deliveryId: string): Promise<WebhookDeliveryRow> {
    const row = await this.db.transaction(async (tx) => {
      const existing = await this.deliveries.findWebhookDelivery(deliveryId);
      if (!existing) throw notFound('Webhook delivery', deliveryId);
      const requeued = await this.deliveries.requeueWebhook(tx, deliveryId);
      if (!requeued)
        throw conflict('This delivery is still being attempted; wait for it to finish.');
      await this.audit.record(tx, actor, {
        action: 'webhook.redelivery_requested',
        entityType: 'webhook_endpoint',
        entityId: existing.endpointId,
        after: { deliveryId, previousStatus: existing.status },
      });
      return requeued;
    });
    await this.wakeUps.wake('webhook', row.id, row.attempts);
    return row;
  }

  private checkUrl(url: string): void {
    const errors = webhookUrlErrors(url, this.config.notifications.allowLoopbackHttp);
    if (errors.length > 0) throw invalid(errors);
  }
}
