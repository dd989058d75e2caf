import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const ROLES = [
  'author',
  'editor',
  'safety_reviewer',
  'legal_reviewer',
  'analyst',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  email: text('email').notNull().unique(),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash').notNull(),
  roles: text('roles')
    .array()
    .$type<Role[]>()
    .notNull()
    .default(sql`'{}'::text[]`),
  disabledAt: timestamp('disabled_at', { withTimezone: true }),
  // How the web UI writes dates and times for this user; no time zone means the browser's own.
  locale: text('locale').notNull().default('en-GB'),
  timeZone: text('time_zone'),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const sessions = pgTable(
  'sessions',
  {
    // sha256 of the cookie value: a database dump does not yield live sessions.
    idHash: text('id_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_expires_idx').on(t.expiresAt)],
);

export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    prefix: text('prefix').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    // Every token expires: a leaked one stops working on its own (API_TOKEN_MAX_DAYS).
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('api_tokens_user_idx').on(t.userId)],
);

/**
 * Failed sign-ins per account (digest of the email, known or not) and per client address. Kept
 * in PostgreSQL so every api process sees the same counts; a row quiet for long is forgotten.
 */
export const signInThrottles = pgTable('sign_in_throttles', {
  // 'account:<sha256 of the email>' or 'address:<sha256 of the IP>': no address book of attempts.
  key: text('key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  lastFailureAt: timestamp('last_failure_at', { withTimezone: true }),
  blockedUntil: timestamp('blocked_until', { withTimezone: true }),
});
