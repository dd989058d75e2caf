import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../audit/actor.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { conflict, notFound } from '../common/domain-errors.js';
import { DATABASE, type Database } from '../db/database.js';
import { type ThemeRow, ThemesRepository } from './themes.repository.js';

@Injectable()
export class ThemesService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly themes: ThemesRepository,
    private readonly audit: AuditRepository,
  ) {}

  create(
    actor: Actor,
    input: { key: string; name: string; description: string },
  ): Promise<ThemeRow> {
    return this.db.transaction(async (tx) => {
      const row = await this.themes.insert(tx, input);
      if (!row) throw conflict(`A theme with key ${input.key} already exists.`);
      await this.audit.record(tx, actor, {
        action: 'theme.created',
        entityType: 'theme',
        entityId: row.key,
        after: input,
      });
      return row;
    });
  }

  /** The key is what quotes refer to, so only the name and description change. */
  update(
    actor: Actor,
    key: string,
    changes: { name?: string; description?: string },
  ): Promise<ThemeRow> {
    return this.db.transaction(async (tx) => {
      const before = await this.themes.findByKey(key, tx);
      if (!before) throw notFound('Theme', key);
      const after = await this.themes.update(tx, key, changes);
      await this.audit.record(tx, actor, {
        action: 'theme.updated',
        entityType: 'theme',
        entityId: key,
        before: { name: before.name, description: before.description },
        after: { name: after.name, description: after.description },
      });
      return after;
    });
  }
}
