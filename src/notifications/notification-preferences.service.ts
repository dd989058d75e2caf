import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../audit/actor.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { DATABASE, type Database } from '../db/database.js';
import { NOTIFICATION_KINDS, type NotificationKind } from '../db/schema/index.js';
import { NotificationsRepository } from './notifications.repository.js';

export interface Preference {
  kind: NotificationKind;
  inApp: boolean;
  email: boolean;
}

/** Each user's choice per kind of notification; a kind never chosen is on in-app and by email. */
@Injectable()
export class NotificationPreferencesService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly notifications: NotificationsRepository,
    private readonly audit: AuditRepository,
  ) {}

  async of(userId: string): Promise<Preference[]> {
    const saved = new Map((await this.notifications.preferencesOf(userId)).map((p) => [p.kind, p]));
    return NOTIFICATION_KINDS.map((kind) => ({
      kind,
      inApp: saved.get(kind)?.inApp ?? true,
      email: saved.get(kind)?.email ?? true,
    }));
  }

  async save(actor: Actor, userId: string, changes: Preference[]): Promise<Preference[]> {
    const before = await this.of(userId);
    await this.db.transaction(async (tx) => {
      await this.notifications.savePreferences(
        tx,
        changes.map((c) => ({ userId, kind: c.kind, inApp: c.inApp, email: c.email })),
      );
      await this.audit.record(tx, actor, {
        action: 'notification_preferences.updated',
        entityType: 'user',
        entityId: userId,
        before: before.filter((b) => changes.some((c) => c.kind === b.kind)),
        after: changes,
      });
    });
    return this.of(userId);
  }
}
