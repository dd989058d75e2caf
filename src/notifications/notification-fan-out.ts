import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleInit,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { DATABASE, type Database } from '../db/database.js';
import { JobHandlers, JobQueue } from '../queue/job-queue.js';
import { DeliveriesRepository, type Outbox } from './deliveries.repository.js';
import { CLAIM_STALE_MS } from './delivery-schedule.js';
import { DeliveryWakeUps } from './delivery-wake-ups.js';
import {
  ACTION_KINDS,
  type AuditFact,
  eventOf,
  titleOf,
  WATCHED_ACTIONS,
} from './notification-events.js';
import { type LogPosition, NotificationsRepository } from './notifications.repository.js';
import { webhookBody } from './notification-links.js';

const BATCH = 200;
/** A pending delivery whose wake-up should have run by now has lost it. */
const LOST_WAKE_UP_MS = 60_000;

/**
 * Turns audit events into in-app notifications, email and webhook deliveries, once each: runs
 * once cluster-wide as a BullMQ job scheduler (every NOTIFY_SWEEP_SECONDS), and promptly when
 * events commit (AuditListener); sweeps running at once are harmless (each event is claimed by
 * one transaction).
 */
@Injectable()
export class NotificationFanOut implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger(NotificationFanOut.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE) private readonly db: Database,
    private readonly notifications: NotificationsRepository,
    private readonly deliveries: DeliveriesRepository,
    private readonly wakeUps: DeliveryWakeUps,
    private readonly handlers: JobHandlers,
    private readonly queue: JobQueue,
  ) {}

  onModuleInit(): void {
    this.handlers.register('notifications.sweep', async () => void (await this.sweep()));
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.notifications.smtpUrl)
      this.logger.log('Email notifications are off: SMTP_URL is not set');
    if (this.config.role !== 'api')
      await this.queue.schedule(
        'notifications.sweep',
        this.config.notifications.sweepIntervalMs,
        {},
      );
  }

  /** Fans out every unhandled event; returns how many it handled. */
  async sweep(now = new Date()): Promise<number> {
    // Audit ids are taken at insert and commit later, in any order, so the sweep follows
    // transactions instead: taken before the reads, `ended` is a transaction id below which every
    // transaction had ended, so the reads see all their events. Once those are handled, the
    // watermark moves there; the events of any transaction from it on are read again next time.
    const [from, ended] = await Promise.all([
      this.notifications.settledTx(),
      this.notifications.oldestRunningTx(),
    ]);
    let handled = 0;
    // Paged by position: every event before it was handled or claimed by a sweep beside this
    // one, and those of transactions below `ended` were all visible from the first page on.
    let after: LogPosition = { tx: from, id: 0 };
    for (;;) {
      const rows = await this.notifications.unhandled(after, WATCHED_ACTIONS, BATCH);
      if (rows.length > 0) handled += await this.fanOut(rows);
      if (rows.length < BATCH) break;
      const last = rows[rows.length - 1]!;
      after = { tx: last.tx, id: last.id };
    }
    await this.notifications.settle(ended);
    await this.rewakeLost(now);
    return handled;
  }

  /**
   * A batch of events in one transaction of a few set-based statements: the claims, the
   * notifications and the outbox rows commit together. (One transaction per event cost a
   * publishing burst as many statements again as the publishing itself.) Returns how many
   * events this sweep claimed.
   */
  private async fanOut(rows: AuditFact[]): Promise<number> {
    const { publicUrl, smtpUrl } = this.config.notifications;
    const created = await this.db.transaction(async (tx) => {
      const claimed = await this.notifications.claimSources(
        tx,
        rows.map((row) => ({ auditEventId: row.id, kind: ACTION_KINDS[row.action]! })),
      );
      const events = rows.flatMap((row) => {
        const event = claimed.has(row.id) ? eventOf(row) : null;
        return event ? [{ row, event }] : [];
      });
      if (events.length === 0) return { claimed: claimed.size, emails: [], webhooks: [] };
      const contexts = await this.notifications.contextsOf(
        tx,
        events.map(({ row, event }) => ({ eventId: row.id, ...event })),
      );
      const recipients = await this.notifications.recipientsOf(
        tx,
        events.map(({ row, event }) => ({ eventId: row.id, event, actorId: row.actorId })),
      );
      const endpoints = await this.deliveries.activeEndpoints(tx);
      const inApp = [];
      const emails = [];
      const webhooks = [];
      for (const { row, event } of events) {
        const context = contexts.get(row.id)!;
        const title = titleOf(event.kind, context);
        const about = {
          auditEventId: row.id,
          kind: event.kind,
          postId: event.postId,
          channelId: context.channelId,
          title,
        };
        const people = recipients.get(row.id) ?? [];
        inApp.push(...people.filter((r) => r.inApp).map((r) => ({ ...about, userId: r.userId })));
        if (smtpUrl)
          emails.push(
            ...people.filter((r) => r.email).map((r) => ({ ...about, userId: r.userId })),
          );
        const listening = endpoints.filter((e) => e.kinds.includes(event.kind));
        // Built only for an event some endpoint listens to: most events of a burst have none.
        if (listening.length > 0) {
          const body = webhookBody(publicUrl, row, event, context, title);
          webhooks.push(
            ...listening.map((e) => ({
              endpointId: e.id,
              auditEventId: row.id,
              kind: event.kind,
              body,
            })),
          );
        }
      }
      await this.notifications.insertNotifications(tx, inApp);
      return {
        claimed: claimed.size,
        emails: await this.deliveries.insertEmails(tx, emails),
        webhooks: await this.deliveries.insertWebhooks(tx, webhooks),
      };
    });
    for (const { id } of created.emails) await this.wakeUps.wake('email', id, 0);
    for (const { id } of created.webhooks) await this.wakeUps.wake('webhook', id, 0);
    return created.claimed;
  }

  private async rewakeLost(now: Date): Promise<void> {
    const dueBefore = new Date(now.getTime() - LOST_WAKE_UP_MS);
    const staleBefore = new Date(now.getTime() - CLAIM_STALE_MS);
    for (const outbox of ['email', 'webhook'] as Outbox[]) {
      const lost = await this.deliveries.overdue(outbox, dueBefore, staleBefore, BATCH);
      for (const d of lost) await this.wakeUps.wake(outbox, d.id, d.attempts);
    }
  }
}
