import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsCalendarDate } from '../../common/validators.js';

/** The period of the funder report; without it, the campaign's own start and end. */
export class FunderPdfQuery {
  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsCalendarDate('date-time')
  from?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsCalendarDate('date-time')
  to?: string;
}
