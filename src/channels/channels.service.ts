import { Inject, Injectable } from '@nestjs/common';
import { type Actor, SYSTEM_ACTOR } from '../audit/actor.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { conflict, notFound } from '../common/domain-errors.js';
import { DATABASE, type Database, type Executor } from '../db/database.js';
import type { ChannelStatus, Platform, WeeklySlot } from '../db/schema/index.js';
import { type ChannelRow, ChannelsRepository } from './channels.repository.js';
import { CredentialStore } from '../platforms/credential-store.js';

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
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly channels: ChannelsRepository,
    private readonly audit: AuditRepository,
    private readonly credentialStore: CredentialStore,
  ) {}

  async create(actor: Actor, input: ChannelInput): Promise<ChannelRow> {
    const { credentials, ...rest } = input;
    return this.db.transaction(async (tx) => {
      const row = await this.channels.insert(tx, {
        ...rest,
        handle: rest.handle.replace(/^@/, ''),
        credentials: credentials ? this.credentialStore.seal(credentials) : null,
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
        ...(credentials ? { credentials: this.credentialStore.seal(credentials) } : {}),
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

  /** Credentials set by hand; the credential store encrypts, saves and audits them. */
  setCredentials(
    actor: Actor,
    id: string,
    credentials: Record<string, unknown>,
    platformAccountId?: string,
  ): Promise<ChannelRow> {
    return this.credentialStore.save(actor, id, credentials, platformAccountId);
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
