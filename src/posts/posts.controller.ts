import { Body, Controller, Get, Header, HttpCode, Patch, Post, Put, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Roles, SignedIn } from '../auth/access.decorators.js';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import { pageByCreation, pageByInstant, PageQuery } from '../common/pagination.js';
import { notFound, refused } from '../common/domain-errors.js';
import { UuidParam } from '../common/uuid-param.js';
import { NO_STORE } from '../library/identity-check-redaction.js';
import { CachedRead } from '../read-cache/cached-read.interceptor.js';
import { IdentityClearanceService } from './identity-clearance.service.js';
import { PostDraftingService } from './post-drafting.service.js';
import { availableActions, factsOf } from './post-lifecycle.js';
import { PostReviewService } from './post-review.service.js';
import { PostSchedulingService } from './post-scheduling.service.js';
import {
  CancelPostDto,
  ClearIdentityMatchDto,
  CommentDto,
  CommentViewDto,
  CreatePostDto,
  CreatePostsDto,
  DiffQuery,
  EditPostDto,
  PostDetailDto,
  PostDto,
  FeedbackItemDto,
  CalendarPageDto,
  CalendarPostDto,
  PostListItemDto,
  ReviewEntryDto,
  PostPageDto,
  PostQuery,
  RequestTimingDto,
  ReviewPostDto,
  ReviewStateDto,
  RevisionDiffDto,
  RevisionDto,
  SchedulePostDto,
  SEGMENT_DIFF_MODELS,
  SubmitResultDto,
} from './posts.dto.js';
import { type PostFilter, PostsRepository, type ReviewQueueRow } from './posts.repository.js';
import { diffRevisions } from './revision-diff.js';

const WRITERS = ['author', 'editor'] as const;
const REVIEWERS = ['editor', 'safety_reviewer', 'legal_reviewer'] as const;
const TEAM = ['author', 'editor', 'safety_reviewer', 'legal_reviewer', 'admin'] as const;

/** An optional, nullable date-time field: absent stays undefined, null stays null. */
function toDate(value: string | null | undefined): Date | null | undefined {
  return value === undefined || value === null ? value : new Date(value);
}

@ApiTags('posts')
@Controller('api/posts')
export class PostsController {
  constructor(
    private readonly drafting: PostDraftingService,
    private readonly reviews: PostReviewService,
    private readonly clearances: IdentityClearanceService,
    private readonly scheduling: PostSchedulingService,
    private readonly posts: PostsRepository,
  ) {}

  @Get()
  @CachedRead()
  @SignedIn()
  @ApiOkResponse({ type: PostPageDto })
  async list(@Query() query: PostQuery): Promise<PostPageDto> {
    return pageByCreation(
      query,
      (window) => this.posts.list(filterOf(query, window)),
      PostListItemDto.from,
    );
  }

  @Get('calendar')
  @CachedRead()
  @SignedIn()
  @ApiOkResponse({
    type: CalendarPageDto,
    description:
      'The same posts, order and cursors as GET /api/posts with the same query, with only what a ' +
      'calendar shows of each: a month of a busy campaign is hundreds of posts, refreshed often.',
  })
  async calendar(@Query() query: PostQuery): Promise<CalendarPageDto> {
    return pageByCreation(
      query,
      (window) => this.posts.calendar(filterOf(query, window)),
      CalendarPostDto.from,
    );
  }

  @Get('review-queue')
  @CachedRead()
  @Roles(...REVIEWERS)
  @ApiOkResponse({
    type: PostPageDto,
    description:
      'Posts waiting for a stage the caller can approve, oldest submission first, a page at a time.',
  })
  async reviewQueue(
    @CurrentPrincipal() p: Principal,
    @Query() query: PageQuery,
  ): Promise<PostPageDto> {
    return pageByInstant(
      query,
      (row: ReviewQueueRow) => row.queuedAt,
      (window) => this.reviews.reviewQueue(p, window),
      PostListItemDto.from,
    );
  }

  @Get('feedback')
  @SignedIn()
  @ApiOkResponse({
    type: [FeedbackItemDto],
    description:
      'The caller’s own posts a reviewer sent back or rejected, not revised since, with that review.',
  })
  async feedback(@CurrentPrincipal() p: Principal): Promise<FeedbackItemDto[]> {
    return (await this.reviews.feedbackFor(p)).map(({ post, review }) => ({
      post: PostListItemDto.from(post),
      review: ReviewEntryDto.from(review),
    }));
  }

  // The post page's reads, like the lists, read no clock: each answer is the caller's, the URL's
  // and the database's alone. They carry drafts' text and, for safety reviewers, the kinds of the
  // identifying details found, which stay out of the browser's cache as the quote search's do.
  @Get(':id')
  @CachedRead()
  @Header('Cache-Control', NO_STORE)
  @SignedIn()
  @ApiOkResponse({ type: PostDetailDto })
  async get(@CurrentPrincipal() p: Principal, @UuidParam() id: string): Promise<PostDetailDto> {
    const post = await this.posts.findById(id);
    if (!post) throw notFound('Post', id);
    const revision = (await this.posts.revision(post.id, post.currentRevision))!;
    return {
      ...PostDto.from(post),
      revision: RevisionDto.from(revision),
      review: ReviewStateDto.from(await this.reviews.reviewStateOf(p, post, revision)),
      availableActions: availableActions(
        post.status,
        { kind: 'user', roles: p.roles },
        factsOf(post),
      ),
    };
  }

  @Get(':id/revisions')
  @CachedRead()
  @Header('Cache-Control', NO_STORE)
  @SignedIn()
  @ApiOkResponse({ type: [RevisionDto] })
  async revisions(@UuidParam() id: string): Promise<RevisionDto[]> {
    return (await this.posts.revisions(id)).map(RevisionDto.from);
  }

  @Get(':id/diff')
  @CachedRead()
  @Header('Cache-Control', NO_STORE)
  @SignedIn()
  @ApiExtraModels(...SEGMENT_DIFF_MODELS)
  @ApiOkResponse({
    type: RevisionDiffDto,
    description: 'Per segment: added, removed, changed (with word changes) or unchanged.',
  })
  async diff(@UuidParam() id: string, @Query() query: DiffQuery): Promise<RevisionDiffDto> {
    const [a, b] = await Promise.all([
      this.posts.revision(id, query.from),
      this.posts.revision(id, query.to),
    ]);
    if (!a || !b)
      throw refused('not_found', `Post ${id} has no revision ${!a ? query.from : query.to}.`);
    return { from: query.from, to: query.to, segments: diffRevisions(a, b) };
  }

  @Post()
  @Roles(...WRITERS)
  @ApiCreatedResponse({ type: PostDto })
  async create(@CurrentPrincipal() p: Principal, @Body() body: CreatePostDto): Promise<PostDto> {
    return PostDto.from(
      await this.drafting.createDraft(p, {
        ...body,
        quoteIds: body.quoteIds ?? [],
        requestedAt: toDate(body.requestedAt),
      }),
    );
  }

  @Post('batch')
  @Roles(...WRITERS)
  @ApiCreatedResponse({
    type: [PostDto],
    description: 'One draft per channel, in the order given, created together or not at all.',
  })
  async createMany(
    @CurrentPrincipal() p: Principal,
    @Body() body: CreatePostsDto,
  ): Promise<PostDto[]> {
    const created = await this.drafting.createDrafts(p, {
      ...body,
      quoteIds: body.quoteIds ?? [],
      requestedAt: toDate(body.requestedAt),
    });
    return created.map(PostDto.from);
  }

  @Put(':id')
  @Roles(...WRITERS)
  @ApiOkResponse({
    type: PostDto,
    description: 'A new revision; approvals are void and the post returns to draft.',
  })
  async edit(
    @CurrentPrincipal() p: Principal,
    @UuidParam() id: string,
    @Body() body: EditPostDto,
  ): Promise<PostDto> {
    return PostDto.from(
      await this.drafting.edit(p, id, {
        ...body,
        quoteIds: body.quoteIds ?? [],
        requestedAt: toDate(body.requestedAt),
      }),
    );
  }

  @Patch(':id')
  @Roles(...WRITERS)
  @ApiOkResponse({
    type: PostDto,
    description:
      'Changes the requested time only: no new revision, approvals stand. Until an editor schedules the post.',
  })
  async requestTiming(
    @CurrentPrincipal() p: Principal,
    @UuidParam() id: string,
    @Body() body: RequestTimingDto,
  ): Promise<PostDto> {
    return PostDto.from(await this.drafting.requestTiming(p, id, toDate(body.requestedAt) ?? null));
  }

  @Post(':id/submit')
  @Roles(...WRITERS)
  @HttpCode(200)
  @ApiOkResponse({ type: SubmitResultDto })
  async submit(
    @CurrentPrincipal() p: Principal,
    @UuidParam() id: string,
  ): Promise<SubmitResultDto> {
    const result = await this.reviews.submit(p, id);
    return {
      post: PostDto.from(result.post),
      review: ReviewStateDto.from(result.review),
      duplicates: result.duplicates.map(({ postId, channelId, status, sameChannel }) => ({
        postId,
        channelId,
        status,
        sameChannel,
      })),
    };
  }

  @Post(':id/reviews')
  @Roles(...REVIEWERS)
  @HttpCode(200)
  @ApiOkResponse({ type: PostDto })
  async review(
    @CurrentPrincipal() p: Principal,
    @UuidParam() id: string,
    @Body() body: ReviewPostDto,
  ): Promise<PostDto> {
    return PostDto.from(await this.reviews.review(p, id, body));
  }

  @Post(':id/identity-clearances')
  @Roles('safety_reviewer')
  @HttpCode(204)
  @ApiNoContentResponse()
  async clear(
    @CurrentPrincipal() p: Principal,
    @UuidParam() id: string,
    @Body() body: ClearIdentityMatchDto,
  ): Promise<void> {
    await this.clearances.clear(p, id, body);
  }

  @Post(':id/schedule')
  @Roles('editor')
  @HttpCode(200)
  @ApiOkResponse({
    type: PostDto,
    description: 'Schedules an approved post, or reschedules a held or scheduled one.',
  })
  async schedule(
    @CurrentPrincipal() p: Principal,
    @UuidParam() id: string,
    @Body() body: SchedulePostDto,
  ): Promise<PostDto> {
    return PostDto.from(
      await this.scheduling.schedule(p, id, {
        at: body.at ? new Date(body.at) : undefined,
        nextFreeSlot: body.nextFreeSlot,
      }),
    );
  }

  @Post(':id/cancel')
  @Roles(...WRITERS)
  @HttpCode(200)
  @ApiOkResponse({ type: PostDto })
  async cancel(
    @CurrentPrincipal() p: Principal,
    @UuidParam() id: string,
    @Body() body: CancelPostDto,
  ): Promise<PostDto> {
    return PostDto.from(await this.drafting.cancel(p, id, body.reason));
  }

  @Get(':id/reviews')
  @CachedRead()
  @Header('Cache-Control', NO_STORE)
  @SignedIn()
  @ApiOkResponse({
    type: [ReviewEntryDto],
    description: 'Every review decision on the post, oldest first, each with its revision.',
  })
  async reviewEntries(@UuidParam() id: string): Promise<ReviewEntryDto[]> {
    if (!(await this.posts.findById(id))) throw notFound('Post', id);
    return (await this.posts.reviewEntries([id])).map(ReviewEntryDto.from);
  }

  @Get(':id/comments')
  @CachedRead()
  @Header('Cache-Control', NO_STORE)
  @SignedIn()
  @ApiOkResponse({ type: [CommentViewDto] })
  async comments(@UuidParam() id: string): Promise<CommentViewDto[]> {
    return (await this.posts.comments(id)).map(CommentViewDto.from);
  }

  @Post(':id/comments')
  @Roles(...TEAM)
  @ApiCreatedResponse({ type: CommentViewDto })
  async addComment(
    @CurrentPrincipal() p: Principal,
    @UuidParam() id: string,
    @Body() body: CommentDto,
  ): Promise<CommentViewDto> {
    const c = await this.reviews.comment(p, id, body.body);
    return CommentViewDto.from({ ...c, authorName: p.displayName });
  }
}

/** The repository's filter for a list query and a page window. */
function filterOf(query: PostQuery, window: Pick<PostFilter, 'before' | 'limit'>): PostFilter {
  return {
    status: query.status,
    campaignId: query.campaignId,
    channelId: query.channelId,
    needsRetraction: query.needsRetraction,
    from: query.from ? new Date(query.from) : undefined,
    to: query.to ? new Date(query.to) : undefined,
    ...window,
  };
}
