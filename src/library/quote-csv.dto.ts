/**
 * Reading an imported CSV into checked library inputs. A CSV is an input boundary like a JSON
 * body, so it is checked here with the same DTO classes (and messages) as the API, before the
 * importer sees it; `QuoteImportService` receives plain, already-checked inputs and adds only what
 * needs the database. The source and defector columns are checked once per url / defector key and
 * reported by the importer only for the records it has to create.
 */
import { plainToInstance } from 'class-transformer';
import { isUUID, validateSync, type ValidationError } from 'class-validator';
import { parse } from 'csv-parse/sync';
import { undefuse } from '../common/csv.js';
import { CreateDefectorDto } from './defectors.dto.js';
import type { DefectorInput, SourceInput } from './library-inputs.js';
import { QuoteContentDto } from './quote-content.dto.js';
import {
  type Checked,
  CSV_COLUMNS,
  type CsvColumn,
  type CsvRecord,
  type ImportRow,
  type ImportRowError,
  LIST_SEPARATOR,
  MAX_IMPORT_ROWS,
  newDefectorKey,
  type ParsedQuoteCsv,
  REQUIRED_COLUMNS,
} from './quote-csv.js';
import { CreateSourceDto } from './sources.dto.js';

const QUOTE_FIELD_COLUMNS: Record<string, CsvColumn> = {
  text: 'quote_text',
  language: 'quote_language',
  translation: 'translation',
  translationLanguage: 'translation_language',
  translator: 'translator',
  themes: 'themes',
  rebutsClaim: 'rebuts_claim',
  verification: 'verification',
  identityRisk: 'identity_risk',
  identityRiskFlags: 'identity_risk_flags',
  legalFlags: 'legal_flags',
  sensitivityFlags: 'sensitivity_flags',
  sourceLocator: 'source_locator',
};
const SOURCE_FIELD_COLUMNS: Record<string, CsvColumn> = {
  url: 'source_url',
  outlet: 'source_outlet',
  title: 'source_title',
  author: 'source_author',
  publishedOn: 'source_published_on',
  retrievedAt: 'source_retrieved_at',
  archiveUrl: 'source_archive_url',
  language: 'source_language',
};
const DEFECTOR_FIELD_COLUMNS: Record<string, CsvColumn> = {
  displayName: 'defector_display_name',
  nationality: 'defector_nationality',
  ageAsReported: 'defector_age',
  gender: 'defector_gender',
  consentStatus: 'defector_consent',
};

const optional = (cell: string | undefined) =>
  cell === undefined || cell === '' ? undefined : cell;
const list = (cell: string | undefined) =>
  (cell ?? '')
    .split(LIST_SEPARATOR)
    .map((v) => v.trim())
    .filter((v) => v !== '');
const integer = (cell: string | undefined) =>
  cell === undefined || cell === '' ? undefined : /^-?\d+$/.test(cell) ? Number(cell) : cell;

function fieldErrors(
  errors: ValidationError[],
  columns: Record<string, CsvColumn>,
  line: number,
): ImportRowError[] {
  return errors.flatMap((e) =>
    Object.entries(e.constraints ?? {}).map(([rule, message]) => {
      const field = columns[e.property] ?? e.property;
      return { line, field, rule, message: message.replace(e.property, field) };
    }),
  );
}

function validated<T extends object>(
  dto: new () => T,
  plain: object,
  columns: Record<string, CsvColumn>,
  line: number,
): Checked<T> {
  const value = plainToInstance(dto, plain);
  return {
    value,
    errors: fieldErrors(validateSync(value, { forbidUnknownValues: false }), columns, line),
  };
}

/** Reads and checks the CSV on its own; what needs the database is checked by the importer. */
export function parseQuoteCsv(csv: string): ParsedQuoteCsv {
  const { rows, errors } = readRows(csv);
  const newSources = new Map<string, Checked<SourceInput>>();
  const newDefectors = new Map<string, Checked<DefectorInput>>();
  for (const row of rows) {
    if (!newSources.has(row.sourceUrl)) newSources.set(row.sourceUrl, newSourceFrom(row));
    const key = newDefectorKey(row);
    if (!newDefectors.has(key)) newDefectors.set(key, newDefectorFrom(row));
  }
  return { rows, errors, newSources, newDefectors };
}

/** The rows whose own quote columns, source url and defector name are valid, and the errors. */
function readRows(csv: string): { rows: ImportRow[]; errors: ImportRowError[] } {
  let records: { record: string[]; raw: string; info: { lines: number } }[];
  try {
    records = parse(csv.replace(/\r\n?/g, '\n'), {
      bom: true,
      info: true,
      raw: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as typeof records;
  } catch (error) {
    const e = error as { lines?: number; message?: string };
    return {
      rows: [],
      errors: [
        { line: e.lines ?? 1, field: 'csv', rule: 'csv_syntax', message: e.message ?? 'not CSV' },
      ],
    };
  }
  const [header, ...body] = records;
  if (!header) {
    return {
      rows: [],
      errors: [{ line: 1, field: 'csv', rule: 'header', message: 'the CSV is empty' }],
    };
  }
  const columns = header.record.map((c) => c.trim());
  const errors: ImportRowError[] = [];
  for (const column of columns) {
    if (!(CSV_COLUMNS as readonly string[]).includes(column)) {
      errors.push({
        line: 1,
        field: column,
        rule: 'unknown_column',
        message: `${column} is not a column this import knows`,
      });
    }
  }
  for (const column of REQUIRED_COLUMNS.filter((c) => !columns.includes(c))) {
    errors.push({
      line: 1,
      field: column,
      rule: 'required_column',
      message: `the column ${column} is missing`,
    });
  }
  if (errors.length > 0) return { rows: [], errors };
  if (body.length > MAX_IMPORT_ROWS) {
    return {
      rows: [],
      errors: [
        {
          line: 1,
          field: 'csv',
          rule: 'max_rows',
          message: `at most ${MAX_IMPORT_ROWS} rows per import`,
        },
      ],
    };
  }

  const rows: ImportRow[] = [];
  for (const { record, raw, info } of body) {
    const line =
      info.lines - (raw.replace(/^\n+/, '').replace(/\n$/, '').match(/\n/g)?.length ?? 0);
    if (record.length !== columns.length) {
      errors.push({
        line,
        field: 'csv',
        rule: 'column_count',
        message: `the row has ${record.length} cells, the header ${columns.length}`,
      });
      continue;
    }
    const cells: CsvRecord = {};
    columns.forEach((column, i) => {
      cells[column as CsvColumn] = undefuse(record[i]!.trim());
    });
    const quote = validated(
      QuoteContentDto,
      {
        text: optional(cells.quote_text),
        language: optional(cells.quote_language),
        translation: optional(cells.translation),
        translationLanguage: optional(cells.translation_language),
        translator: optional(cells.translator),
        themes: list(cells.themes),
        rebutsClaim: optional(cells.rebuts_claim),
        verification: optional(cells.verification),
        identityRisk: optional(cells.identity_risk),
        identityRiskFlags: list(cells.identity_risk_flags),
        legalFlags: list(cells.legal_flags),
        sensitivityFlags: list(cells.sensitivity_flags),
        sourceLocator: optional(cells.source_locator),
      },
      QUOTE_FIELD_COLUMNS,
      line,
    );
    errors.push(...quote.errors);
    const sourceUrl = optional(cells.source_url);
    if (!sourceUrl) {
      errors.push({
        line,
        field: 'source_url',
        rule: 'isDefined',
        message: 'source_url is required',
      });
    }
    const defectorId = optional(cells.defector_id);
    if (defectorId !== undefined && !isUUID(defectorId)) {
      errors.push({
        line,
        field: 'defector_id',
        rule: 'isUuid',
        message: 'defector_id must be a UUID',
      });
    }
    const defectorDisplayName = optional(cells.defector_display_name);
    if (!defectorDisplayName) {
      errors.push({
        line,
        field: 'defector_display_name',
        rule: 'isDefined',
        message: 'defector_display_name is required',
      });
    }
    if (quote.errors.length === 0 && sourceUrl && defectorDisplayName) {
      rows.push({ line, cells, quote: quote.value, sourceUrl, defectorId, defectorDisplayName });
    }
  }
  return { rows, errors };
}

/** Checks the source columns of a row whose url names no existing source. */
export function newSourceFrom(row: ImportRow): Checked<SourceInput> {
  const c = row.cells;
  return validated(
    CreateSourceDto,
    {
      url: row.sourceUrl,
      outlet: optional(c.source_outlet),
      title: optional(c.source_title),
      author: optional(c.source_author),
      publishedOn: optional(c.source_published_on),
      retrievedAt: optional(c.source_retrieved_at),
      archiveUrl: optional(c.source_archive_url),
      language: optional(c.source_language),
    },
    SOURCE_FIELD_COLUMNS,
    row.line,
  );
}

/** Checks the defector columns of a row that names no existing defector. */
export function newDefectorFrom(row: ImportRow): Checked<DefectorInput> {
  const c = row.cells;
  return validated(
    CreateDefectorDto,
    {
      displayName: row.defectorDisplayName,
      nationality: optional(c.defector_nationality),
      ageAsReported: integer(c.defector_age),
      gender: optional(c.defector_gender),
      consentStatus: optional(c.defector_consent),
    },
    DEFECTOR_FIELD_COLUMNS,
    row.line,
  );
}
