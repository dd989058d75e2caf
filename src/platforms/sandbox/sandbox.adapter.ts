import { Injectable } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import type {
  CreatedPost,
  CreateOptions,
  PlatformAdapter,
  PublicMetrics,
  RecentPost,
} from '../platform-adapter.js';
import type { PublishTarget } from '../publish-target.js';
import { SandboxFeedRepository } from './sandbox-feed.repository.js';
import { syntheticFollowers, syntheticMetrics } from './synthetic-metrics.js';

/**
 * "Publishes" into the internal preview feed, for demos and training. It behaves like a
 * platform that always answers: the publisher's rules are exercised without any network.
 */
@Injectable()
export class SandboxAdapter implements PlatformAdapter {
  constructor(private readonly feed: SandboxFeedRepository) {}

  async createPost(
    target: PublishTarget,
    text: string,
    { inReplyTo, beforeSend }: CreateOptions = {},
  ): Promise<CreatedPost> {
    await beforeSend?.();
    const externalId = `sbx-${Date.now()}${randomInt(1000, 9999)}`;
    await this.feed.insert({
      channelId: target.channelId,
      externalId,
      text,
      inReplyTo: inReplyTo ?? null,
    });
    return { externalId };
  }

  async deletePost(target: PublishTarget, externalId: string): Promise<void> {
    await this.feed.markDeleted(target.channelId, externalId);
  }

  async recentPosts(target: PublishTarget, since: Date): Promise<RecentPost[]> {
    return (await this.feed.since(target.channelId, since)).map((p) => ({
      externalId: p.externalId,
      text: p.text,
      createdAt: p.createdAt,
    }));
  }

  /** The sandbox stores the text exactly as sent. */
  canonicalText(text: string): string {
    return text;
  }

  /** The sandbox has no audience: its metrics are made up, growing with the post's age. */
  async metrics(_target: PublishTarget, externalIds: readonly string[]): Promise<PublicMetrics[]> {
    const found = await this.feed.byExternalIds(externalIds);
    const now = Date.now();
    return found
      .filter((p) => p.deletedAt === null)
      .map((p) => ({
        externalId: p.externalId,
        ...syntheticMetrics(p.externalId, (now - p.createdAt.getTime()) / 3_600_000),
      }));
  }

  async followers(target: PublishTarget): Promise<number> {
    return syntheticFollowers(target.channelId, new Date().toISOString().slice(0, 10));
  }
}
