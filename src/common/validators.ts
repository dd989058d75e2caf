import { applyDecorators } from '@nestjs/common';
import { IsInt, Max, Min, registerDecorator, type ValidationOptions } from 'class-validator';
import { isIanaZone } from './iana-zone.js';

/** An IANA timezone name such as Europe/London (rule name: isIanaTimezone). */
export function IsIanaTimezone(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isIanaTimezone',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: `${String(propertyName)} must be an IANA timezone such as Europe/London`,
        ...options,
      },
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isIanaZone(value),
      },
    });
}

/** A BCP 47 locale the runtime can format dates in, such as en-GB (rule name: isLocale). */
export function IsLocale(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isLocale',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: `${String(propertyName)} must be a language tag such as en-GB`,
        ...options,
      },
      validator: { validate: isSupportedLocale },
    });
}

function isSupportedLocale(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > 35) return false;
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([value]).length === 1;
  } catch {
    return false;
  }
}

/** The range of a PostgreSQL `integer` (int4) column. */
export const INT4_MIN = -2147483648;
export const INT4_MAX = 2147483647;

/**
 * An integer that fits the int4 column it is stored in (rules isInt, min, max): every integer the
 * API accepts goes through this, so an out-of-range number is a 400, never a database error.
 * Bounds narrower than the column's are the field's own rule.
 */
export function IsInteger(bounds: { min?: number; max?: number } = {}): PropertyDecorator {
  return applyDecorators(
    IsInt(),
    Min(Math.max(bounds.min ?? INT4_MIN, INT4_MIN)),
    Max(Math.min(bounds.max ?? INT4_MAX, INT4_MAX)),
  );
}

// Extended-format calendar dates only (RFC 3339): ISO 8601 also allows week dates (2026-W10-2),
// ordinal dates and the basic format (20261201T120000Z), which JavaScript and PostgreSQL read
// differently or not at all.
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|([+-])(\d{2}):(\d{2}))$/;
// Years 1-9999: PostgreSQL has no year 0 and JavaScript's range ends earlier than PostgreSQL's, so
// this is the range both store and read back unchanged, in UTC as well as in any real offset.
// (Date.parse, not Date.UTC: Date.UTC reads years 0-99 as 1900-1999.)
const FIRST_INSTANT = Date.parse('0001-01-02T00:00:00Z');
const LAST_INSTANT = Date.parse('9999-12-31T00:00:00Z');
const MAX_OFFSET_MINUTES = 14 * 60;

function isCalendarDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  return year >= 1 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** A calendar date YYYY-MM-DD between years 1 and 9999. */
export function isStorableDay(value: unknown): boolean {
  const m = typeof value === 'string' ? DAY.exec(value) : null;
  return m !== null && isCalendarDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** A date-time with a zone (Z or a real offset, at most ±14:00) in the range both sides store. */
export function isStorableDateTime(value: unknown): boolean {
  const m = typeof value === 'string' ? DATE_TIME.exec(value) : null;
  if (!m || !isCalendarDay(Number(m[1]), Number(m[2]), Number(m[3]))) return false;
  const [hour, minute, second] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
  if (hour > 23 || minute > 59 || second > 59) return false;
  if (m[7] !== undefined) {
    const [offsetHours, offsetMinutes] = [Number(m[8]), Number(m[9])];
    if (offsetMinutes > 59 || offsetHours * 60 + offsetMinutes > MAX_OFFSET_MINUTES) return false;
  }
  const instant = Date.parse(value as string);
  return instant >= FIRST_INSTANT && instant <= LAST_INSTANT;
}

const DATE_RULES = {
  'date-time': {
    name: 'isDateTime',
    test: isStorableDateTime,
    shape: 'a date-time with a zone such as 2026-03-01T09:30:00Z or 2026-03-01T10:30:00+01:00',
  },
  date: { name: 'isDate', test: isStorableDay, shape: 'a date YYYY-MM-DD' },
} as const;

/**
 * The one date rule of the API: every date field uses it, as `date-time` (rule isDateTime) or, for
 * a field that is a calendar day, `date` (rule isDate). Anything it accepts can be stored.
 */
export function IsCalendarDate(
  kind: keyof typeof DATE_RULES,
  options?: ValidationOptions,
): PropertyDecorator {
  const rule = DATE_RULES[kind];
  return (target, propertyName) =>
    registerDecorator({
      name: rule.name,
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `$property must be ${rule.shape}`, ...options },
      validator: { validate: (value: unknown) => rule.test(value) },
    });
}
