/**
 * RFC 4180 CSV: every cell quoted when it needs to be, CRLF line ends. A text cell starting with
 * = + - @ (or a tab or carriage return) is prefixed with an apostrophe so a spreadsheet shows it
 * instead of running it as a formula.
 */
export type Cell = string | number | boolean | null | undefined | Date;

function cellText(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value !== 'string') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return [header, ...rows].map((row) => row.map(cellText).join(',')).join('\r\n') + '\r\n';
}
