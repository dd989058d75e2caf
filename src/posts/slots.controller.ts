import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { SignedIn } from '../auth/access.decorators.js';
import { CachedRead, type ValidUntil } from '../read-cache/cached-read.interceptor.js';
import { PostSchedulingService } from './post-scheduling.service.js';
import { ChannelSlotsDto, OpenDaysDto, OpenDaysQuery, SlotsQuery } from './slots.dto.js';

/**
 * At one database state the clock changes the open slots only as the first open slot passes: it
 * moves nothing but the period's start (whether a slot is free does not depend on where the
 * search starts), and a pause that ends meanwhile covered only slots that have passed. A slot at
 * the very instant the search starts still qualifies.
 */
const untilPassed = (first: string | null | undefined) =>
  first ? new Date(Date.parse(first) + 1) : undefined;

/** Each channel's slots are ascending, and ISO instants in UTC sort as text. */
const untilFirstSlotPasses: ValidUntil<ChannelSlotsDto[]> = (answer) =>
  untilPassed(
    answer
      .flatMap(({ slots }) => slots.slice(0, 1))
      .sort()
      .at(0),
  );

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

  @Get('days')
  @SignedIn()
  @CachedRead<OpenDaysDto>({ validUntil: (answer) => untilPassed(answer.nextOpenAt) })
  @ApiOkResponse({
    type: OpenDaysDto,
    description:
      'How many open slots (as GET /api/slots lists them) fall on each date of the given time zone.',
  })
  async days(@Query() query: OpenDaysQuery): Promise<OpenDaysDto> {
    const { days, nextOpenAt } = await this.scheduling.openDays(
      query,
      new Date(query.from),
      new Date(query.to),
      query.timezone,
    );
    return { days, nextOpenAt: nextOpenAt?.toISOString() ?? null };
  }
}
