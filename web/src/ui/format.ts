/**
 * The one place the web writes dates, times and numbers, and reads the times people type: in the
 * signed-in user's locale (default en-GB) and time zone (default the browser's), both from
 * /api/auth/me.
 */
import { DateTime } from 'luxon';

const browserTimeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

export const DEFAULT_LOCALE = 'en-GB';

/** The user's locale; set by `setFormatPreferences` once the session is known. */
export let userLocale = DEFAULT_LOCALE;
/** The user's time zone (an ESM live binding: importers read the current value). */
export let userTimeZone = browserTimeZone;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Called when the signed-in user is known or changes their preferences. */
export function setFormatPreferences(preferences: {
  locale?: string | null;
  timeZone?: string | null;
}): void {
  userLocale = preferences.locale || DEFAULT_LOCALE;
  userTimeZone = preferences.timeZone || browserTimeZone;
  formatters.clear();
}

type Style = 'datetime' | 'time' | 'date' | 'precise' | 'day' | 'month' | 'weekday';

const STYLES: Record<Style, Intl.DateTimeFormatOptions> = {
  datetime: {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  },
  precise: {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    timeZoneName: 'short',
  },
  time: { hour: '2-digit', minute: '2-digit' },
  date: { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' },
  day: { weekday: 'short', day: 'numeric', month: 'short' },
  month: { month: 'long', year: 'numeric' },
  weekday: { weekday: 'short' },
};

function formatter(timeZone: string | undefined, style: Style): Intl.DateTimeFormat {
  const zone = timeZone ?? userTimeZone;
  const key = `${zone}|${style}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(userLocale, { timeZone: zone, ...STYLES[style] });
    formatters.set(key, f);
  }
  return f;
}

type Instant = string | Date;
const toDate = (value: Instant) => (value instanceof Date ? value : new Date(value));

/** "Tue 3 Dec, 09:30 GMT" in the given time zone (the user's by default). */
export function formatDateTime(iso: Instant | null | undefined, timeZone?: string): string {
  if (!iso) return '—';
  return formatter(timeZone, 'datetime').format(toDate(iso));
}

/** With the year and seconds, for records where order matters (the audit log). */
export function formatInstant(iso: Instant, timeZone?: string): string {
  return formatter(timeZone, 'precise').format(toDate(iso));
}

/** "09:30". */
export function formatTime(iso: Instant, timeZone?: string): string {
  return formatter(timeZone, 'time').format(toDate(iso));
}

/** "Tue 3 Dec 2026". */
export function formatDate(iso: Instant | null | undefined, timeZone?: string): string {
  if (!iso) return '—';
  return formatter(timeZone, 'date').format(toDate(iso));
}

/** "Tue 3 Dec": calendar column headings. */
export function formatDay(iso: Instant, timeZone?: string): string {
  return formatter(timeZone, 'day').format(toDate(iso));
}

/** "December 2026": calendar month headings. */
export function formatMonth(iso: Instant, timeZone?: string): string {
  return formatter(timeZone, 'month').format(toDate(iso));
}

/** "Tue". */
export function formatWeekday(iso: Instant, timeZone?: string): string {
  return formatter(timeZone, 'weekday').format(toDate(iso));
}

/**
 * A `datetime-local` input's value as an instant: the wall-clock time in the user's time zone, as
 * the screen writes every time (`new Date(value)` would read it in the browser's); null when
 * empty or incomplete.
 */
export function instantFromInput(value: string): string | null {
  const at = DateTime.fromISO(value, { zone: userTimeZone });
  return value && at.isValid ? at.toUTC().toISO() : null;
}

/** An instant as a `datetime-local` input shows it: the user's wall-clock time, to the minute. */
export function inputFromInstant(at: Instant): string {
  return DateTime.fromJSDate(toDate(at), { zone: userTimeZone }).toFormat("yyyy-MM-dd'T'HH:mm");
}

/** Today's date (YYYY-MM-DD) where the user is. */
export function todayDate(): string {
  return DateTime.now().setZone(userTimeZone).toISODate()!;
}

/** The first instant of a calendar date (YYYY-MM-DD) in a time zone (the user's by default). */
export function startOfDate(date: string, timeZone = userTimeZone): DateTime {
  return DateTime.fromISO(date, { zone: timeZone });
}

/** The calendar date (YYYY-MM-DD) an instant falls on in a time zone (the user's by default). */
export function dateOf(at: Instant, timeZone = userTimeZone): string {
  return DateTime.fromJSDate(toDate(at), { zone: timeZone }).toISODate() ?? '';
}

/**
 * Periods typed as whole days, both included (the analytics filters, a campaign's run, an
 * objective's window), are kept by the API as instants with the end excluded: the first day's
 * start and the start of the day after the last. These give them, in a time zone (the user's by
 * default); null for a day that is not a date there.
 */
export function startOfDay(date: string, timeZone = userTimeZone): string | null {
  return startOfDate(date, timeZone).toUTC().toISO();
}

/** The end of a period's last day (included): the start of the day after. See startOfDay. */
export function endOfDay(date: string, timeZone = userTimeZone): string | null {
  return startOfDate(date, timeZone).plus({ days: 1 }).toUTC().toISO();
}

/** The last instant of a period whose end is excluded: it falls on the period's last day. */
const lastInstant = (end: Instant) => new Date(toDate(end).getTime() - 1);

/** The last day (YYYY-MM-DD) of a period whose end instant is excluded, in a time zone. */
export function lastDayBefore(end: Instant, timeZone = userTimeZone): string {
  return dateOf(lastInstant(end), timeZone);
}

/** "Sat, 1 Mar 2031 – Mon, 31 Mar 2031": a period kept as instants, written as its days. */
export function formatDays(from: Instant | null, to: Instant | null, timeZone: string): string {
  return `${formatDate(from, timeZone)} – ${formatDate(to && lastInstant(to), timeZone)}`;
}

/** "3 scheduled posts" / "1 scheduled post". */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${n.toLocaleString(userLocale)} ${n === 1 ? singular : plural}`;
}

/** snake_case enum values as words: "brutality_against_sunnis" → "brutality against sunnis". */
export function humanize(value: string): string {
  return value.replace(/_/g, ' ');
}

/** Right-to-left scripts the campaigns write in; dir="auto" handles mixed text per paragraph. */
export function isRtlLanguage(tag: string | null | undefined): boolean {
  return !!tag && /^(ar|ur|fa|he|ps|ku|sd|ug|yi)(-|$)/i.test(tag);
}
