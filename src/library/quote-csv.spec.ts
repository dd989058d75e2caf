import { parse } from 'csv-parse/sync';
import { CSV_COLUMNS, quotesCsv } from './quote-csv.js';
import { newDefectorFrom, newSourceFrom, parseQuoteCsv } from './quote-csv.dto.js';

const HEADER =
  'quote_text,quote_language,themes,verification,identity_risk,source_url,defector_display_name';

describe('parseQuoteCsv', () => {
  it('reads rows into quote fields, splitting lists on semicolons', () => {
    const { rows, errors } = parseQuoteCsv(
      `${HEADER},legal_flags\n"Text, with comma",en, dull_duties ; infighting ,unverified,low,https://example.org/a,Hamza,ongoing_prosecution;admitted_crime\n`,
    );
    expect(errors).toEqual([]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      line: 2,
      sourceUrl: 'https://example.org/a',
      defectorDisplayName: 'Hamza',
      quote: {
        text: 'Text, with comma',
        themes: ['dull_duties', 'infighting'],
        legalFlags: ['ongoing_prosecution', 'admitted_crime'],
      },
    });
  });

  it('numbers lines as they are in the file, past quoted line breaks, blank lines and CRLF', () => {
    const csv = [
      HEADER,
      '"first\r\nsecond line",en,dull_duties,bogus,low,https://example.org/a,A',
      '',
      'ok,en,dull_duties,unverified,low,https://example.org/a,A',
      'x,en,dull_duties,unverified,severe,https://example.org/a,A',
    ].join('\r\n');
    const { errors, rows } = parseQuoteCsv(csv);
    expect(errors.map((e) => [e.line, e.field, e.rule])).toEqual([
      [2, 'verification', 'isIn'],
      [6, 'identity_risk', 'isIn'],
    ]);
    expect(rows.map((r) => r.line)).toEqual([5]);
  });

  it('names the CSV column, not the API field, in errors and messages', () => {
    const { errors } = parseQuoteCsv(
      `${HEADER},translation\nx,en,,unverified,low,https://e.org/a,A,Hello`,
    );
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'themes', rule: 'arrayMinSize' }),
        expect.objectContaining({
          field: 'translation_language',
          rule: 'isDefined',
          message: 'translation_language is required with a translation',
        }),
      ]),
    );
  });

  it('refuses unknown and missing columns, ragged rows and broken quoting', () => {
    expect(
      parseQuoteCsv('quote_text,colour\nx,red').errors.map((e) => [e.line, e.field, e.rule]),
    ).toEqual(
      expect.arrayContaining([
        [1, 'colour', 'unknown_column'],
        [1, 'themes', 'required_column'],
      ]),
    );
    const ragged = parseQuoteCsv(`${HEADER}\nx,en,dull_duties`);
    expect(ragged.errors).toEqual([expect.objectContaining({ line: 2, rule: 'column_count' })]);
    const broken = parseQuoteCsv(`${HEADER}\n"x,en`);
    expect(broken.errors).toEqual([expect.objectContaining({ field: 'csv', rule: 'csv_syntax' })]);
  });

  it('checks new sources and defectors only on request, with their own columns', () => {
    const { rows } = parseQuoteCsv(
      `${HEADER},source_title,defector_age,defector_consent\nx,en,dull_duties,unverified,low,https://example.org/a,A,T,thirty,withdrawn`,
    );
    expect(newSourceFrom(rows[0]!).errors.map((e) => [e.field, e.rule])).toEqual(
      expect.arrayContaining([
        ['source_outlet', 'isString'],
        ['source_language', 'matches'],
      ]),
    );
    expect(newDefectorFrom(rows[0]!).errors.map((e) => [e.field, e.rule])).toEqual(
      expect.arrayContaining([
        ['defector_age', 'isInt'],
        ['defector_consent', 'isIn'],
      ]),
    );
  });
});

describe('quotesCsv', () => {
  it('writes every column and defuses spreadsheet formulas, which the import undoes', () => {
    const csv = quotesCsv([
      {
        quote_text: '=HYPERLINK("x")',
        quote_language: 'en',
        themes: 'dull_duties',
        verification: 'unverified',
        identity_risk: 'low',
        source_url: 'https://example.org/a',
        defector_display_name: '-Dash',
      },
    ]);
    const [header, row] = parse(csv) as string[][];
    expect(header).toEqual([...CSV_COLUMNS]);
    expect(row![CSV_COLUMNS.indexOf('quote_text')]).toBe('\'=HYPERLINK("x")');
    const back = parseQuoteCsv(csv);
    expect(back.rows[0]).toMatchObject({
      quote: { text: '=HYPERLINK("x")' },
      defectorDisplayName: '-Dash',
    });
  });
});
