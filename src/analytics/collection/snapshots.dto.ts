import { ApiProperty } from '@nestjs/swagger';

export class MetricCountsDto {
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Null when the channel’s token cannot read impressions.',
  })
  impressions!: number | null;
  @ApiProperty() likes!: number;
  @ApiProperty() reposts!: number;
  @ApiProperty() replies!: number;
  @ApiProperty() quotes!: number;
  @ApiProperty() bookmarks!: number;
}

export class SegmentSnapshotDto extends MetricCountsDto {
  @ApiProperty({ description: '0-based position in the thread; a single post is 0.' })
  segment!: number;
  @ApiProperty() externalId!: string;
  @ApiProperty({ format: 'date-time' }) takenAt!: string;
}

export const CHECKPOINT_STATES = ['taken', 'due', 'upcoming'] as const;
export type CheckpointState = (typeof CHECKPOINT_STATES)[number];

export class CheckpointSnapshotDto {
  @ApiProperty({ description: 'Hours after publishing.' }) checkpointHours!: number;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty({
    enum: CHECKPOINT_STATES,
    description:
      'taken: read (see takenAt); due: the collector has yet to read it; upcoming: not due yet.',
  })
  state!: CheckpointState;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) takenAt!: string | null;
  @ApiProperty({
    description:
      'Read more than 10 % of the interval (at least 30 min) after it was due, e.g. while collection was down.',
  })
  late!: boolean;
  @ApiProperty({ description: 'Every segment of the thread was read at this checkpoint.' })
  complete!: boolean;
  @ApiProperty({ description: 'Made-up numbers of a sandbox channel, not a real audience.' })
  synthetic!: boolean;
  @ApiProperty({
    type: MetricCountsDto,
    nullable: true,
    description: 'The thread’s sum over its segments; impressions null if any segment lacks them.',
  })
  total!: MetricCountsDto | null;
  @ApiProperty({ type: [SegmentSnapshotDto] }) segments!: SegmentSnapshotDto[];
}

export class PostSnapshotsDto {
  @ApiProperty({ format: 'uuid' }) postId!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) publishedAt!: string | null;
  @ApiProperty({ description: 'Segments the post went out as (1 for a single post).' })
  segmentCount!: number;
  @ApiProperty({ type: [CheckpointSnapshotDto] }) checkpoints!: CheckpointSnapshotDto[];
}
