import { sql } from 'drizzle-orm';
import {
  bigserial,
  customType,
  index,
  jsonb,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './users.js';

/** A transaction id that never wraps around (PostgreSQL 13+), as its decimal text. */
export const xid8 = customType<{ data: string }>({ dataType: () => 'xid8' });

/** Append-only: a trigger (migration 0001) rejects UPDATE and DELETE. */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorId: uuid('actor_id').references(() => users.id),
    actorLabel: text('actor_label').notNull(),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
    /**
     * The transaction that recorded the event: once every transaction below a snapshot's xmin
     * has ended, no event of theirs can still appear, whatever order their ids commit in (the
     * notification fan-out's watermark). Null on events recorded before migration 0027 that the
     * fan-out had already settled.
     */
    tx: xid8('tx').default(sql`pg_current_xact_id()`),
  },
  (t) => [
    index('audit_events_at_idx').on(t.at, t.id),
    index('audit_events_actor_idx').on(t.actorId, t.at),
    index('audit_events_entity_idx').on(t.entityType, t.entityId, t.at),
    index('audit_events_action_idx').on(t.action, t.at),
    index('audit_events_tx_idx').on(t.tx, t.id),
  ],
);
