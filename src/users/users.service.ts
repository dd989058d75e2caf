import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../audit/actor.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { conflict, notFound } from '../common/domain-errors.js';
import { sql } from 'drizzle-orm';
import { DATABASE, type Database, type Executor } from '../db/database.js';
import type { Role } from '../db/schema/index.js';
import { ApiTokensRepository } from '../auth/api-tokens.repository.js';
import { PrincipalCache } from '../auth/principal-cache.js';
import { hashPassword } from '../auth/secrets.js';
import { SessionsRepository } from '../auth/sessions.repository.js';
import { type UserRow, UsersRepository } from '../auth/users.repository.js';
import { userView } from './user-view.js';

const USER_ADMIN_LOCK = 727_001;

@Injectable()
export class UsersService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly audit: AuditRepository,
    private readonly tokens: ApiTokensRepository,
    private readonly principals: PrincipalCache,
  ) {}

  async create(
    actor: Actor,
    input: { email: string; displayName: string; password: string; roles: Role[] },
  ): Promise<UserRow> {
    const passwordHash = await hashPassword(input.password);
    return this.db.transaction(async (tx) => {
      const row = await this.users.insert(tx, {
        email: input.email,
        displayName: input.displayName,
        passwordHash,
        roles: input.roles,
      });
      if (!row) throw conflict(`A user with email ${input.email.toLowerCase()} already exists.`);
      await this.audit.record(tx, actor, {
        action: 'user.created',
        entityType: 'user',
        entityId: row.id,
        after: userView(row),
      });
      return row;
    });
  }

  async setRoles(actor: Actor, userId: string, roles: Role[]): Promise<UserRow> {
    const row = await this.db.transaction(async (tx) => {
      const before = await this.mustFindForUpdate(tx, userId);
      const after = await this.users.update(tx, userId, { roles });
      await this.assertAdminRemains(tx);
      await this.audit.record(tx, actor, {
        action: 'user.roles_changed',
        entityType: 'user',
        entityId: userId,
        before: { roles: before.roles },
        after: { roles: after.roles },
      });
      return after;
    });
    await this.principals.invalidate();
    return row;
  }

  async setPreferences(
    actor: Actor,
    userId: string,
    preferences: { locale: string; timeZone: string | null },
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      const before = await this.mustFindForUpdate(tx, userId);
      await this.users.update(tx, userId, preferences);
      await this.audit.record(tx, actor, {
        action: 'user.preferences_changed',
        entityType: 'user',
        entityId: userId,
        before: { locale: before.locale, timeZone: before.timeZone },
        after: preferences,
      });
    });
    // The principal (cached in every process) carries the locale and zone.
    await this.principals.invalidate();
  }

  /**
   * Takes effect at once: the user's sessions are deleted and its API tokens revoked, so
   * enabling the user again revives neither.
   */
  async setDisabled(
    actor: Actor,
    userId: string,
    disabled: boolean,
    reason?: string,
  ): Promise<UserRow> {
    const row = await this.db.transaction(async (tx) => {
      const before = await this.mustFindForUpdate(tx, userId);
      const after = await this.users.update(tx, userId, {
        disabledAt: disabled ? (before.disabledAt ?? new Date()) : null,
      });
      if (disabled) {
        await this.sessions.deleteForUser(tx, userId);
        await this.revokeTokens(tx, actor, userId, 'user disabled');
        await this.assertAdminRemains(tx);
      }
      await this.audit.record(tx, actor, {
        action: disabled ? 'user.disabled' : 'user.enabled',
        entityType: 'user',
        entityId: userId,
        before: { disabled: before.disabledAt !== null },
        after: { disabled, reason: reason ?? null },
      });
      return after;
    });
    await this.principals.invalidate();
    return row;
  }

  /**
   * A new password (set by an admin or by the user) ends the user's sessions and revokes their
   * API tokens: whoever knew the old password may have made one.
   */
  async setPassword(actor: Actor, userId: string, password: string): Promise<void> {
    const passwordHash = await hashPassword(password);
    await this.db.transaction(async (tx) => {
      await this.mustFindForUpdate(tx, userId);
      await this.users.update(tx, userId, { passwordHash });
      await this.sessions.deleteForUser(tx, userId);
      await this.revokeTokens(tx, actor, userId, 'password set');
      await this.audit.record(tx, actor, {
        action: 'user.password_set',
        entityType: 'user',
        entityId: userId,
      });
    });
    await this.principals.invalidate();
  }

  /** A revoked token stays revoked: nothing the user's status does later revives it. */
  private async revokeTokens(tx: Executor, actor: Actor, userId: string, reason: string) {
    const revoked = await this.tokens.revokeAllForUser(tx, userId, new Date());
    for (const id of revoked) {
      await this.audit.record(tx, actor, {
        action: 'api_token.revoked',
        entityType: 'api_token',
        entityId: id,
        after: { reason },
      });
    }
  }

  private async mustFindForUpdate(tx: Executor, userId: string) {
    // Role and status changes run one at a time, so two admins cannot demote each other at once.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${USER_ADMIN_LOCK})`);
    const row = await this.users.findByIdForUpdate(tx, userId);
    if (!row) throw notFound('User', userId);
    return row;
  }

  /** Nobody may lock the organisation out of its own administration. */
  private async assertAdminRemains(tx: Executor) {
    if ((await this.users.countActiveAdmins(tx)) === 0) {
      throw conflict(
        'This change would leave no active admin; give another user the admin role first.',
      );
    }
  }
}
