import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, MinLength } from 'class-validator';
import type { QuoteImportResult } from './quote-import.service.js';

export class QuoteImportDto {
  @ApiProperty({
    description:
      'The CSV text (UTF-8, header row first; the columns GET /api/library/quotes/export.csv writes). ' +
      'See the README, "Quote library", for each column.',
  })
  @IsString()
  @MinLength(1)
  csv!: string;

  @ApiPropertyOptional({
    default: false,
    description: 'Only validate and report what would be created.',
  })
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;
}

export class QuoteImportResultDto implements QuoteImportResult {
  @ApiProperty() dryRun!: boolean;
  @ApiProperty({ description: 'Quotes created (or that would be), all pending vetting.' })
  quotes!: number;
  @ApiProperty({ type: [String], description: 'Urls of sources created.' })
  sourcesCreated!: string[];
  @ApiProperty({ description: 'Rows whose source already existed.' }) sourcesMatched!: number;
  @ApiProperty({ type: [String], description: 'Display names of defectors created.' })
  defectorsCreated!: string[];
  @ApiProperty({ description: 'Rows whose defector already existed.' }) defectorsMatched!: number;
  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: 'Ids of the created quotes (empty on a dry run).',
  })
  quoteIds!: string[];
}
