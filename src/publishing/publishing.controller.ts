import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles, SignedIn } from '../auth/access.decorators.js';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import { decodeCursor, DEFAULT_PAGE_SIZE, toPage } from '../common/pagination.js';
import { notFound } from '../common/domain-errors.js';
import { UuidParam } from '../common/uuid-param.js';
import { SandboxFeedRepository } from '../platforms/sandbox/sandbox-feed.repository.js';
import { PostSchedulingService } from '../posts/post-scheduling.service.js';
import { PostDto } from '../posts/posts.dto.js';
import { PostsRepository } from '../posts/posts.repository.js';
import {
  RescheduleHeldDto,
  RescheduleHeldResultDto,
  RetractPublishedDto,
  SandboxFeedDto,
  SandboxFeedQuery,
} from './publishing.dto.js';
import { PublishingRepository } from './publishing.repository.js';
import { PublishedPostRetraction } from './retraction.service.js';

@ApiTags('publishing')
@Controller('api')
export class PublishingController {
  constructor(
    private readonly retraction: PublishedPostRetraction,
    private readonly scheduling: PostSchedulingService,
    private readonly posts: PostsRepository,
    private readonly publishing: PublishingRepository,
    private readonly feed: SandboxFeedRepository,
  ) {}

  @Post('posts/:id/retract')
  @Roles('editor')
  @HttpCode(200)
  @ApiOkResponse({
    type: PostDto,
    description: 'Deletes the published post (every segment) from the platform.',
  })
  async retract(
    @CurrentPrincipal() p: Principal,
    @UuidParam() id: string,
    @Body() body: RetractPublishedDto,
  ): Promise<PostDto> {
    return PostDto.from(await this.retraction.retract(p, id, body.reason));
  }

  /** Held posts go back out only when an editor says so, each into a free slot: nothing floods out. */
  @Post('posts/held/reschedule')
  @Roles('editor')
  @HttpCode(200)
  @ApiOkResponse({ type: RescheduleHeldResultDto })
  async rescheduleHeld(
    @CurrentPrincipal() p: Principal,
    @Body() body: RescheduleHeldDto,
  ): Promise<RescheduleHeldResultDto> {
    const held = await this.posts.list({
      status: ['held'],
      campaignId: body.campaignId,
      channelId: body.channelId,
      limit: 500,
    });
    const result: RescheduleHeldResultDto = { rescheduled: [], notRescheduled: [] };
    for (const post of [...held].reverse()) {
      try {
        const after = await this.scheduling.schedule(p, post.id, { nextFreeSlot: true });
        result.rescheduled.push({ postId: post.id, scheduledAt: after.scheduledAt!.toISOString() });
      } catch (error) {
        const detail =
          (error as { getResponse?: () => { detail?: string } }).getResponse?.().detail ??
          (error as Error).message;
        result.notRescheduled.push({ postId: post.id, detail });
      }
    }
    return result;
  }

  @Get('sandbox/feed')
  @SignedIn()
  @ApiOkResponse({
    type: SandboxFeedDto,
    description: 'What sandbox channels published, newest first.',
  })
  async sandboxFeed(@Query() query: SandboxFeedQuery): Promise<SandboxFeedDto> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const cursor = decodeCursor(query.cursor, 'serial');
    const beforeId = cursor ? Number(cursor.id) : undefined;
    const rows = await this.feed.feed({ channelId: query.channelId, beforeId, limit: limit + 1 });
    const page = toPage(rows, limit, (r) => ({ key: 'id', id: String(r.id) }));
    return {
      items: page.items.map((r) => ({
        id: r.id,
        channelId: r.channelId,
        externalId: r.externalId,
        text: r.text,
        inReplyTo: r.inReplyTo,
        createdAt: r.createdAt.toISOString(),
        deleted: r.deletedAt !== null,
      })),
      nextCursor: page.nextCursor,
    };
  }
}
