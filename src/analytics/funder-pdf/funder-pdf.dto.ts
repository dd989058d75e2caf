import { ApiProperty } from '@nestjs/swagger';
import { IsCalendarDate } from '../../common/validators.js';

/** The period of the funder report, as the report's data endpoint takes it. */
export class FunderPdfQuery {
  @ApiProperty({ format: 'date-time', description: 'Start of the period (publication time).' })
  @IsCalendarDate('date-time')
  from!: string;

  @ApiProperty({ format: 'date-time', description: 'End of the period, exclusive.' })
  @IsCalendarDate('date-time')
  to!: string;
}
