import { Injectable } from '@nestjs/common';
import { DefectorsRepository } from './defectors.repository.js';
import { type CsvRecord, joinList, quotesCsv } from './quote-csv.js';
import { type QuoteFilter, QuotesRepository } from './quotes.repository.js';
import { SourcesRepository } from './sources.repository.js';

const PAGE = 500;

/** Writes quotes with their sources and defectors as CSV; private fields are never read. */
@Injectable()
export class QuoteExportService {
  constructor(
    private readonly quotes: QuotesRepository,
    private readonly sources: SourcesRepository,
    private readonly defectors: DefectorsRepository,
  ) {}

  async export(filter: QuoteFilter): Promise<string> {
    const records: CsvRecord[] = [];
    let before: { createdAt: Date; id: string } | undefined;
    for (;;) {
      const page = await this.quotes.search(filter, { before, limit: PAGE });
      const sources = new Map(
        (await this.sources.findByIds([...new Set(page.map((q) => q.sourceId))])).map((s) => [
          s.id,
          s,
        ]),
      );
      const defectors = new Map(
        (await this.defectors.findByIds([...new Set(page.map((q) => q.defectorId))])).map((d) => [
          d.id,
          d,
        ]),
      );
      for (const q of page) {
        const s = sources.get(q.sourceId)!;
        const d = defectors.get(q.defectorId)!;
        records.push({
          quote_id: q.id,
          vetting_status: q.vettingStatus,
          quote_text: q.text,
          quote_language: q.language,
          translation: q.translation ?? '',
          translation_language: q.translationLanguage ?? '',
          translator: q.translator ?? '',
          themes: joinList(q.themes),
          rebuts_claim: q.rebutsClaim ?? '',
          verification: q.verification,
          identity_risk: q.identityRisk,
          identity_risk_flags: joinList(q.identityRiskFlags),
          legal_flags: joinList(q.legalFlags),
          sensitivity_flags: joinList(q.sensitivityFlags),
          source_locator: q.sourceLocator ?? '',
          source_url: s.url,
          source_outlet: s.outlet,
          source_title: s.title,
          source_author: s.author ?? '',
          source_published_on: s.publishedOn ?? '',
          source_retrieved_at: s.retrievedAt?.toISOString() ?? '',
          source_archive_url: s.archiveUrl ?? '',
          source_language: s.language,
          defector_id: d.id,
          defector_display_name: d.displayName,
          defector_nationality: d.nationality ?? '',
          defector_age: d.ageAsReported === null ? '' : String(d.ageAsReported),
          defector_gender: d.gender ?? '',
          defector_consent: d.consentStatus,
        });
      }
      const last = page.at(-1);
      if (page.length < PAGE || !last) break;
      before = { createdAt: last.createdAt, id: last.id };
    }
    return quotesCsv(records);
  }
}
