import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { inList, subsetOf } from './checks.js';
import { xid8 } from './audit.js';
import { users } from './users.js';

/** What a notification is about; each comes from one kind of audit event (notification-events.ts). */
export const NOTIFICATION_KINDS = [
  'review_requested',
  'changes_requested',
  'approved',
  'rejected',
  'scheduled',
  'published',
  'failed',
  'held',
  'unknown',
  'channel_needs_reconnect',
  'quote_retracted',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * pending: due at next_attempt_at; sending: claimed by a worker (intent recorded before the send);
 * sent: done; failed: gave up after the last attempt.
 */
export const DELIVERY_STATUSES = ['pending', 'sending', 'sent', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

const createdAt = () =>
  timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow();

/**
 * The fan-out's watermark over audit_events: every event recorded by a transaction below
 * `settledTx` has been handled. A sweep takes its snapshot's xmin before it reads: every
 * transaction below it had ended, so their events were all visible to the reads that followed,
 * and the watermark moves there once they are handled. Events of later transactions are read
 * again until then; `notification_sources` says which of those were already handled.
 */
export const notificationCursor = pgTable('notification_cursor', {
  name: text('name').primaryKey(),
  settledTx: xid8('settled_tx').notNull(),
});

/** Audit events already fanned out (one row each, so two workers never fan one out twice). */
export const notificationSources = pgTable('notification_sources', {
  auditEventId: bigint('audit_event_id', { mode: 'number' }).primaryKey(),
  kind: text('kind').$type<NotificationKind>().notNull(),
  handledAt: timestamp('handled_at', { withTimezone: true }).notNull().defaultNow(),
});

/** In-app notifications. `title` is built only from fields that cannot identify a defector. */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    auditEventId: bigint('audit_event_id', { mode: 'number' }).notNull(),
    kind: text('kind').$type<NotificationKind>().notNull(),
    postId: uuid('post_id'),
    channelId: uuid('channel_id'),
    title: text('title').notNull(),
    readAt: timestamp('read_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('notifications_event_user_idx').on(t.auditEventId, t.userId),
    index('notifications_user_idx').on(t.userId, t.createdAt, t.id),
    index('notifications_unread_idx')
      .on(t.userId)
      .where(sql`read_at IS NULL`),
    check('notifications_kind_check', inList('kind', NOTIFICATION_KINDS)),
  ],
);

/** A user's choice per kind; no row means both channels on. */
export const notificationPreferences = pgTable(
  'notification_preferences',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind').$type<NotificationKind>().notNull(),
    inApp: boolean('in_app').notNull(),
    email: boolean('email').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.kind] }),
    check('notification_preferences_kind_check', inList('kind', NOTIFICATION_KINDS)),
  ],
);

/** One email per (event, recipient): the unique key is what makes it never sent twice. */
export const emailDeliveries = pgTable(
  'email_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    auditEventId: bigint('audit_event_id', { mode: 'number' }).notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind').$type<NotificationKind>().notNull(),
    postId: uuid('post_id'),
    channelId: uuid('channel_id'),
    title: text('title').notNull(),
    status: text('status').$type<DeliveryStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    lastError: text('last_error'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('email_deliveries_event_user_idx').on(t.auditEventId, t.userId),
    index('email_deliveries_due_idx')
      .on(t.status, t.nextAttemptAt)
      .where(sql`status IN ('pending', 'sending')`),
    check('email_deliveries_status_check', inList('status', DELIVERY_STATUSES)),
  ],
);

/** Admin-managed receivers. The secret is encrypted with the credential keys, never returned. */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    url: text('url').notNull(),
    description: text('description').notNull().default(''),
    sealedSecret: text('sealed_secret').notNull(),
    kinds: text('kinds').array().$type<NotificationKind[]>().notNull(),
    active: boolean('active').notNull().default(true),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  () => [check('webhook_endpoints_kinds_check', subsetOf('kinds', NOTIFICATION_KINDS))],
);

/** One delivery per (endpoint, event); `body` is kept so every attempt signs the same bytes. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    auditEventId: bigint('audit_event_id', { mode: 'number' }).notNull(),
    kind: text('kind').$type<NotificationKind>().notNull(),
    body: text('body').notNull(),
    status: text('status').$type<DeliveryStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_endpoint_event_idx').on(t.endpointId, t.auditEventId),
    index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.createdAt, t.id),
    index('webhook_deliveries_due_idx')
      .on(t.status, t.nextAttemptAt)
      .where(sql`status IN ('pending', 'sending')`),
    check('webhook_deliveries_status_check', inList('status', DELIVERY_STATUSES)),
  ],
);

/** Every request made for a delivery: the log an admin reads when a receiver misbehaves. */
export const webhookDeliveryAttempts = pgTable(
  'webhook_delivery_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    deliveryId: uuid('delivery_id')
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    attempt: integer('attempt').notNull(),
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    statusCode: integer('status_code'),
    latencyMs: integer('latency_ms').notNull(),
    error: text('error'),
  },
  (t) => [index('webhook_delivery_attempts_delivery_idx').on(t.deliveryId, t.id)],
);
