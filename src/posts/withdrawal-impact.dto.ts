import { ApiProperty } from '@nestjs/swagger';
import { POST_STATUSES, type PostStatus } from '../db/schema/index.js';
import type { WithdrawalImpact } from './withdrawal-plan.js';

export class WithdrawnCountDto {
  @ApiProperty({ enum: POST_STATUSES, description: 'The status the posts have now.' })
  status!: PostStatus;
  @ApiProperty() count!: number;
}

/** What a retraction or consent withdrawal would do, counted without changing anything. */
export class WithdrawalImpactDto {
  @ApiProperty({ description: 'Quotes that would become unusable for good.' })
  quotes!: number;
  @ApiProperty({
    type: [WithdrawnCountDto],
    description: 'Posts that would be withdrawn, by their status now.',
  })
  withdrawn!: WithdrawnCountDto[];
  @ApiProperty({
    description:
      'Posts that are or may be live and would be listed for deletion from the platform.',
  })
  flaggedForDeletion!: number;

  static from(quotes: number, impact: WithdrawalImpact): WithdrawalImpactDto {
    return {
      quotes,
      withdrawn: POST_STATUSES.flatMap((status) => {
        const count = impact.withdrawn[status];
        return count ? [{ status, count }] : [];
      }),
      flaggedForDeletion: impact.flaggedForDeletion,
    };
  }
}
