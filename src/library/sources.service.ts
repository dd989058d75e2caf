import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../audit/actor.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { conflict, notFound } from '../common/domain-errors.js';
import { DATABASE, type Database, type Executor } from '../db/database.js';
import type { SourceChanges, SourceInput } from './library-inputs.js';
import { sourceView } from './library-views.js';
import { type SourceRow, SourcesRepository } from './sources.repository.js';

const duplicateUrl = (url: string) =>
  conflict(`A source with url ${url} already exists; use that one.`);

@Injectable()
export class SourcesService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly sources: SourcesRepository,
    private readonly audit: AuditRepository,
  ) {}

  create(actor: Actor, input: SourceInput): Promise<SourceRow> {
    return this.db.transaction((tx) => this.createIn(tx, actor, input));
  }

  async createIn(tx: Executor, actor: Actor, input: SourceInput): Promise<SourceRow> {
    const row = await this.sources.insert(tx, {
      ...input,
      retrievedAt: input.retrievedAt ? new Date(input.retrievedAt) : null,
      createdBy: actor.id,
    });
    if (!row) throw duplicateUrl(input.url);
    await this.audit.record(tx, actor, {
      action: 'source.created',
      entityType: 'source',
      entityId: row.id,
      after: sourceView(row),
    });
    return row;
  }

  update(actor: Actor, id: string, changes: SourceChanges): Promise<SourceRow> {
    return this.db.transaction(async (tx) => {
      const before = await this.sources.findById(id, tx);
      if (!before) throw notFound('Source', id);
      if (changes.url !== undefined && changes.url !== before.url) {
        if (await this.sources.findByUrl(changes.url, tx)) throw duplicateUrl(changes.url);
      }
      const { retrievedAt, ...rest } = changes;
      const after = await this.sources.update(tx, id, {
        ...rest,
        ...(retrievedAt !== undefined
          ? { retrievedAt: retrievedAt === null ? null : new Date(retrievedAt) }
          : {}),
      });
      await this.audit.record(tx, actor, {
        action: 'source.updated',
        entityType: 'source',
        entityId: id,
        before: sourceView(before),
        after: sourceView(after),
      });
      return after;
    });
  }
}
