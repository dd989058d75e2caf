import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../audit/actor.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { actorOf, type Principal } from '../auth/principal.js';
import { DomainEvents } from '../common/domain-events.js';
import { conflict, forbidden, invalid, notFound } from '../common/domain-errors.js';
import { DATABASE, type Database, type Executor } from '../db/database.js';
import type { ConsentStatus, IdentifyingDetailKind } from '../db/schema/index.js';
import {
  type DefectorRow,
  DefectorsRepository,
  type IdentifyingDetailRow,
} from './defectors.repository.js';
import type { DefectorChanges, DefectorInput } from './library-inputs.js';
import { holdsAny, PRIVACY_GUARDIANS } from './library-roles.js';
import { defectorView } from './library-views.js';
import { QuotesRepository } from './quotes.repository.js';

/** The audit log is permanent, so it records that private fields changed, never their values. */
const auditView = (row: DefectorRow) => ({
  ...defectorView(row),
  hasInternalNotes: row.internalNotes !== null && row.internalNotes !== '',
});

/** What the audit log may keep of an identifying detail: never its value or spellings. */
const detailAuditView = (row: IdentifyingDetailRow) => ({
  detailId: row.id,
  kind: row.kind,
  aliasCount: row.aliases.length,
});

/** Trimmed, each spelling once. */
const spellingsOf = (aliases: readonly string[]) => [...new Set(aliases.map((a) => a.trim()))];

@Injectable()
export class DefectorsService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly defectors: DefectorsRepository,
    private readonly quotes: QuotesRepository,
    private readonly audit: AuditRepository,
    private readonly events: DomainEvents,
  ) {}

  create(principal: Principal, input: DefectorInput): Promise<DefectorRow> {
    this.assertMayWriteNotes(principal, input.internalNotes);
    return this.db.transaction((tx) => this.createIn(tx, actorOf(principal), input));
  }

  /** `id` keeps a defector's id when an export from another library is imported. */
  async createIn(
    tx: Executor,
    actor: Actor,
    input: DefectorInput,
    id?: string,
  ): Promise<DefectorRow> {
    const { consentReason, ...fields } = input;
    const row = await this.defectors.insert(tx, { ...fields, id, createdBy: actor.id });
    await this.defectors.recordConsentChange(tx, {
      defectorId: row.id,
      fromStatus: null,
      toStatus: row.consentStatus,
      reason: consentReason ?? 'Recorded when the defector was added.',
      actorId: actor.id,
      actorLabel: actor.label,
    });
    await this.audit.record(tx, actor, {
      action: 'defector.created',
      entityType: 'defector',
      entityId: row.id,
      after: auditView(row),
    });
    return row;
  }

  update(principal: Principal, id: string, changes: DefectorChanges): Promise<DefectorRow> {
    this.assertMayWriteNotes(principal, changes.internalNotes);
    const actor = actorOf(principal);
    return this.db.transaction(async (tx) => {
      const before = await this.defectors.findByIdForUpdate(tx, id);
      if (!before) throw notFound('Defector', id);
      const after = await this.defectors.update(tx, id, changes);
      await this.audit.record(tx, actor, {
        action: 'defector.updated',
        entityType: 'defector',
        entityId: id,
        before: auditView(before),
        after: {
          ...auditView(after),
          internalNotesChanged: before.internalNotes !== after.internalNotes,
        },
      });
      return after;
    });
  }

  /**
   * Withdrawing consent makes every quote of the defector unusable and raises quote.retracted in
   * this transaction, so the posts built on them are withdrawn with it. Re-obtained consent makes
   * the quotes usable again for new posts; it brings back nothing that was withdrawn or retracted.
   */
  changeConsent(
    principal: Principal,
    id: string,
    change: { status: ConsentStatus; reason: string },
  ): Promise<DefectorRow> {
    const actor = actorOf(principal);
    return this.db.transaction(async (tx) => {
      const before = await this.defectors.findByIdForUpdate(tx, id);
      if (!before) throw notFound('Defector', id);
      if (before.consentStatus === change.status) {
        throw conflict(`Consent is already ${change.status}.`);
      }
      const involvesWithdrawal =
        change.status === 'withdrawn' || before.consentStatus === 'withdrawn';
      if (involvesWithdrawal && !holdsAny(principal.roles, PRIVACY_GUARDIANS)) {
        throw forbidden('Only safety reviewers and admins withdraw or restore consent.');
      }
      const after = await this.defectors.update(tx, id, { consentStatus: change.status });
      await this.defectors.recordConsentChange(tx, {
        defectorId: id,
        fromStatus: before.consentStatus,
        toStatus: change.status,
        reason: change.reason,
        actorId: actor.id,
        actorLabel: actor.label,
      });
      await this.audit.record(tx, actor, {
        action: 'defector.consent_changed',
        entityType: 'defector',
        entityId: id,
        before: { consentStatus: before.consentStatus },
        after: { consentStatus: change.status, reason: change.reason },
      });
      if (change.status === 'withdrawn') {
        const quoteIds = await this.quotes.liveIdsOfDefector(tx, id);
        if (quoteIds.length > 0) {
          await this.events.publish(
            'quote.retracted',
            { quoteIds, reason: change.reason, actor, cause: 'consent_withdrawn' },
            tx,
          );
        }
      }
      return after;
    });
  }

  identifyingDetails(id: string, tx?: Executor): Promise<IdentifyingDetailRow[]> {
    return this.defectors.identifyingDetails([id], tx);
  }

  addIdentifyingDetail(
    principal: Principal,
    defectorId: string,
    detail: { kind: IdentifyingDetailKind; value: string; aliases?: string[] },
  ): Promise<IdentifyingDetailRow> {
    const actor = actorOf(principal);
    return this.db.transaction(async (tx) => {
      if (!(await this.defectors.findById(defectorId, tx))) throw notFound('Defector', defectorId);
      const row = await this.defectors.addIdentifyingDetail(tx, {
        defectorId,
        kind: detail.kind,
        value: detail.value.trim(),
        aliases: spellingsOf(detail.aliases ?? []),
        createdBy: actor.id,
      });
      await this.audit.record(tx, actor, {
        action: 'defector.identifying_detail_added',
        entityType: 'defector',
        entityId: defectorId,
        after: detailAuditView(row),
      });
      return row;
    });
  }

  /** Corrects a detail or the list of its other spellings; the audit row says what, not which. */
  updateIdentifyingDetail(
    principal: Principal,
    defectorId: string,
    detailId: string,
    changes: { kind?: IdentifyingDetailKind; value?: string; aliases?: string[] },
  ): Promise<IdentifyingDetailRow> {
    if (changes.kind === undefined && changes.value === undefined && !changes.aliases) {
      throw invalid([
        { field: 'body', rule: 'notEmpty', message: 'give at least one of kind, value, aliases' },
      ]);
    }
    const actor = actorOf(principal);
    return this.db.transaction(async (tx) => {
      const before = await this.defectors.findIdentifyingDetailForUpdate(tx, defectorId, detailId);
      if (!before) throw notFound('Identifying detail', detailId);
      const after = await this.defectors.updateIdentifyingDetail(tx, detailId, {
        kind: changes.kind,
        value: changes.value?.trim(),
        aliases: changes.aliases && spellingsOf(changes.aliases),
      });
      await this.audit.record(tx, actor, {
        action: 'defector.identifying_detail_updated',
        entityType: 'defector',
        entityId: defectorId,
        before: detailAuditView(before),
        after: { ...detailAuditView(after), valueChanged: before.value !== after.value },
      });
      return after;
    });
  }

  removeIdentifyingDetail(
    principal: Principal,
    defectorId: string,
    detailId: string,
  ): Promise<void> {
    const actor = actorOf(principal);
    return this.db.transaction(async (tx) => {
      const row = await this.defectors.deleteIdentifyingDetail(tx, defectorId, detailId);
      if (!row) throw notFound('Identifying detail', detailId);
      await this.audit.record(tx, actor, {
        action: 'defector.identifying_detail_removed',
        entityType: 'defector',
        entityId: defectorId,
        before: detailAuditView(row),
      });
    });
  }

  private assertMayWriteNotes(principal: Principal, notes: string | null | undefined) {
    if (notes !== undefined && !holdsAny(principal.roles, PRIVACY_GUARDIANS)) {
      throw forbidden('Only safety reviewers and admins may write internal notes.');
    }
  }
}
