import { Inject, Injectable } from '@nestjs/common';
import { eq } from 'drizzle-orm';
import { DATABASE, type Database, type Executor } from '../db/database.js';
import { type ChannelStatus, channels } from '../db/schema/index.js';

/** A channel row as the database holds it (the channels feature reads it as its ChannelRow). */
export type StoredChannel = typeof channels.$inferSelect;

/** What connecting or refreshing changes on a channel row. */
export interface CredentialChanges {
  credentials?: string;
  status?: ChannelStatus;
  platformAccountId?: string;
}

/**
 * The credential columns of `channels`, for the credential store. The platform seam sits below
 * the channels feature (which seals credentials through it), so it keeps its own SQL on the
 * table instead of calling the channels repository.
 */
@Injectable()
export class StoredCredentialsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** The sealed credentials, null when none are stored; undefined when there is no such channel. */
  async find(channelId: string, tx: Executor = this.db): Promise<string | null | undefined> {
    const [row] = await tx
      .select({ credentials: channels.credentials })
      .from(channels)
      .where(eq(channels.id, channelId));
    return row?.credentials;
  }

  /** Locks the channel row (the lock channel changes take too); false when there is none. */
  async lock(tx: Executor, channelId: string): Promise<boolean> {
    const [row] = await tx
      .select({ id: channels.id })
      .from(channels)
      .where(eq(channels.id, channelId))
      .for('update');
    return row !== undefined;
  }

  async update(
    tx: Executor,
    channelId: string,
    changes: CredentialChanges,
  ): Promise<StoredChannel> {
    const [row] = await tx
      .update(channels)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(channels.id, channelId))
      .returning();
    return row!;
  }
}
