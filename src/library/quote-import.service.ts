import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../audit/actor.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { refused } from '../common/domain-errors.js';
import { DATABASE, type Database, type Executor } from '../db/database.js';
import { type DefectorRow, DefectorsRepository } from './defectors.repository.js';
import { DefectorsService } from './defectors.service.js';
import type { DefectorInput, SourceInput } from './library-inputs.js';
import { QuotesRepository } from './quotes.repository.js';
import { QuotesService } from './quotes.service.js';
import {
  type ImportRow,
  type ImportRowError,
  newDefectorKey,
  type ParsedQuoteCsv,
} from './quote-csv.js';
import { type SourceRow, SourcesRepository } from './sources.repository.js';
import { SourcesService } from './sources.service.js';
import { ThemesRepository } from './themes.repository.js';

/** Where a row's source or defector comes from: an existing record or one the import creates. */
type Ref<Row> = { existing: Row } | { create: string };

interface Plan {
  newSources: Map<string, SourceInput>;
  newDefectors: Map<string, { input: DefectorInput; id?: string }>;
  rows: { row: ImportRow; source: Ref<SourceRow>; defector: Ref<DefectorRow> }[];
}

export interface QuoteImportResult {
  dryRun: boolean;
  /** Quotes created (or that would be), all pending vetting. */
  quotes: number;
  /** Urls of the sources created. */
  sourcesCreated: string[];
  /** Rows whose source already existed. */
  sourcesMatched: number;
  /** Display names of the defectors created. */
  defectorsCreated: string[];
  /** Rows whose defector already existed. */
  defectorsMatched: number;
  /** Ids of the created quotes (empty on a dry run). */
  quoteIds: string[];
}

/**
 * Imports quotes from CSV all or nothing: every row is checked first, and one bad row means
 * nothing is created. Sources match on url; defectors on an explicit id, or on display name among
 * those already quoted from the same source. Imported quotes always start pending vetting.
 */
@Injectable()
export class QuoteImportService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly sources: SourcesRepository,
    private readonly defectors: DefectorsRepository,
    private readonly quotes: QuotesRepository,
    private readonly themes: ThemesRepository,
    private readonly sourcesService: SourcesService,
    private readonly defectorsService: DefectorsService,
    private readonly quotesService: QuotesService,
    private readonly audit: AuditRepository,
  ) {}

  /** `parsed` is the CSV as the input layer read and checked it (`parseQuoteCsv`). */
  import(actor: Actor, parsed: ParsedQuoteCsv, dryRun: boolean): Promise<QuoteImportResult> {
    return this.db.transaction(async (tx) => {
      const { plan, errors } = await this.plan(tx, parsed);
      const all = [...parsed.errors, ...errors].sort((a, b) => a.line - b.line);
      if (all.length > 0) {
        const lines = new Set(all.map((e) => e.line)).size;
        throw refused('invalid', `${lines} row(s) of the CSV are invalid; nothing was imported.`, {
          title: 'Validation failed',
          errors: all,
        });
      }
      const summary = {
        dryRun,
        quotes: plan.rows.length,
        sourcesCreated: [...plan.newSources.keys()],
        sourcesMatched: plan.rows.filter((r) => 'existing' in r.source).length,
        defectorsCreated: [...plan.newDefectors.values()].map((d) => d.input.displayName),
        defectorsMatched: plan.rows.filter((r) => 'existing' in r.defector).length,
      };
      if (dryRun) return { ...summary, quoteIds: [] };
      const quoteIds = await this.execute(tx, actor, plan);
      await this.audit.record(tx, actor, {
        action: 'library.imported',
        entityType: 'library',
        entityId: 'quotes',
        after: { ...summary, quoteIds },
      });
      return { ...summary, quoteIds };
    });
  }

  private async plan(
    tx: Executor,
    { rows, newSources, newDefectors }: ParsedQuoteCsv,
  ): Promise<{ plan: Plan; errors: ImportRowError[] }> {
    const errors: ImportRowError[] = [];
    const plan: Plan = { newSources: new Map(), newDefectors: new Map(), rows: [] };

    const knownThemes = await this.themes.existing(
      [...new Set(rows.flatMap((r) => r.quote.themes))],
      tx,
    );
    const sourcesByUrl = new Map(
      (await this.sources.findByUrls([...new Set(rows.map((r) => r.sourceUrl))], tx)).map((s) => [
        s.url,
        s,
      ]),
    );
    const explicitIds = [...new Set(rows.flatMap((r) => (r.defectorId ? [r.defectorId] : [])))];
    const defectorsById = new Map(
      (await this.defectors.findByIds(explicitIds, tx)).map((d) => [d.id, d]),
    );
    const seen = new Set<string>();

    for (const row of rows) {
      const rowErrors: ImportRowError[] = [];
      for (const key of row.quote.themes.filter((k) => !knownThemes.has(k))) {
        rowErrors.push({
          line: row.line,
          field: 'themes',
          rule: 'exists',
          message: `no theme has key ${key}`,
        });
      }

      const existingSource = sourcesByUrl.get(row.sourceUrl);
      let source: Ref<SourceRow>;
      if (existingSource) {
        source = { existing: existingSource };
      } else {
        if (!plan.newSources.has(row.sourceUrl)) {
          const checked = newSources.get(row.sourceUrl)!;
          rowErrors.push(...checked.errors);
          plan.newSources.set(row.sourceUrl, checked.value);
        }
        source = { create: row.sourceUrl };
      }

      const found = await this.defectorFor(tx, row, existingSource, defectorsById, rowErrors);
      const defector =
        found === 'new' ? this.planNewDefector(row, newDefectors, plan, rowErrors) : found;
      if (defector && 'existing' in defector && defector.existing.consentStatus === 'withdrawn') {
        rowErrors.push({
          line: row.line,
          field: 'defector_display_name',
          rule: 'consent_withdrawn',
          message: `${defector.existing.displayName} has withdrawn consent`,
        });
      }

      if (defector) {
        const defectorKey = 'existing' in defector ? defector.existing.id : defector.create;
        const key = JSON.stringify([row.quote.text, row.sourceUrl, defectorKey]);
        const inLibrary =
          existingSource &&
          'existing' in defector &&
          (await this.quotes.isDuplicate(
            row.quote.text,
            existingSource.id,
            defector.existing.id,
            tx,
          ));
        if (seen.has(key) || inLibrary) {
          rowErrors.push({
            line: row.line,
            field: 'quote_text',
            rule: 'duplicate',
            message:
              'the same quote from the same source and defector is already in the library or this file',
          });
        }
        seen.add(key);
        plan.rows.push({ row, source, defector });
      }
      errors.push(...rowErrors);
    }
    return { plan, errors };
  }

  private async defectorFor(
    tx: Executor,
    row: ImportRow,
    existingSource: SourceRow | undefined,
    defectorsById: Map<string, DefectorRow>,
    errors: ImportRowError[],
  ): Promise<{ existing: DefectorRow } | 'new' | undefined> {
    if (row.defectorId) {
      const known = defectorsById.get(row.defectorId);
      if (known) {
        if (known.displayName !== row.defectorDisplayName) {
          errors.push({
            line: row.line,
            field: 'defector_display_name',
            rule: 'matches_defector_id',
            message: `defector ${row.defectorId} is called ${known.displayName}`,
          });
        }
        return { existing: known };
      }
      return 'new';
    }
    const candidates = existingSource
      ? await this.defectors.findQuotedIn(row.defectorDisplayName, row.sourceUrl, tx)
      : [];
    if (candidates.length > 1) {
      errors.push({
        line: row.line,
        field: 'defector_id',
        rule: 'ambiguous',
        message: `${candidates.length} defectors called ${row.defectorDisplayName} are quoted from this source; give defector_id`,
      });
      return undefined;
    }
    if (candidates[0]) return { existing: candidates[0] };
    return 'new';
  }

  /** A defector the import creates; one per key, with the id the row gives if it gives one. */
  private planNewDefector(
    row: ImportRow,
    newDefectors: ParsedQuoteCsv['newDefectors'],
    plan: Plan,
    errors: ImportRowError[],
  ): Ref<DefectorRow> {
    const key = newDefectorKey(row);
    if (!plan.newDefectors.has(key)) {
      const checked = newDefectors.get(key)!;
      errors.push(...checked.errors);
      plan.newDefectors.set(key, { input: checked.value, id: row.defectorId });
    }
    return { create: key };
  }

  private async execute(tx: Executor, actor: Actor, plan: Plan): Promise<string[]> {
    const sourceIds = new Map<string, string>();
    for (const [url, input] of plan.newSources) {
      sourceIds.set(url, (await this.sourcesService.createIn(tx, actor, input)).id);
    }
    const defectorIds = new Map<string, string>();
    for (const [key, { input, id }] of plan.newDefectors) {
      defectorIds.set(key, (await this.defectorsService.createIn(tx, actor, input, id)).id);
    }
    const quoteIds: string[] = [];
    for (const { row, source, defector } of plan.rows) {
      const quote = await this.quotesService.createIn(tx, actor, {
        ...row.quote,
        sourceId: 'existing' in source ? source.existing.id : sourceIds.get(source.create)!,
        defectorId:
          'existing' in defector ? defector.existing.id : defectorIds.get(defector.create)!,
        verificationReason: `Imported from CSV (line ${row.line}).`,
      });
      quoteIds.push(quote.id);
    }
    return quoteIds;
  }
}
