import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { Actor } from '../audit/actor.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { conflict, DomainError, invalid, refused } from '../common/domain-errors.js';
import { DATABASE, type Database } from '../db/database.js';
import { type UserRow, UsersRepository } from './users.repository.js';
import { type ApiTokenRow, ApiTokensRepository } from './api-tokens.repository.js';
import type { Principal } from './principal.js';
import { PrincipalCache } from './principal-cache.js';
import { digest, randomToken, UNKNOWN_USER_HASH, verifyPassword } from './secrets.js';
import { SessionsRepository } from './sessions.repository.js';
import { SignInThrottle } from './sign-in-throttle.js';

export const TOKEN_PREFIX = 'cv_';

export interface NewSession {
  sessionId: string;
  csrfToken: string;
  expiresAt: Date;
  user: UserRow;
}

const TOUCH_EVERY_MS = 60_000;

const wrongCredentials = () => refused('unauthenticated', 'The email or password is wrong.');

@Injectable()
export class AuthService {
  /** When this process last recorded each token's use. */
  private readonly touched = new Map<string, number>();

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly tokens: ApiTokensRepository,
    private readonly audit: AuditRepository,
    private readonly throttle: SignInThrottle,
    private readonly cache: PrincipalCache,
  ) {}

  /**
   * Signs in. Unknown emails, wrong passwords and disabled users get one answer, after the same
   * argon2 verification; repeated failures slow further attempts down (SignInThrottle) but never
   * lock the account or touch its live sessions.
   */
  async login(email: string, password: string, address: string): Promise<NewSession> {
    const now = new Date();
    const { user, attempt } = await this.authenticate(email, password, address, now);
    const sessionId = randomToken();
    const csrfToken = randomToken();
    const expiresAt = new Date(now.getTime() + this.config.auth.sessionTtlMs);
    await this.db.transaction(async (tx) => {
      await this.throttle.succeeded(tx, attempt, now);
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

  /**
   * A signed-in user proves they know their password before changing it; throttled as sign-in
   * is, so a borrowed session cannot be used to guess it.
   */
  async confirmPassword(email: string, password: string, address: string): Promise<void> {
    const now = new Date();
    try {
      const { attempt } = await this.authenticate(email, password, address, now);
      await this.db.transaction((tx) => this.throttle.succeeded(tx, attempt, now));
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'unauthenticated') {
        throw invalid([
          {
            field: 'currentPassword',
            rule: 'current_password',
            message: 'currentPassword is not your current password',
          },
        ]);
      }
      throw error;
    }
  }

  /** One argon2 verification on every path, against a dummy hash for unknown emails. */
  private async authenticate(email: string, password: string, address: string, now: Date) {
    const attempt = await this.throttle.begin(email, address, now);
    const user = await this.users.findByEmail(email);
    const verified = await verifyPassword(user?.passwordHash ?? UNKNOWN_USER_HASH, password);
    if (!user || !verified || user.disabledAt) throw wrongCredentials();
    return { user, attempt };
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
    await this.cache.invalidate();
  }

  /** Served from PrincipalCache while it is in sync; see there for what keeps it current. */
  resolveSession(sessionId: string): Promise<Principal | undefined> {
    const idHash = digest(sessionId);
    return this.cache.resolve(`session:${idHash}`, async () => {
      const found = await this.sessions.findLive(idHash);
      if (!found) return undefined;
      return {
        principal: {
          ...this.principalOf(found.user),
          via: 'session',
          sessionIdHash: idHash,
          csrfToken: found.session.csrfToken,
        },
        validUntil: found.session.expiresAt,
      };
    });
  }

  async resolveToken(token: string): Promise<Principal | undefined> {
    if (!token.startsWith(TOKEN_PREFIX)) return undefined;
    const now = new Date();
    const tokenHash = digest(token);
    const principal = await this.cache.resolve(
      `token:${tokenHash}`,
      async () => {
        const found = await this.tokens.findLive(tokenHash, this.liveSince(now), now);
        if (!found) return undefined;
        const pastMaxLifetime =
          found.token.createdAt.getTime() + this.config.auth.tokenMaxLifetimeMs;
        return {
          principal: { ...this.principalOf(found.user), via: 'token', tokenId: found.token.id },
          validUntil: new Date(Math.min(found.token.expiresAt.getTime(), pastMaxLifetime)),
        };
      },
      now,
    );
    if (principal?.tokenId) await this.touchToken(principal.tokenId, now);
    return principal;
  }

  /** lastUsedAt moves at most once a minute per token: this process skips the write until then. */
  private async touchToken(id: string, now: Date): Promise<void> {
    const last = this.touched.get(id);
    if (last !== undefined && now.getTime() - last < TOUCH_EVERY_MS) return;
    if (this.touched.size >= 10_000) this.touched.clear();
    this.touched.set(id, now.getTime());
    await this.tokens.touch(id, now);
  }

  /**
   * Every token expires: after `expiresInDays` or, by default and at most, API_TOKEN_MAX_DAYS.
   * A user holds at most API_TOKEN_MAX_ACTIVE live tokens, counted under a lock on the user row
   * so two concurrent creations cannot both take the last place.
   */
  async createToken(actor: Actor, userId: string, name: string, expiresInDays?: number) {
    const { tokenMaxLifetimeMs, tokenMaxActive } = this.config.auth;
    const maxDays = Math.floor(tokenMaxLifetimeMs / 86_400_000);
    if (expiresInDays !== undefined && expiresInDays > maxDays) {
      throw invalid([
        {
          field: 'expiresInDays',
          rule: 'max',
          message: `expiresInDays must not be greater than ${maxDays} (API_TOKEN_MAX_DAYS)`,
        },
      ]);
    }
    const now = new Date();
    const expiresAt = new Date(
      now.getTime() +
        (expiresInDays === undefined ? tokenMaxLifetimeMs : expiresInDays * 86_400_000),
    );
    const token = `${TOKEN_PREFIX}${randomToken()}`;
    const row = await this.db.transaction(async (tx) => {
      await this.users.findByIdForUpdate(tx, userId);
      const active = await this.tokens.countLive(tx, userId, this.liveSince(now), now);
      if (active >= tokenMaxActive) {
        throw conflict(
          `You already hold ${active} active API tokens, the most allowed (API_TOKEN_MAX_ACTIVE = ${tokenMaxActive}); revoke one first.`,
          { rule: 'max_active_tokens', limit: tokenMaxActive },
        );
      }
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
        after: { name, userId, prefix: created.prefix, expiresAt: expiresAt.toISOString() },
      });
      return created;
    });
    return { row, token };
  }

  /** Tokens created before this are past the maximum lifetime, even if it was lowered since. */
  private liveSince(now: Date): Date {
    return new Date(now.getTime() - this.config.auth.tokenMaxLifetimeMs);
  }

  /** Owners revoke their own tokens; admins may revoke anyone's. */
  async revokeToken(principal: Principal, tokenId: string): Promise<ApiTokenRow> {
    const row = await this.db.transaction(async (tx) => {
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
    await this.cache.invalidate();
    return row;
  }

  listTokens(userId: string): Promise<ApiTokenRow[]> {
    return this.tokens.listForUser(userId);
  }

  private principalOf(user: UserRow): Omit<Principal, 'via'> {
    return {
      userId: user.id,
      email: user.email,
      displayName: user.displayName,
      roles: user.roles,
      locale: user.locale,
      timeZone: user.timeZone,
    };
  }
}
