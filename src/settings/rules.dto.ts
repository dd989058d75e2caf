import { ApiProperty } from '@nestjs/swagger';
import { VERIFICATION_ORDER, type RankedVerification } from '../library/usability.js';

/** Rules the web UI shows or applies before asking, read from where the server keeps them. */
export class RulesDto {
  @ApiProperty({
    enum: VERIFICATION_ORDER,
    isArray: true,
    description:
      'Verification levels a campaign may require, weakest first. A quote meets a minimum when its ' +
      'level is the minimum or later in this list; disputed and retracted quotes meet none.',
  })
  verificationOrder!: RankedVerification[];

  @ApiProperty({
    description:
      'A scheduled post this many seconds late is overdue: reported on Today, in metrics and by ' +
      '/health/ready (OVERDUE_ALERT_SECONDS).',
  })
  overdueAlertSeconds!: number;
}
