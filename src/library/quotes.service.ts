import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../audit/actor.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { DomainEvents } from '../common/domain-events.js';
import { conflict, type FieldError, invalid, notFound } from '../common/domain-errors.js';
import { DATABASE, type Database, type Executor } from '../db/database.js';
import type { Verification } from '../db/schema/index.js';
import { DefectorsRepository } from './defectors.repository.js';
import type { QuoteChanges, QuoteInput } from './library-inputs.js';
import { type NewQuote, type QuoteRow, QuotesRepository } from './quotes.repository.js';
import { searchConfigFor } from './search-config.js';
import { SourcesRepository } from './sources.repository.js';
import { ThemesRepository } from './themes.repository.js';

/** The fields a vetting decision was about; changing any of them voids the decision. */
const VETTED_FIELDS = [
  'text',
  'language',
  'translation',
  'translationLanguage',
  'defectorId',
  'identityRisk',
  'identityRiskFlags',
  'legalFlags',
  'sensitivityFlags',
] as const satisfies readonly (keyof QuoteRow & keyof QuoteChanges)[];

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export const auditView = (row: QuoteRow, themes?: string[]) => ({
  text: row.text,
  language: row.language,
  translation: row.translation,
  translationLanguage: row.translationLanguage,
  translator: row.translator,
  sourceId: row.sourceId,
  sourceLocator: row.sourceLocator,
  defectorId: row.defectorId,
  rebutsClaim: row.rebutsClaim,
  verification: row.verification,
  identityRisk: row.identityRisk,
  identityRiskFlags: row.identityRiskFlags,
  legalFlags: row.legalFlags,
  sensitivityFlags: row.sensitivityFlags,
  vettingStatus: row.vettingStatus,
  ...(themes ? { themes } : {}),
});

@Injectable()
export class QuotesService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly quotes: QuotesRepository,
    private readonly sources: SourcesRepository,
    private readonly defectors: DefectorsRepository,
    private readonly themes: ThemesRepository,
    private readonly audit: AuditRepository,
    private readonly events: DomainEvents,
  ) {}

  create(actor: Actor, input: QuoteInput): Promise<QuoteRow> {
    return this.db.transaction((tx) => this.createIn(tx, actor, input));
  }

  async createIn(tx: Executor, actor: Actor, input: QuoteInput): Promise<QuoteRow> {
    await this.assertReferences(tx, input);
    const row = await this.quotes.insert(
      tx,
      {
        text: input.text,
        language: input.language,
        searchConfig: searchConfigFor(input.language),
        translation: input.translation ?? null,
        translationLanguage: input.translation ? input.translationLanguage : null,
        translationSearchConfig: searchConfigFor(
          input.translation ? input.translationLanguage : null,
        ),
        translator: input.translator ?? null,
        sourceId: input.sourceId,
        sourceLocator: input.sourceLocator ?? null,
        defectorId: input.defectorId,
        rebutsClaim: input.rebutsClaim ?? null,
        verification: input.verification,
        identityRisk: input.identityRisk,
        identityRiskFlags: input.identityRiskFlags ?? [],
        legalFlags: input.legalFlags ?? [],
        sensitivityFlags: input.sensitivityFlags ?? [],
        createdBy: actor.id,
        contentRevisedBy: actor.id,
      },
      input.themes,
    );
    await this.quotes.recordVerificationChange(tx, {
      quoteId: row.id,
      fromLevel: null,
      toLevel: row.verification,
      reason: input.verificationReason ?? 'Recorded when the quote was added.',
      actorId: actor.id,
      actorLabel: actor.label,
    });
    await this.audit.record(tx, actor, {
      action: 'quote.created',
      entityType: 'quote',
      entityId: row.id,
      after: auditView(row, input.themes),
    });
    return row;
  }

  /** An edit of what was vetted sends the quote back to pending: the vetting was of the old text. */
  update(actor: Actor, id: string, changes: QuoteChanges): Promise<QuoteRow> {
    return this.db.transaction(async (tx) => {
      const before = await this.mustFindForUpdate(tx, id);
      await this.assertReferences(tx, changes, before.defectorId);
      const translation =
        changes.translation !== undefined ? changes.translation : before.translation;
      const translationLanguage =
        translation === null
          ? null
          : changes.translationLanguage !== undefined
            ? changes.translationLanguage
            : before.translationLanguage;
      if (translation !== null && translationLanguage === null) {
        throw invalid([
          {
            field: 'translationLanguage',
            rule: 'isDefined',
            message: 'translationLanguage is required with a translation',
          },
        ]);
      }
      const { themes, ...fields } = changes;
      const next: Partial<NewQuote> = {
        ...fields,
        translation,
        translationLanguage,
        searchConfig: searchConfigFor(changes.language ?? before.language),
        translationSearchConfig: searchConfigFor(translationLanguage),
      };
      const contentChanged = VETTED_FIELDS.some(
        (field) => next[field] !== undefined && !sameValue(next[field], before[field]),
      );
      if (contentChanged) {
        Object.assign(next, {
          vettingStatus: 'pending',
          editorialDecisionId: null,
          legalDecisionId: null,
          contentRevisedBy: actor.id,
        } satisfies Partial<NewQuote>);
      }
      const themesBefore = (await this.quotes.themesOf([id], tx)).get(id) ?? [];
      const after = await this.quotes.update(tx, id, next);
      if (themes) await this.quotes.setThemes(tx, id, themes);
      await this.audit.record(tx, actor, {
        action: 'quote.updated',
        entityType: 'quote',
        entityId: id,
        before: auditView(before, themesBefore),
        after: { ...auditView(after, themes ?? themesBefore), vettingReset: contentChanged },
      });
      return after;
    });
  }

  changeVerification(
    actor: Actor,
    id: string,
    change: { verification: Exclude<Verification, 'retracted'>; reason: string },
  ): Promise<QuoteRow> {
    return this.db.transaction(async (tx) => {
      const before = await this.mustFindForUpdate(tx, id);
      if (before.verification === change.verification) {
        throw conflict(`The quote is already ${change.verification}.`);
      }
      const after = await this.quotes.update(tx, id, { verification: change.verification });
      await this.recordVerification(tx, actor, before, change.verification, change.reason);
      return after;
    });
  }

  /** Final: the quote can never be used again, and quote.retracted withdraws what was built on it. */
  retract(actor: Actor, id: string, reason: string): Promise<QuoteRow> {
    return this.db.transaction(async (tx) => {
      const before = await this.mustFindForUpdate(tx, id);
      const after = await this.quotes.update(tx, id, { verification: 'retracted' });
      await this.recordVerification(tx, actor, before, 'retracted', reason);
      await this.events.publish(
        'quote.retracted',
        { quoteIds: [id], reason, actor, cause: 'quote_retracted' },
        tx,
      );
      return after;
    });
  }

  private async recordVerification(
    tx: Executor,
    actor: Actor,
    before: QuoteRow,
    to: Verification,
    reason: string,
  ) {
    await this.quotes.recordVerificationChange(tx, {
      quoteId: before.id,
      fromLevel: before.verification,
      toLevel: to,
      reason,
      actorId: actor.id,
      actorLabel: actor.label,
    });
    await this.audit.record(tx, actor, {
      action: to === 'retracted' ? 'quote.retracted' : 'quote.verification_changed',
      entityType: 'quote',
      entityId: before.id,
      before: { verification: before.verification },
      after: { verification: to, reason },
    });
  }

  /** Retracted quotes are final, so every change starts by refusing them. */
  private async mustFindForUpdate(tx: Executor, id: string): Promise<QuoteRow> {
    const row = await this.quotes.findByIdForUpdate(tx, id);
    if (!row) throw notFound('Quote', id);
    if (row.verification === 'retracted') {
      throw conflict('The quote is retracted; retraction is final.');
    }
    return row;
  }

  /** Source, defector and themes must exist; a defector who withdrew consent gets no new quotes. */
  private async assertReferences(
    tx: Executor,
    refs: { sourceId?: string; defectorId?: string; themes?: string[] },
    currentDefectorId?: string,
  ) {
    const errors: FieldError[] = [];
    if (refs.sourceId && !(await this.sources.findById(refs.sourceId, tx))) {
      errors.push({
        field: 'sourceId',
        rule: 'exists',
        message: `no source has id ${refs.sourceId}`,
      });
    }
    const defector = refs.defectorId
      ? await this.defectors.findById(refs.defectorId, tx)
      : undefined;
    if (refs.defectorId && !defector) {
      errors.push({
        field: 'defectorId',
        rule: 'exists',
        message: `no defector has id ${refs.defectorId}`,
      });
    }
    if (refs.themes) {
      const known = await this.themes.existing(refs.themes, tx);
      for (const key of refs.themes.filter((k) => !known.has(k))) {
        errors.push({ field: 'themes', rule: 'exists', message: `no theme has key ${key}` });
      }
    }
    if (errors.length > 0) throw invalid(errors);
    if (defector?.consentStatus === 'withdrawn' && defector.id !== currentDefectorId) {
      throw conflict(`${defector.displayName} has withdrawn consent; their words are not used.`);
    }
  }
}
