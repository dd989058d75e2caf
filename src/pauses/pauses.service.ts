import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../audit/actor.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { type FieldError, invalid, notFound } from '../common/domain-errors.js';
import { DATABASE, type Database, type Executor } from '../db/database.js';
import type { PauseAction, PauseKind, PauseScope } from '../db/schema/index.js';
import { type PauseRow, PausesRepository } from './pauses.repository.js';

/** Says every broken rule in the detail too: pause requests are short and read by people. */
const invalidPause = (errors: FieldError[]) =>
  invalid(errors, errors.map((e) => e.message).join('; '));

/** A pause or blackout window as an editor sets it; times are ISO 8601 date-times. */
export interface PauseInput {
  kind: PauseKind;
  scope: PauseScope;
  campaignId?: string;
  channelId?: string;
  startsAt?: string;
  endsAt?: string;
  action?: PauseAction;
  reason: string;
}

export interface PauseChanges {
  endsAt?: string;
  action?: PauseAction;
}

@Injectable()
export class PausesService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly pauses: PausesRepository,
    private readonly audit: AuditRepository,
  ) {}

  async create(actor: Actor, input: PauseInput): Promise<PauseRow> {
    const errors: FieldError[] = [];
    if (input.scope === 'campaign' && !input.campaignId)
      errors.push({
        field: 'campaignId',
        rule: 'requiredForScope',
        message: 'campaignId is required for a campaign pause',
      });
    if (input.scope === 'channel' && !input.channelId)
      errors.push({
        field: 'channelId',
        rule: 'requiredForScope',
        message: 'channelId is required for a channel pause',
      });
    if (input.scope !== 'campaign' && input.campaignId)
      errors.push({
        field: 'campaignId',
        rule: 'notForScope',
        message: `campaignId does not belong to a ${input.scope} pause`,
      });
    if (input.scope !== 'channel' && input.channelId)
      errors.push({
        field: 'channelId',
        rule: 'notForScope',
        message: `channelId does not belong to a ${input.scope} pause`,
      });
    if (input.kind === 'blackout' && !input.endsAt)
      errors.push({
        field: 'endsAt',
        rule: 'requiredForBlackout',
        message: 'endsAt is required for a blackout window',
      });
    const startsAt = input.startsAt ? new Date(input.startsAt) : new Date();
    const endsAt = input.endsAt ? new Date(input.endsAt) : null;
    if (endsAt && endsAt <= startsAt)
      errors.push({
        field: 'endsAt',
        rule: 'afterStartsAt',
        message: 'endsAt must be after startsAt',
      });
    if (errors.length > 0) throw invalidPause(errors);
    return this.db.transaction(async (tx) => {
      const row = await this.pauses.insert(tx, {
        kind: input.kind,
        scope: input.scope,
        campaignId: input.campaignId ?? null,
        channelId: input.channelId ?? null,
        startsAt,
        endsAt,
        action: input.action ?? 'hold',
        reason: input.reason,
        createdBy: actor.id,
      });
      await this.audit.record(tx, actor, {
        action: `${row.kind}.created`,
        entityType: 'pause',
        entityId: row.id,
        after: row,
      });
      return row;
    });
  }

  async update(actor: Actor, id: string, input: PauseChanges): Promise<PauseRow> {
    return this.db.transaction(async (tx) => {
      const before = await this.mustLock(tx, id);
      const endsAt = input.endsAt ? new Date(input.endsAt) : undefined;
      if (endsAt && endsAt <= before.startsAt)
        throw invalidPause([
          { field: 'endsAt', rule: 'afterStartsAt', message: 'endsAt must be after startsAt' },
        ]);
      const after = await this.pauses.update(tx, id, { ...input, endsAt });
      await this.audit.record(tx, actor, {
        action: `${after.kind}.updated`,
        entityType: 'pause',
        entityId: id,
        before,
        after,
      });
      return after;
    });
  }

  /** Lifting does not release held posts: an editor reschedules them, so nothing floods out. */
  async lift(actor: Actor, id: string): Promise<PauseRow> {
    return this.db.transaction(async (tx) => {
      const before = await this.mustLock(tx, id);
      if (before.liftedAt) return before;
      const after = await this.pauses.update(tx, id, { liftedAt: new Date(), liftedBy: actor.id });
      await this.audit.record(tx, actor, {
        action: `${after.kind}.lifted`,
        entityType: 'pause',
        entityId: id,
        before,
        after,
      });
      return after;
    });
  }

  private async mustLock(tx: Executor, id: string): Promise<PauseRow> {
    const row = await this.pauses.findForUpdate(tx, id);
    if (!row) throw notFound('Pause', id);
    return row;
  }
}
