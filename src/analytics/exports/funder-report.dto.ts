import { ApiProperty } from '@nestjs/swagger';
import { IsCalendarDate } from '../../common/validators.js';
import { DecisionDto } from '../decisions/decisions.dto.js';
import { ObjectivesOverviewDto } from '../objectives/objectives.dto.js';
import { GroupedReportDto } from '../reports/reports.dto.js';
import type { FunderReport } from './funder-report-model.js';

export class FunderReportQuery {
  @ApiProperty({ format: 'date-time', description: 'Start of the period (publication time).' })
  @IsCalendarDate('date-time')
  from!: string;
  @ApiProperty({ format: 'date-time', description: 'End of the period, exclusive.' })
  @IsCalendarDate('date-time')
  to!: string;
}

export class FunderCampaignDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() goal!: string;
  @ApiProperty() audience!: string;
  @ApiProperty() timezone!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) startsAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) endsAt!: string | null;
}

export class FunderReportDto {
  @ApiProperty({ type: FunderCampaignDto }) campaign!: FunderCampaignDto;
  @ApiProperty({ format: 'date-time' }) from!: string;
  @ApiProperty({ format: 'date-time' }) to!: string;
  @ApiProperty({ format: 'date-time' }) generatedAt!: string;
  @ApiProperty({ description: 'Some figures include synthetic (sandbox) metrics.' })
  synthetic!: boolean;
  @ApiProperty({ type: ObjectivesOverviewDto }) objectives!: ObjectivesOverviewDto;
  @ApiProperty({ type: GroupedReportDto, description: 'Results by narrative (theme).' })
  narratives!: GroupedReportDto;
  @ApiProperty({ type: GroupedReportDto, description: 'Results by language.' })
  languages!: GroupedReportDto;
  @ApiProperty({ type: [DecisionDto] }) decisions!: DecisionDto[];
  @ApiProperty({ type: [String] }) methodNotes!: string[];
  @ApiProperty() privacyStatement!: string;

  static from(r: FunderReport): FunderReportDto {
    const { campaign } = r;
    return {
      ...r,
      campaign: {
        ...campaign,
        startsAt: campaign.startsAt?.toISOString() ?? null,
        endsAt: campaign.endsAt?.toISOString() ?? null,
      },
      from: r.from.toISOString(),
      to: r.to.toISOString(),
      generatedAt: r.generatedAt.toISOString(),
      objectives: ObjectivesOverviewDto.from(r.objectives),
      decisions: r.decisions.map(DecisionDto.from),
    };
  }
}
