import { ApiProperty, ApiPropertyOptional, getSchemaPath, PickType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { PageQuery } from '../common/pagination.js';
import { IsCalendarDate, IsInteger } from '../common/validators.js';
import {
  FAILURE_CAUSES,
  type FailureCause,
  POST_STATUSES,
  REVIEW_DECISIONS,
  REVIEW_STAGES,
  type PostStatus,
  type ReviewDecision,
  type ReviewStage,
} from '../db/schema/workflow.js';
import { weightedLength } from './weighted-length.js';
import { excerpt } from './excerpt.js';
import type {
  CalendarRow,
  CommentView,
  PostListRow,
  ReviewEntry,
  RevisionRow,
} from './posts.repository.js';
import type { ReviewView } from './post-review.service.js';

class PostContentDto {
  @ApiProperty({
    type: [String],
    description: 'One entry per post of the thread; each at most 280 weighted characters on X.',
  })
  @IsArray()
  @ArrayMaxSize(25)
  @IsString({ each: true })
  @MaxLength(4000, { each: true })
  segments!: string[];

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: 'Usable quotes the post is built on.',
  })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  quoteIds?: string[];

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    nullable: true,
    description:
      'The time the author asks for (in the future); null = the channel’s next free slot. Omitted on an edit: unchanged.',
  })
  @IsOptional()
  @IsCalendarDate('date-time')
  requestedAt?: string | null;
}

export class RequestTimingDto {
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'The time the author asks for (in the future); null = the next free slot.',
  })
  @ValidateIf((_, value) => value !== null)
  @IsCalendarDate('date-time')
  requestedAt!: string | null;
}

export class CreatePostDto extends PostContentDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() campaignId!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() channelId!: string;
}

export class CreatePostsDto extends PostContentDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() campaignId!: string;
  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: 'One draft per channel, each reviewed and approved on its own.',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  channelIds!: string[];
}

export class EditPostDto extends PostContentDto {
  @ApiProperty({
    description: 'The revision this edit is based on; a stale one is refused with 409.',
  })
  @IsInteger({ min: 1 })
  baseRevision!: number;
}

export class ReviewPostDto {
  @ApiProperty({ description: 'The revision reviewed; it must be current.' })
  @IsInteger({ min: 1 })
  revision!: number;
  @ApiProperty({ enum: REVIEW_STAGES }) @IsIn(REVIEW_STAGES) stage!: ReviewStage;
  @ApiProperty({ enum: REVIEW_DECISIONS }) @IsIn(REVIEW_DECISIONS) decision!: ReviewDecision;
  @ApiPropertyOptional({ description: 'Required to request changes or reject.' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  comment?: string;
}

export class ClearIdentityMatchDto {
  @ApiProperty() @IsInteger({ min: 1 }) revision!: number;
  @ApiProperty({ format: 'uuid' }) @IsUUID() detailId!: string;
  @ApiProperty({ description: 'Why this detail may be published (recorded).' })
  @IsString()
  @MinLength(3)
  @MaxLength(1000)
  note!: string;
}

export class SchedulePostDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'Any timezone offset; stored in UTC.' })
  @IsOptional()
  @IsCalendarDate('date-time')
  at?: string;
  @ApiPropertyOptional({
    description: 'Take the channel’s next free posting slot instead of a time.',
  })
  @IsOptional()
  @IsBoolean()
  nextFreeSlot?: boolean;
}

export class CancelPostDto {
  @ApiProperty() @IsString() @MinLength(3) @MaxLength(1000) reason!: string;
}

export class CommentDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(4000) body!: string;
}

export class PostQuery extends PageQuery {
  @ApiPropertyOptional({ enum: POST_STATUSES, isArray: true })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',') : value))
  @IsArray()
  @IsIn(POST_STATUSES, { each: true })
  status?: PostStatus[];
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() campaignId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() channelId?: string;
  @ApiPropertyOptional({
    description: 'Published or scheduled posts flagged because a quote was retracted.',
  })
  @IsOptional()
  @Transform(({ value }) => value === 'true' || value === true)
  @IsBoolean()
  needsRetraction?: boolean;
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Only posts scheduled at or after this instant (e.g. a calendar’s first day).',
  })
  @IsOptional()
  @IsCalendarDate('date-time')
  from?: string;
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Only posts scheduled before this instant.',
  })
  @IsOptional()
  @IsCalendarDate('date-time')
  to?: string;
}

export class DiffQuery {
  @ApiProperty() @Type(() => Number) @IsInteger({ min: 1 }) from!: number;
  @ApiProperty() @Type(() => Number) @IsInteger({ min: 1 }) to!: number;
}

export class WordChangeDto {
  @ApiProperty({ enum: ['equal', 'insert', 'delete'] }) op!: 'equal' | 'insert' | 'delete';
  @ApiProperty({ description: 'The words, with the whitespace between them.' }) text!: string;
}

export class UnchangedSegmentDto {
  @ApiProperty({ enum: ['unchanged'] }) kind!: 'unchanged';
  @ApiProperty({ description: '0-based index in the from revision.' }) before!: number;
  @ApiProperty({ description: '0-based index in the to revision.' }) after!: number;
  @ApiProperty() text!: string;
}

export class ChangedSegmentDto {
  @ApiProperty({ enum: ['changed'] }) kind!: 'changed';
  @ApiProperty({ description: '0-based index in the from revision.' }) before!: number;
  @ApiProperty({ description: '0-based index in the to revision.' }) after!: number;
  @ApiProperty({
    type: [WordChangeDto],
    description: 'equal and delete runs rebuild the old text; equal and insert runs the new one.',
  })
  words!: WordChangeDto[];
}

export class AddedSegmentDto {
  @ApiProperty({ enum: ['added'] }) kind!: 'added';
  @ApiProperty({ description: '0-based index in the to revision.' }) after!: number;
  @ApiProperty() text!: string;
}

export class RemovedSegmentDto {
  @ApiProperty({ enum: ['removed'] }) kind!: 'removed';
  @ApiProperty({ description: '0-based index in the from revision.' }) before!: number;
  @ApiProperty() text!: string;
}

/** The segment kinds of a diff, for `@ApiExtraModels` where the diff is answered. */
export const SEGMENT_DIFF_MODELS = [
  UnchangedSegmentDto,
  ChangedSegmentDto,
  AddedSegmentDto,
  RemovedSegmentDto,
] as const;

export class RevisionDiffDto {
  @ApiProperty() from!: number;
  @ApiProperty() to!: number;
  @ApiProperty({
    type: 'array',
    items: {
      oneOf: SEGMENT_DIFF_MODELS.map((model) => ({ $ref: getSchemaPath(model) })),
      discriminator: {
        propertyName: 'kind',
        mapping: {
          unchanged: getSchemaPath(UnchangedSegmentDto),
          changed: getSchemaPath(ChangedSegmentDto),
          added: getSchemaPath(AddedSegmentDto),
          removed: getSchemaPath(RemovedSegmentDto),
        },
      },
    },
    description: 'Per segment: added, removed, changed (with word changes) or unchanged.',
  })
  segments!: (UnchangedSegmentDto | ChangedSegmentDto | AddedSegmentDto | RemovedSegmentDto)[];
}

export class SegmentDto {
  @ApiProperty() text!: string;
  @ApiProperty() weightedLength!: number;
}

/** The columns PostDto shows: exactly what lists read (listColumns in posts.repository.ts). */
export type PostDtoSource = Omit<PostListRow, 'firstSegment' | 'segmentCount'>;

export class PostDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @ApiProperty({ format: 'uuid' }) channelId!: string;
  @ApiProperty({ enum: POST_STATUSES }) status!: PostStatus;
  @ApiProperty() currentRevision!: number;
  @ApiProperty({ nullable: true, type: Number }) approvedRevision!: number | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) scheduledAt!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date-time',
    description: 'The time the author asked for; null = the channel’s next free slot.',
  })
  requestedAt!: string | null;
  @ApiProperty({ format: 'uuid' }) authorId!: string;
  @ApiProperty({ format: 'uuid' }) lastRevisedBy!: string;
  @ApiProperty({ nullable: true, type: String }) statusReason!: string | null;
  @ApiProperty({
    enum: FAILURE_CAUSES,
    nullable: true,
    description: 'Why publishing left the post unpublished (README, Publishing); null otherwise.',
  })
  failureCause!: FailureCause | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The platform’s own message for failureCause, when it gave one.',
  })
  platformMessage!: string | null;
  @ApiProperty() needsRetraction!: boolean;
  @ApiProperty({ type: [String] }) externalIds!: string[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;

  static from(row: PostDtoSource): PostDto {
    return {
      id: row.id,
      campaignId: row.campaignId,
      channelId: row.channelId,
      status: row.status,
      currentRevision: row.currentRevision,
      approvedRevision: row.approvedRevision,
      scheduledAt: row.scheduledAt?.toISOString() ?? null,
      requestedAt: row.requestedAt?.toISOString() ?? null,
      authorId: row.authorId,
      lastRevisedBy: row.lastRevisedBy,
      statusReason: row.statusReason,
      failureCause: row.failureCause,
      platformMessage: row.lastError,
      needsRetraction: row.needsRetraction,
      externalIds: row.externalIds,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  }
}

export class RevisionDto {
  @ApiProperty() revision!: number;
  @ApiProperty({ type: [SegmentDto] }) segments!: SegmentDto[];
  @ApiProperty({ type: [String] }) quoteIds!: string[];
  @ApiProperty() hash!: string;
  @ApiProperty({ format: 'uuid' }) authorId!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static from(row: RevisionRow): RevisionDto {
    return {
      revision: row.revision,
      segments: row.segments.map((text) => ({
        text,
        weightedLength: weightedLength(text).weightedLength,
      })),
      quoteIds: row.quoteIds,
      hash: row.hash,
      authorId: row.authorId,
      createdAt: row.createdAt.toISOString(),
    };
  }
}

/** Which detail matched is for safety reviewers and admins only (src/posts/identity-findings.ts). */
export class IdentityFindingDto {
  @ApiProperty() segment!: number;
  @ApiProperty() start!: number;
  @ApiProperty() end!: number;
  @ApiProperty() cleared!: boolean;
  @ApiPropertyOptional({ format: 'uuid', description: 'Safety reviewers and admins only.' })
  detailId?: string;
  @ApiPropertyOptional({ description: 'Safety reviewers and admins only.' }) kind?: string;
  @ApiPropertyOptional({ description: 'Safety reviewers and admins only.' })
  matchedText?: string;
}

export class ReviewStateDto {
  @ApiProperty({ enum: REVIEW_STAGES, isArray: true }) requiredStages!: ReviewStage[];
  @ApiProperty({ enum: REVIEW_STAGES, isArray: true }) approvedStages!: ReviewStage[];
  @ApiProperty({ enum: REVIEW_STAGES, isArray: true }) pendingStages!: ReviewStage[];
  @ApiProperty({ type: [IdentityFindingDto] }) identityFindings!: IdentityFindingDto[];

  static from(state: ReviewView): ReviewStateDto {
    return {
      requiredStages: state.requiredStages,
      approvedStages: state.approvedStages,
      pendingStages: state.pendingStages,
      identityFindings: state.identityFindings.map((f) => ({ ...f })),
    };
  }
}

export class PostDetailDto extends PostDto {
  @ApiProperty({ type: RevisionDto }) revision!: RevisionDto;
  @ApiProperty({ type: ReviewStateDto }) review!: ReviewStateDto;
  @ApiProperty({ type: [String], description: 'What the caller may do now.' })
  availableActions!: string[];
}

export class DuplicateWarningDto {
  @ApiProperty({ format: 'uuid' }) postId!: string;
  @ApiProperty({ format: 'uuid' }) channelId!: string;
  @ApiProperty() status!: string;
  @ApiProperty() sameChannel!: boolean;
}

export class SubmitResultDto {
  @ApiProperty({ type: PostDto }) post!: PostDto;
  @ApiProperty({ type: ReviewStateDto }) review!: ReviewStateDto;
  @ApiProperty({
    type: [DuplicateWarningDto],
    description: 'Scheduled or published posts with the same text.',
  })
  duplicates!: DuplicateWarningDto[];
}

/** A post in a list: the post and the opening words of its current revision. */
export class PostListItemDto extends PostDto {
  @ApiProperty({
    description:
      'The current revision’s first segment, cut at about 120 characters on a word boundary (with …).',
  })
  excerpt!: string;
  @ApiProperty({ description: 'How many segments (posts of the thread) the current revision has.' })
  segmentCount!: number;

  static override from(row: PostListRow): PostListItemDto {
    // Extended in place rather than spread into a new object: lists build hundreds per request.
    const item = PostDto.from(row) as PostListItemDto;
    item.excerpt = excerpt(row.firstSegment);
    item.segmentCount = row.segmentCount;
    return item;
  }
}

/** A post as the calendar shows it: where, when, in what state, and its opening. */
export class CalendarPostDto extends PickType(PostListItemDto, [
  'id',
  'campaignId',
  'channelId',
  'status',
  'scheduledAt',
  'excerpt',
  'segmentCount',
] as const) {
  static from(row: CalendarRow): CalendarPostDto {
    return {
      id: row.id,
      campaignId: row.campaignId,
      channelId: row.channelId,
      status: row.status,
      scheduledAt: row.scheduledAt?.toISOString() ?? null,
      excerpt: excerpt(row.firstSegment),
      segmentCount: row.segmentCount,
    };
  }
}

export class CalendarPageDto {
  @ApiProperty({ type: [CalendarPostDto] }) items!: CalendarPostDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class PostPageDto {
  @ApiProperty({ type: [PostListItemDto] }) items!: PostListItemDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class ReviewEntryDto {
  @ApiProperty() id!: number;
  @ApiProperty({ enum: REVIEW_STAGES }) stage!: ReviewStage;
  @ApiProperty({ enum: REVIEW_DECISIONS }) decision!: ReviewDecision;
  @ApiProperty({ type: String, nullable: true }) comment!: string | null;
  @ApiProperty({ description: 'The revision the decision was made on.' }) revision!: number;
  @ApiProperty({ format: 'uuid' }) reviewerId!: string;
  @ApiProperty({ description: 'The reviewer’s display name.' }) reviewerName!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static from(row: ReviewEntry): ReviewEntryDto {
    return {
      id: row.id,
      stage: row.stage,
      decision: row.decision,
      comment: row.comment,
      revision: row.revision,
      reviewerId: row.reviewerId,
      reviewerName: row.reviewerName,
      createdAt: row.createdAt.toISOString(),
    };
  }
}

export class FeedbackItemDto {
  @ApiProperty({ type: PostListItemDto }) post!: PostListItemDto;
  @ApiProperty({
    type: ReviewEntryDto,
    description: 'The request for changes or rejection the current revision received.',
  })
  review!: ReviewEntryDto;
}

export class CommentViewDto {
  @ApiProperty() id!: number;
  @ApiProperty({ format: 'uuid' }) authorId!: string;
  @ApiProperty({ description: 'The author’s display name.' }) authorName!: string;
  @ApiProperty() body!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static from(row: CommentView): CommentViewDto {
    return {
      id: row.id,
      authorId: row.authorId,
      authorName: row.authorName,
      body: row.body,
      createdAt: row.createdAt.toISOString(),
    };
  }
}
