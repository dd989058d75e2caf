import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { SignedIn } from '../../auth/access.decorators.js';
import { CampaignsRepository } from '../../campaigns/campaigns.repository.js';
import { notFound } from '../../common/domain-errors.js';
import { UuidParam } from '../../common/uuid-param.js';
import { PostsRepository } from '../../posts/posts.repository.js';
import { CollectionRepository } from './collection.repository.js';
import { snapshotCurve } from './post-snapshots.js';
import { PostSnapshotsDto } from './snapshots.dto.js';

@ApiTags('analytics')
@Controller('api/analytics')
export class SnapshotsController {
  constructor(
    private readonly posts: PostsRepository,
    private readonly campaigns: CampaignsRepository,
    private readonly collection: CollectionRepository,
  ) {}

  /** Whoever may read the post may read its metrics: they carry nothing identifying. */
  @Get('posts/:id/snapshots')
  @SignedIn()
  @ApiOkResponse({
    type: PostSnapshotsDto,
    description:
      'The post’s metrics at each checkpoint (hours after publishing): per segment and summed over the thread.',
  })
  async snapshots(@UuidParam() id: string): Promise<PostSnapshotsDto> {
    const post = await this.posts.findById(id);
    if (!post) throw notFound('Post', id);
    const campaign = await this.campaigns.findById(post.campaignId);
    const rows = await this.collection.snapshotsOf(id);
    const curve = snapshotCurve(post, campaign?.metricCheckpoints ?? null, rows, new Date());
    return {
      postId: post.id,
      publishedAt: post.publishedAt?.toISOString() ?? null,
      segmentCount: Math.max(1, post.externalIds.length),
      checkpoints: curve.map((c) => ({
        ...c,
        dueAt: c.dueAt.toISOString(),
        takenAt: c.takenAt?.toISOString() ?? null,
        segments: c.segments.map((s) => ({
          segment: s.segment,
          externalId: s.externalId,
          takenAt: s.takenAt.toISOString(),
          impressions: s.impressions,
          likes: s.likes,
          reposts: s.reposts,
          replies: s.replies,
          quotes: s.quotes,
          bookmarks: s.bookmarks,
        })),
      })),
    };
  }
}
