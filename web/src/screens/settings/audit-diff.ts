/** One field an audit row changed, its values as short text ("—" where it had none). */
export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

const NONE = '—';

function shown(value: unknown): string {
  if (value === undefined || value === null || value === '') return NONE;
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null))
    return value.length ? value.join(', ') : NONE;
  return JSON.stringify(value);
}

const asRecord = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : value === null || value === undefined
      ? {}
      : { value };

/**
 * The fields whose values differ between an audit row's before and after, in the order they
 * first appear; fields equal on both sides are left out. A side that is missing (a creation, a
 * removal) shows every field of the other side.
 */
export function auditChanges(before: unknown, after: unknown): FieldChange[] {
  const b = asRecord(before);
  const a = asRecord(after);
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return fields
    .map((field) => ({ field, before: shown(b[field]), after: shown(a[field]) }))
    .filter((c) => c.before !== c.after);
}

/** "scheduledAt" or "consent_status" → "Scheduled at", "Consent status". */
export function fieldLabel(field: string): string {
  const words = field
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
