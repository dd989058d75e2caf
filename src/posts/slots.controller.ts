import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { SignedIn } from '../auth/access.decorators.js';
import { CachedRead, type ValidUntil } from '../read-cache/cached-read.interceptor.js';
import { PostSchedulingService } from './post-scheduling.service.js';
import { ChannelSlotsDto, SlotsQuery } from './slots.dto.js';

/**
 * At one database state the clock changes the open slots only as the first listed slot passes:
 * it moves nothing but the period's start (whether a slot is free does not depend on where the
 * search starts), and a pause that ends meanwhile covered only slots that have passed.
 */
const untilFirstSlotPasses: ValidUntil<ChannelSlotsDto[]> = (answer) => {
  let first = Infinity;
  for (const { slots } of answer) if (slots[0]) first = Math.min(first, Date.parse(slots[0]));
  // A slot at the very instant the search starts still qualifies.
  return Number.isFinite(first) ? new Date(first + 1) : undefined;
};

@ApiTags('posts')
@Controller('api/slots')
export class SlotsController {
  constructor(private readonly scheduling: PostSchedulingService) {}

  @Get()
  @SignedIn()
  @CachedRead({ validUntil: untilFirstSlotPasses })
  @ApiOkResponse({
    type: [ChannelSlotsDto],
    description:
      'Each channel’s open posting slots in the period, as the next-free-slot search sees them.',
  })
  async list(@Query() query: SlotsQuery): Promise<ChannelSlotsDto[]> {
    const found = await this.scheduling.openSlots(query, new Date(query.from), new Date(query.to));
    return found.map(({ channelId, slots }) => ({
      channelId,
      slots: slots.map((slot) => slot.toISOString()),
    }));
  }
}
