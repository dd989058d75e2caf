import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { JobHandlers } from '../queue/job-queue.js';
import { DeliveriesRepository, type EmailDeliveryRow } from './deliveries.repository.js';
import { CLAIM_STALE_MS, nextAttemptAt } from './delivery-schedule.js';
import { DeliveryWakeUps } from './delivery-wake-ups.js';
import { KIND_LABELS } from './notification-events.js';
import { linkTo } from './notification-links.js';

const SEND_TIMEOUT_MS = 30_000;

/**
 * Sends one email per delivery row, never twice for one event: the row is claimed (intent
 * recorded) before the send and marked sent after it, and a job that runs again finds it sent.
 * The one window left is a worker dying between the send and the mark: after CLAIM_STALE_MS the
 * row is sent again — with the same Message-ID, so mail clients show it once.
 */
@Injectable()
export class EmailSender implements OnModuleInit {
  private readonly logger = new Logger(EmailSender.name);
  private readonly transport: Transporter | null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly deliveries: DeliveriesRepository,
    private readonly wakeUps: DeliveryWakeUps,
    private readonly handlers: JobHandlers,
  ) {
    const smtpUrl = config.notifications.smtpUrl;
    this.transport = smtpUrl
      ? createTransport({
          url: smtpUrl,
          connectionTimeout: SEND_TIMEOUT_MS,
          socketTimeout: SEND_TIMEOUT_MS,
        })
      : null;
  }

  onModuleInit(): void {
    this.handlers.register('notifications.email', ({ deliveryId }) => this.deliver(deliveryId));
  }

  async deliver(deliveryId: string): Promise<void> {
    if (!this.transport) return;
    const row = await this.deliveries.claimEmail(deliveryId, new Date(Date.now() - CLAIM_STALE_MS));
    if (!row) return;
    const to = await this.deliveries.emailAddressOf(row.userId);
    try {
      if (!to) throw new Error('The recipient no longer exists');
      await this.transport.sendMail({ ...this.messageOf(row), to });
    } catch (error) {
      // Only the transport's message: an SMTP URL's password never reaches the row or the log.
      const message = (error as Error).message;
      const nextAt = nextAttemptAt(row.attempts, this.config.notifications);
      this.logger.warn({ deliveryId, attempt: row.attempts, err: message }, 'email not sent');
      await this.deliveries.markFailedAttempt('email', row.id, { error: message, nextAt });
      if (nextAt) await this.wakeUps.wake('email', row.id, row.attempts, nextAt);
      return;
    }
    await this.deliveries.markEmailSent(row.id);
  }

  private messageOf(row: EmailDeliveryRow) {
    const publicUrl = this.config.notifications.publicUrl;
    const link = linkTo(publicUrl, row);
    const settings = `${publicUrl.replace(/\/+$/, '')}/notifications/preferences`;
    const host = new URL(publicUrl).hostname || 'countervoice';
    return {
      from: this.config.notifications.mailFrom,
      // Deterministic per (event, recipient): a resend after a crash is the same message.
      messageId: `<notification-${row.id}@${host}>`,
      subject: `${KIND_LABELS[row.kind]}: ${row.title}`,
      text: [
        row.title + '.',
        '',
        `Open it in Countervoice: ${link}`,
        '',
        `Choose which notifications you get by email: ${settings}`,
      ].join('\n'),
      headers: { 'X-Countervoice-Event': row.kind },
    };
  }
}
