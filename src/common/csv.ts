import { stringify } from 'csv-stringify/sync';

/**
 * The one CSV writer of every export: RFC 4180, CRLF line ends, a cell quoted when it holds a
 * comma, a quote or any line break (csv-stringify alone leaves a lone LF unquoted when records end
 * in CRLF). A text cell that a spreadsheet would run as a formula is defused with an apostrophe.
 */
export type Cell = string | number | boolean | null | undefined | Date;

/**
 * Spreadsheets run cells that start with these as formulas. Exports defuse them with a leading
 * apostrophe, and imports take exactly that apostrophe off again, so text survives a round trip.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const defuse = (cell: string) => (FORMULA_START.test(cell) ? `'${cell}` : cell);
export const undefuse = (cell: string) => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);

function cellText(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  return typeof value === 'string' ? defuse(value) : String(value);
}

export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return stringify(
    rows.map((row) => row.map(cellText)),
    { header: true, columns: [...header], record_delimiter: '\r\n', quoted_match: /[\r\n]/ },
  );
}
