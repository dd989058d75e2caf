import { Inject, Injectable } from '@nestjs/common';
import {
  and,
  asc,
  desc,
  eq,
  exists,
  inArray,
  ne,
  not,
  notInArray,
  type SQL,
  sql,
} from 'drizzle-orm';
import { anyOf, anyOfPlaceholder } from '../db/any-of.js';
import { columnsWithout } from '../db/columns-without.js';
import { DATABASE, type Database, type Executor } from '../db/database.js';
import { ReusedRead } from '../db/reused-read.js';
import { olderThan } from '../db/older-than.js';
import {
  defectors,
  type IdentityRisk,
  quoteThemes,
  quoteVerificationChanges,
  quoteVettingDecisions,
  quotes,
  sources,
  type Verification,
  type VettingDecision,
  type VettingStage,
  type VettingStatus,
} from '../db/schema/index.js';
import { SEARCH_CONFIGS } from './search-config.js';

/** Every column but the search vector, which only the database reads. */
const quoteColumns = columnsWithout(quotes, 'searchVector');

export type QuoteRow = Omit<typeof quotes.$inferSelect, 'searchVector'>;
export type NewQuote = Omit<
  typeof quotes.$inferInsert,
  'id' | 'searchVector' | 'createdAt' | 'updatedAt'
>;
export type VerificationChangeRow = typeof quoteVerificationChanges.$inferSelect;
export type VettingDecisionRow = typeof quoteVettingDecisions.$inferSelect;

/** A quote with what every reader is shown about its source and defector. */
/** A quote as usability and review see it: its vetting, verification, risk flags and consent. */
export interface QuoteUsabilityFacts {
  id: string;
  defectorId: string;
  vettingStatus: VettingStatus;
  verification: Verification;
  identityRisk: QuoteRow['identityRisk'];
  sensitivityFlags: string[];
  legalFlags: string[];
  consentStatus: QuoteView['defector']['consentStatus'];
}

export interface QuoteView extends QuoteRow {
  source: { id: string; outlet: string; title: string; url: string };
  defector: {
    id: string;
    displayName: string;
    consentStatus: (typeof defectors.$inferSelect)['consentStatus'];
  };
  themes: string[];
  editorialDecision: VettingDecisionRow | null;
  legalDecision: VettingDecisionRow | null;
}

export interface QuoteFilter {
  text?: string;
  themes?: string[];
  languages?: string[];
  verification?: Verification[];
  vettingStatus?: VettingStatus[];
  identityRisk?: IdentityRisk[];
  sourceId?: string;
  defectorId?: string;
  usableNow?: boolean;
}

/** Mirrors usabilityOf() for use in WHERE clauses. */
const usableNow = and(
  eq(quotes.vettingStatus, 'vetted'),
  notInArray(quotes.verification, ['disputed', 'retracted']),
  ne(defectors.consentStatus, 'withdrawn'),
)!;

/** A constant list of configuration names, written into the SQL as a literal. */
const CONFIG_ARRAY = sql.raw(`ARRAY[${SEARCH_CONFIGS.map((c) => `'${c}'`).join(', ')}]::text[]`);

@Injectable()
export class QuotesRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async findById(id: string, tx: Executor = this.db): Promise<QuoteRow | undefined> {
    const [row] = await tx.select(quoteColumns).from(quotes).where(eq(quotes.id, id));
    return row;
  }

  /** Locks the quote so concurrent vetting, edits and retraction apply one after another. */
  async findByIdForUpdate(tx: Executor, id: string): Promise<QuoteRow | undefined> {
    const [row] = await tx.select(quoteColumns).from(quotes).where(eq(quotes.id, id)).for('update');
    return row;
  }

  async insert(tx: Executor, quote: NewQuote, themeKeys: string[]): Promise<QuoteRow> {
    const [row] = await tx.insert(quotes).values(quote).returning(quoteColumns);
    await this.setThemes(tx, row!.id, themeKeys);
    return row!;
  }

  async update(tx: Executor, id: string, changes: Partial<NewQuote>): Promise<QuoteRow> {
    const [row] = await tx
      .update(quotes)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(quotes.id, id))
      .returning(quoteColumns);
    return row!;
  }

  async setThemes(tx: Executor, quoteId: string, themeKeys: string[]): Promise<void> {
    await tx.delete(quoteThemes).where(eq(quoteThemes.quoteId, quoteId));
    if (themeKeys.length > 0) {
      await tx.insert(quoteThemes).values(themeKeys.map((themeKey) => ({ quoteId, themeKey })));
    }
  }

  async themesOf(quoteIds: string[], tx: Executor = this.db): Promise<Map<string, string[]>> {
    const byQuote = new Map<string, string[]>();
    if (quoteIds.length === 0) return byQuote;
    const rows = await tx
      .select()
      .from(quoteThemes)
      .where(anyOf(quoteThemes.quoteId, quoteIds))
      .orderBy(asc(quoteThemes.themeKey));
    for (const row of rows)
      byQuote.set(row.quoteId, [...(byQuote.get(row.quoteId) ?? []), row.themeKey]);
    return byQuote;
  }

  /** Ids of the defector's quotes that are not retracted yet. */
  async liveIdsOfDefector(tx: Executor, defectorId: string): Promise<string[]> {
    const rows = await tx
      .select({ id: quotes.id })
      .from(quotes)
      .where(and(eq(quotes.defectorId, defectorId), ne(quotes.verification, 'retracted')));
    return rows.map((r) => r.id);
  }

  /** What usability and review depend on, for each quote found. */
  private readonly usabilityOfQuotes = new ReusedRead((ex) =>
    ex
      .select({
        id: quotes.id,
        defectorId: quotes.defectorId,
        vettingStatus: quotes.vettingStatus,
        verification: quotes.verification,
        identityRisk: quotes.identityRisk,
        sensitivityFlags: quotes.sensitivityFlags,
        legalFlags: quotes.legalFlags,
        consentStatus: defectors.consentStatus,
      })
      .from(quotes)
      .innerJoin(defectors, eq(defectors.id, quotes.defectorId))
      .where(anyOfPlaceholder(quotes.id, 'ids')),
  );

  usabilityFacts(ids: string[], tx: Executor = this.db): Promise<QuoteUsabilityFacts[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.usabilityOfQuotes.run(this.db, tx, { ids });
  }

  async isDuplicate(
    text: string,
    sourceId: string,
    defectorId: string,
    tx: Executor = this.db,
  ): Promise<boolean> {
    const [row] = await tx
      .select({ id: quotes.id })
      .from(quotes)
      .where(
        and(
          eq(quotes.text, text),
          eq(quotes.sourceId, sourceId),
          eq(quotes.defectorId, defectorId),
        ),
      )
      .limit(1);
    return row !== undefined;
  }

  async recordVerificationChange(
    tx: Executor,
    change: {
      quoteId: string;
      fromLevel: Verification | null;
      toLevel: Verification;
      reason: string;
      actorId: string | null;
      actorLabel: string;
    },
  ): Promise<void> {
    await tx.insert(quoteVerificationChanges).values(change);
  }

  verificationHistory(quoteId: string, tx: Executor = this.db): Promise<VerificationChangeRow[]> {
    return tx
      .select()
      .from(quoteVerificationChanges)
      .where(eq(quoteVerificationChanges.quoteId, quoteId))
      .orderBy(asc(quoteVerificationChanges.id));
  }

  async recordVettingDecision(
    tx: Executor,
    decision: {
      quoteId: string;
      stage: VettingStage;
      decision: VettingDecision;
      comment: string;
      acknowledgedMatches?: unknown;
      actorId: string | null;
      actorLabel: string;
    },
  ): Promise<VettingDecisionRow> {
    const [row] = await tx.insert(quoteVettingDecisions).values(decision).returning();
    return row!;
  }

  vettingHistory(quoteId: string, tx: Executor = this.db): Promise<VettingDecisionRow[]> {
    return tx
      .select()
      .from(quoteVettingDecisions)
      .where(eq(quoteVettingDecisions.quoteId, quoteId))
      .orderBy(asc(quoteVettingDecisions.id));
  }

  async views(ids: string[], tx: Executor = this.db): Promise<QuoteView[]> {
    if (ids.length === 0) return [];
    const rows = await this.joined(tx).where(inArray(quotes.id, ids));
    const byId = new Map((await this.complete(rows, tx)).map((v) => [v.id, v]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  async search(
    filter: QuoteFilter,
    page: { before?: { createdAt: Date; id: string }; limit: number },
  ): Promise<QuoteView[]> {
    const conditions = this.conditions(filter);
    if (filter.text) {
      const query = await this.parseTextQuery(filter.text);
      conditions.push(query ? sql`${quotes.searchVector} @@ ${query}::tsquery` : sql`false`);
    }
    const b = page.before;
    if (b) {
      conditions.push(olderThan(quotes.createdAt, quotes.id, b));
    }
    const rows = await this.joined(this.db)
      .where(and(...conditions))
      .orderBy(desc(quotes.createdAt), desc(quotes.id))
      .limit(page.limit);
    return this.complete(rows, this.db);
  }

  /**
   * Parses the words with every text-search configuration and ORs the distinct results, so a
   * word finds its stemmed forms whatever language a quote or translation was indexed in. It is
   * sent back as a constant so the planner can estimate how rare the words are: without that,
   * a rare word makes it walk the whole newest-first index instead of using the GIN index.
   * Null when nothing searchable is left (only stop words or punctuation).
   */
  private async parseTextQuery(text: string): Promise<string | null> {
    const result = await this.db.execute<{ query: string | null }>(sql`
      SELECT string_agg(DISTINCT '(' || parsed::text || ')', ' | ') AS query
      FROM unnest(${CONFIG_ARRAY}) AS config,
           LATERAL websearch_to_tsquery(config::regconfig, ${text}) AS parsed
      WHERE numnode(parsed) > 0`);
    return result.rows[0]?.query ?? null;
  }

  private conditions(filter: QuoteFilter): SQL[] {
    const c: SQL[] = [];
    if (filter.themes?.length) {
      c.push(
        exists(
          this.db
            .select({ one: sql`1` })
            .from(quoteThemes)
            .where(
              and(eq(quoteThemes.quoteId, quotes.id), inArray(quoteThemes.themeKey, filter.themes)),
            ),
        ),
      );
    }
    if (filter.languages?.length) c.push(inArray(quotes.language, filter.languages));
    if (filter.verification?.length) c.push(inArray(quotes.verification, filter.verification));
    if (filter.vettingStatus?.length) c.push(inArray(quotes.vettingStatus, filter.vettingStatus));
    if (filter.identityRisk?.length) c.push(inArray(quotes.identityRisk, filter.identityRisk));
    if (filter.sourceId) c.push(eq(quotes.sourceId, filter.sourceId));
    if (filter.defectorId) c.push(eq(quotes.defectorId, filter.defectorId));
    if (filter.usableNow !== undefined) c.push(filter.usableNow ? usableNow : not(usableNow));
    return c;
  }

  private joined(tx: Executor) {
    return tx
      .select({
        quote: quoteColumns,
        source: { id: sources.id, outlet: sources.outlet, title: sources.title, url: sources.url },
        defector: {
          id: defectors.id,
          displayName: defectors.displayName,
          consentStatus: defectors.consentStatus,
        },
      })
      .from(quotes)
      .innerJoin(sources, eq(sources.id, quotes.sourceId))
      .innerJoin(defectors, eq(defectors.id, quotes.defectorId))
      .$dynamic();
  }

  private async complete(
    rows: { quote: QuoteRow; source: QuoteView['source']; defector: QuoteView['defector'] }[],
    tx: Executor,
  ): Promise<QuoteView[]> {
    const ids = rows.map((r) => r.quote.id);
    const decisionIds = rows.flatMap((r) =>
      [r.quote.editorialDecisionId, r.quote.legalDecisionId].filter(
        (id): id is number => id !== null,
      ),
    );
    const [themesByQuote, decisions] = await Promise.all([
      this.themesOf(ids, tx),
      decisionIds.length === 0
        ? Promise.resolve([])
        : tx
            .select()
            .from(quoteVettingDecisions)
            .where(anyOf(quoteVettingDecisions.id, decisionIds)),
    ]);
    const decisionById = new Map(decisions.map((d) => [d.id, d]));
    return rows.map((r) => ({
      ...r.quote,
      source: r.source,
      defector: r.defector,
      themes: themesByQuote.get(r.quote.id) ?? [],
      editorialDecision: decisionById.get(r.quote.editorialDecisionId ?? -1) ?? null,
      legalDecision: decisionById.get(r.quote.legalDecisionId ?? -1) ?? null,
    }));
  }
}
