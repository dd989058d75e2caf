import { Inject, Injectable } from '@nestjs/common';
import { type Actor, SYSTEM_ACTOR } from '../audit/actor.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { conflict, notFound } from '../common/domain-errors.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { DATABASE, type Database, type Executor } from '../db/database.js';
import type { ChannelStatus, Platform, WeeklySlot } from '../db/schema/index.js';
import { type ChannelRow, ChannelsRepository } from './channels.repository.js';
import { CredentialsCipher } from './credentials-cipher.js';

/** A channel as an admin writes it; credentials are sealed before they are stored. */
export interface ChannelInput {
  platform: Platform;
  handle: string;
  displayName?: string;
  language: string;
  timezone: string;
  weeklySlots?: WeeklySlot[];
  minSpacingMinutes?: number;
  dailyCap?: number;
  credentials?: Record<string, unknown>;
}

export interface ChannelChanges extends Partial<Omit<ChannelInput, 'platform'>> {
  status?: ChannelStatus;
}

/** What the audit log may keep of a channel: never its credentials. */
const auditView = ({ credentials, ...rest }: ChannelRow) => ({
  ...rest,
  hasCredentials: credentials !== null,
});

@Injectable()
export class ChannelsService {
  private readonly cipher: CredentialsCipher;

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly channels: ChannelsRepository,
    private readonly audit: AuditRepository,
  ) {
    this.cipher = new CredentialsCipher(config.credentialKeys);
  }

  async create(actor: Actor, input: ChannelInput): Promise<ChannelRow> {
    const { credentials, ...rest } = input;
    return this.db.transaction(async (tx) => {
      const row = await this.channels.insert(tx, {
        ...rest,
        handle: rest.handle.replace(/^@/, ''),
        credentials: credentials ? this.cipher.encrypt(credentials) : null,
      });
      if (!row)
        throw conflict(
          `A ${input.platform} channel @${input.handle.replace(/^@/, '')} already exists.`,
        );
      await this.audit.record(tx, actor, {
        action: 'channel.created',
        entityType: 'channel',
        entityId: row.id,
        after: auditView(row),
      });
      return row;
    });
  }

  async update(actor: Actor, id: string, input: ChannelChanges): Promise<ChannelRow> {
    const { credentials, ...rest } = input;
    return this.db.transaction(async (tx) => {
      const before = await this.mustLock(tx, id);
      const after = await this.channels.update(tx, id, {
        ...rest,
        ...(rest.handle ? { handle: rest.handle.replace(/^@/, '') } : {}),
        ...(credentials ? { credentials: this.cipher.encrypt(credentials) } : {}),
      });
      await this.audit.record(tx, actor, {
        action: credentials ? 'channel.updated_with_credentials' : 'channel.updated',
        entityType: 'channel',
        entityId: id,
        before: auditView(before),
        after: auditView(after),
      });
      return after;
    });
  }

  async setCredentials(
    actor: Actor,
    id: string,
    credentials: Record<string, unknown>,
    platformAccountId?: string,
  ): Promise<ChannelRow> {
    return this.db.transaction(async (tx) => {
      await this.mustLock(tx, id);
      const after = await this.channels.update(tx, id, {
        credentials: this.cipher.encrypt(credentials),
        status: 'connected',
        ...(platformAccountId ? { platformAccountId } : {}),
      });
      await this.audit.record(tx, actor, {
        action: 'channel.credentials_set',
        entityType: 'channel',
        entityId: id,
      });
      return after;
    });
  }

  /**
   * Stores credentials the system obtained itself (an OAuth refresh). Single-use refresh tokens
   * make this urgent: it commits before the new access token is used.
   */
  async storeRefreshedCredentials(
    id: string,
    credentials: Record<string, unknown>,
  ): Promise<ChannelRow> {
    return this.db.transaction(async (tx) => {
      await this.mustLock(tx, id);
      const after = await this.channels.update(tx, id, {
        credentials: this.cipher.encrypt(credentials),
      });
      await this.audit.record(tx, SYSTEM_ACTOR, {
        action: 'channel.credentials_refreshed',
        entityType: 'channel',
        entityId: id,
      });
      return after;
    });
  }

  /** The platform refused the channel's credentials for good: people must reconnect it. */
  async markNeedsReconnect(id: string, reason: string): Promise<ChannelRow> {
    return this.db.transaction(async (tx) => {
      const before = await this.mustLock(tx, id);
      const after = await this.channels.update(tx, id, { status: 'needs_reconnect' });
      if (before.status !== 'needs_reconnect') {
        await this.audit.record(tx, SYSTEM_ACTOR, {
          action: 'channel.needs_reconnect',
          entityType: 'channel',
          entityId: id,
          before: { status: before.status },
          after: { status: 'needs_reconnect', reason },
        });
      }
      return after;
    });
  }

  /** For the publisher only: never hand the result to a response or a log. */
  credentialsOf<T>(channel: ChannelRow): T | null {
    return channel.credentials ? this.cipher.decrypt<T>(channel.credentials) : null;
  }

  async get(id: string): Promise<ChannelRow> {
    const row = await this.channels.findById(id);
    if (!row) throw notFound('Channel', id);
    return row;
  }

  private async mustLock(tx: Executor, id: string): Promise<ChannelRow> {
    const row = await this.channels.findForUpdate(tx, id);
    if (!row) throw notFound('Channel', id);
    return row;
  }
}
