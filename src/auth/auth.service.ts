import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { Actor } from '../audit/actor.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { refused } from '../common/domain-errors.js';
import { DATABASE, type Database } from '../db/database.js';
import { type UserRow, UsersRepository } from './users.repository.js';
import { type ApiTokenRow, ApiTokensRepository } from './api-tokens.repository.js';
import type { Principal } from './principal.js';
import { digest, randomToken, UNKNOWN_USER_HASH, verifyPassword } from './secrets.js';
import { SessionsRepository } from './sessions.repository.js';

export const TOKEN_PREFIX = 'cv_';

export interface NewSession {
  sessionId: string;
  csrfToken: string;
  expiresAt: Date;
  user: UserRow;
}

const wrongCredentials = () => refused('unauthenticated', 'The email or password is wrong.');

@Injectable()
export class AuthService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly tokens: ApiTokensRepository,
    private readonly audit: AuditRepository,
  ) {}

  async login(email: string, password: string): Promise<NewSession> {
    const user = await this.users.findByEmail(email);
    if (!user) {
      await verifyPassword(UNKNOWN_USER_HASH, password);
      throw wrongCredentials();
    }
    const now = new Date();
    if (user.lockedUntil && user.lockedUntil > now) {
      throw refused(
        'locked',
        `This account is locked after repeated failed sign-ins until ${user.lockedUntil.toISOString()}.`,
        {
          title: 'Locked',
          lockedUntil: user.lockedUntil.toISOString(),
        },
      );
    }
    if (!(await verifyPassword(user.passwordHash, password))) {
      await this.recordFailure(user, now);
      throw wrongCredentials();
    }
    if (user.disabledAt) throw wrongCredentials();

    const sessionId = randomToken();
    const csrfToken = randomToken();
    const expiresAt = new Date(now.getTime() + this.config.auth.sessionTtlMs);
    await this.db.transaction(async (tx) => {
      await this.users.update(tx, user.id, { failedLogins: 0, lockedUntil: null });
      await this.sessions.insert(tx, {
        idHash: digest(sessionId),
        userId: user.id,
        csrfToken,
        expiresAt,
      });
      await this.audit.record(
        tx,
        { id: user.id, label: user.email },
        {
          action: 'session.created',
          entityType: 'user',
          entityId: user.id,
          after: { expiresAt: expiresAt.toISOString() },
        },
      );
    });
    return { sessionId, csrfToken, expiresAt, user };
  }

  private async recordFailure(user: UserRow, now: Date): Promise<void> {
    const failures = await this.users.countFailedLogin(user.id);
    if (failures < this.config.auth.loginMaxFailures) return;
    const lockedUntil = new Date(now.getTime() + this.config.auth.loginLockMs);
    await this.db.transaction(async (tx) => {
      await this.users.update(tx, user.id, { failedLogins: 0, lockedUntil });
      await this.sessions.deleteForUser(tx, user.id);
      await this.audit.record(
        tx,
        { id: null, label: 'system' },
        {
          action: 'user.locked',
          entityType: 'user',
          entityId: user.id,
          after: { lockedUntil: lockedUntil.toISOString(), failedSignIns: failures },
        },
      );
    });
  }

  async logout(principal: Principal): Promise<void> {
    if (!principal.sessionIdHash) return;
    const idHash = principal.sessionIdHash;
    await this.db.transaction(async (tx) => {
      await this.sessions.delete(tx, idHash);
      await this.audit.record(
        tx,
        { id: principal.userId, label: principal.email },
        {
          action: 'session.ended',
          entityType: 'user',
          entityId: principal.userId,
        },
      );
    });
  }

  async resolveSession(sessionId: string): Promise<Principal | undefined> {
    const idHash = digest(sessionId);
    const found = await this.sessions.findLive(idHash);
    if (!found) return undefined;
    return {
      ...this.principalOf(found.user),
      via: 'session',
      sessionIdHash: idHash,
      csrfToken: found.session.csrfToken,
    };
  }

  async resolveToken(token: string): Promise<Principal | undefined> {
    if (!token.startsWith(TOKEN_PREFIX)) return undefined;
    const found = await this.tokens.findLive(digest(token));
    if (!found) return undefined;
    await this.tokens.touch(found.token.id, new Date());
    return { ...this.principalOf(found.user), via: 'token' };
  }

  async createToken(actor: Actor, userId: string, name: string, expiresAt: Date | null) {
    const token = `${TOKEN_PREFIX}${randomToken()}`;
    const row = await this.db.transaction(async (tx) => {
      const created = await this.tokens.insert(tx, {
        userId,
        name,
        tokenHash: digest(token),
        prefix: token.slice(0, 10),
        expiresAt,
      });
      await this.audit.record(tx, actor, {
        action: 'api_token.created',
        entityType: 'api_token',
        entityId: created.id,
        after: {
          name,
          userId,
          prefix: created.prefix,
          expiresAt: expiresAt?.toISOString() ?? null,
        },
      });
      return created;
    });
    return { row, token };
  }

  /** Owners revoke their own tokens; admins may revoke anyone's. */
  async revokeToken(principal: Principal, tokenId: string): Promise<ApiTokenRow> {
    return this.db.transaction(async (tx) => {
      const row = await this.tokens.findForUpdate(tx, tokenId);
      if (!row || (row.userId !== principal.userId && !principal.roles.includes('admin'))) {
        throw refused('not_found', `API token ${tokenId} does not exist.`);
      }
      if (row.revokedAt) return row;
      const revoked = await this.tokens.revoke(tx, tokenId, new Date());
      await this.audit.record(
        tx,
        { id: principal.userId, label: principal.email },
        {
          action: 'api_token.revoked',
          entityType: 'api_token',
          entityId: tokenId,
        },
      );
      return revoked;
    });
  }

  listTokens(userId: string): Promise<ApiTokenRow[]> {
    return this.tokens.listForUser(userId);
  }

  private principalOf(user: UserRow): Omit<Principal, 'via'> {
    return { userId: user.id, email: user.email, displayName: user.displayName, roles: user.roles };
  }
}
