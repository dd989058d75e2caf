import { toCsv } from '../common/csv.js';
import type { FieldError } from '../common/domain-errors.js';
import type { DefectorInput, QuoteContent, SourceInput } from './library-inputs.js';

/** The columns of an export, in order; an import accepts the same. */
export const CSV_COLUMNS = [
  'quote_id',
  'vetting_status',
  'quote_text',
  'quote_language',
  'translation',
  'translation_language',
  'translator',
  'themes',
  'rebuts_claim',
  'verification',
  'identity_risk',
  'identity_risk_flags',
  'legal_flags',
  'sensitivity_flags',
  'source_locator',
  'source_url',
  'source_outlet',
  'source_title',
  'source_author',
  'source_published_on',
  'source_retrieved_at',
  'source_archive_url',
  'source_language',
  'defector_id',
  'defector_display_name',
  'defector_nationality',
  'defector_age',
  'defector_gender',
  'defector_consent',
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

/** Written by exports for the reader; an import creates new pending quotes and ignores them. */
export const INFORMATIONAL_COLUMNS: readonly CsvColumn[] = ['quote_id', 'vetting_status'];
export const REQUIRED_COLUMNS: readonly CsvColumn[] = [
  'quote_text',
  'quote_language',
  'themes',
  'verification',
  'identity_risk',
  'source_url',
  'defector_display_name',
];
export const MAX_IMPORT_ROWS = 5_000;
/** Lists (themes, flags) are written in one cell, separated by this. */
export const LIST_SEPARATOR = ';';

export type CsvRecord = Partial<Record<CsvColumn, string>>;

export interface ImportRowError extends FieldError {
  /** 1-based line of the CSV text; the header is line 1. */
  line: number;
}

/** A row whose own columns are valid; what needs the database is checked by the importer. */
export interface ImportRow {
  line: number;
  cells: CsvRecord;
  quote: QuoteContent;
  sourceUrl: string;
  defectorId?: string;
  defectorDisplayName: string;
}

/** Columns read as an input, with what is wrong with them (nothing when `errors` is empty). */
export interface Checked<T> {
  value: T;
  errors: ImportRowError[];
}

/** A CSV read and checked on its own, as the importer receives it. */
export interface ParsedQuoteCsv {
  rows: ImportRow[];
  errors: ImportRowError[];
  /**
   * Each url's source columns checked as a new source, from the url's first row. The importer
   * uses (and reports) one only when its url names no source in the library.
   */
  newSources: Map<string, Checked<SourceInput>>;
  /** Likewise the defector columns, by `newDefectorKey`, used when no defector matches. */
  newDefectors: Map<string, Checked<DefectorInput>>;
}

/**
 * Rows with the same key create one defector: the explicit id, or else the display name within
 * the source (the same name in two sources may be two people).
 */
export const newDefectorKey = (
  row: Pick<ImportRow, 'defectorId' | 'defectorDisplayName' | 'sourceUrl'>,
) => row.defectorId ?? JSON.stringify([row.defectorDisplayName, row.sourceUrl]);

export function quotesCsv(records: CsvRecord[]): string {
  return toCsv(
    CSV_COLUMNS,
    records.map((r) => CSV_COLUMNS.map((column) => r[column] ?? '')),
  );
}

export const joinList = (values: readonly string[]) => values.join(LIST_SEPARATOR);
