import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { SignedIn } from '../auth/access.decorators.js';
import { PostSchedulingService } from './post-scheduling.service.js';
import { ChannelSlotsDto, SlotsQuery } from './slots.dto.js';

@ApiTags('posts')
@Controller('api/slots')
export class SlotsController {
  constructor(private readonly scheduling: PostSchedulingService) {}

  @Get()
  @SignedIn()
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
