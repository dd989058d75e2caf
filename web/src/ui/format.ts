/** The viewer's own timezone, as the browser reports it. */
export const userTimeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

const formatters = new Map<string, Intl.DateTimeFormat>();

type Style = 'datetime' | 'time' | 'date' | 'precise';

function formatter(timeZone: string | undefined, style: Style) {
  const key = `${timeZone ?? ''}|${style}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(undefined, {
      timeZone,
      ...(style !== 'time' ? { weekday: 'short', day: 'numeric', month: 'short' } : {}),
      ...(style === 'date' ? { year: 'numeric' } : {}),
      ...(style !== 'date' ? { hour: '2-digit', minute: '2-digit' } : {}),
      ...(style === 'precise' ? { second: '2-digit' } : {}),
      ...(style === 'datetime' || style === 'precise' ? { timeZoneName: 'short' } : {}),
    });
    formatters.set(key, f);
  }
  return f;
}

/** "Tue 3 Dec, 09:30 GMT" in the given timezone (the viewer's by default). */
export function formatDateTime(iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return '—';
  return formatter(timeZone, 'datetime').format(new Date(iso));
}

/** With seconds, for records where order matters (the audit log). */
export function formatInstant(iso: string): string {
  return formatter(undefined, 'precise').format(new Date(iso));
}

export function formatTime(iso: string, timeZone?: string): string {
  return formatter(timeZone, 'time').format(new Date(iso));
}

export function formatDate(iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return '—';
  return formatter(timeZone, 'date').format(new Date(iso));
}

/** snake_case enum values as words: "brutality_against_sunnis" → "brutality against sunnis". */
export function humanize(value: string): string {
  return value.replace(/_/g, ' ');
}

/** Right-to-left scripts the campaigns write in; dir="auto" handles mixed text per paragraph. */
export function isRtlLanguage(tag: string | null | undefined): boolean {
  return !!tag && /^(ar|ur|fa|he|ps|ku|sd|ug|yi)(-|$)/i.test(tag);
}
