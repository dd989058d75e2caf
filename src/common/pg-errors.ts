import { DomainError, invalid, refused } from './domain-errors.js';

/** The fields of a PostgreSQL error this mapping reads (node-postgres' DatabaseError). */
interface PgError {
  code: string;
  constraint?: string;
  column?: string;
}

/**
 * Which request field each unique constraint (or unique index) guards, so a clash answers 409
 * naming the field. A constraint missing here still answers 409, naming no field.
 */
const UNIQUE_FIELDS: Record<string, string> = {
  users_email_unique: 'email',
  sources_url_key: 'url',
  themes_pkey: 'key',
  channels_platform_handle_idx: 'handle',
  posts_channel_slot_idx: 'at',
  defectors_pkey: 'id',
  sources_pkey: 'id',
  quotes_pkey: 'id',
};

/** Safety net for values the validation rules should already refuse: a 400, not a 500. */
const INVALID_VALUE_RULES: Record<string, string> = {
  '22001': 'maxLength', // string_data_right_truncation
  '22003': 'range', // numeric_value_out_of_range
  '22007': 'format', // invalid_datetime_format
  '22008': 'range', // datetime_field_overflow
  '22P02': 'format', // invalid_text_representation
  '22P05': 'format', // untranslatable_character (e.g. \u0000 in jsonb)
  '23502': 'notNull', // not_null_violation
};

function pgErrorIn(error: unknown): PgError | undefined {
  // Drizzle wraps the driver's error in its own (`cause`); look a few levels down.
  for (let e = error, depth = 0; e instanceof Error && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return e as unknown as PgError;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Turns the database's refusals of a request's values into domain errors (a unique clash is a
 * conflict, a value out of range is invalid) and passes anything else through. The messages
 * name the field and the rule only: PostgreSQL's own detail quotes the stored values, and a clash
 * must not reveal what another record holds.
 */
export function fromDatabaseError(error: unknown): unknown {
  if (error instanceof DomainError) return error;
  const pg = pgErrorIn(error);
  if (!pg) return error;
  if (pg.code === '23505') {
    const field = pg.constraint ? UNIQUE_FIELDS[pg.constraint] : undefined;
    return refused(
      'conflict',
      field
        ? `Another record already has this ${field}.`
        : 'Another record already exists with these values.',
      field ? { errors: [{ field, rule: 'unique', message: `${field} is already taken` }] } : {},
    );
  }
  const rule = INVALID_VALUE_RULES[pg.code];
  if (!rule) return error;
  const field = pg.column ?? 'body';
  return invalid([
    { field, rule, message: `${field} has a value that cannot be stored (${rule})` },
  ]);
}
