import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUrl, Matches, MaxLength, MinLength } from 'class-validator';
import { PageQuery } from '../common/pagination.js';
import { UpdateOf } from '../common/validation.js';
import { IsCalendarDate } from '../common/validators.js';
import type { SourceChanges, SourceInput } from './library-inputs.js';
import { type SourceView, sourceView } from './library-views.js';
import { LANGUAGE_TAG } from './search-config.js';
import type { SourceRow } from './sources.repository.js';

const WEB_URL = { protocols: ['http', 'https'], require_protocol: true };
const LANGUAGE_MESSAGE = 'language must be a language tag such as en, ar or pt-BR';

export class CreateSourceDto implements SourceInput {
  @ApiProperty({ example: 'ICSR, King’s College London' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  outlet!: string;

  @ApiProperty({
    example: 'Victims, Perpetrators, Assets: The Narratives of Islamic State Defectors',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  title!: string;

  @ApiProperty({ description: 'Where it was published; unique, and what CSV imports match on.' })
  @IsUrl(WEB_URL)
  @MaxLength(2000)
  url!: string;

  @ApiPropertyOptional({ example: 'Peter R. Neumann', nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  author?: string | null;

  @ApiPropertyOptional({ format: 'date', example: '2015-09-18', nullable: true, type: String })
  @IsOptional()
  @IsCalendarDate('date')
  publishedOn?: string | null;

  @ApiPropertyOptional({ format: 'date-time', nullable: true, type: String })
  @IsOptional()
  @IsCalendarDate('date-time')
  retrievedAt?: string | null;

  @ApiPropertyOptional({ description: 'A copy in a web archive.', nullable: true, type: String })
  @IsOptional()
  @IsUrl(WEB_URL)
  @MaxLength(2000)
  archiveUrl?: string | null;

  @ApiProperty({ example: 'en', description: 'BCP 47 language tag.' })
  @IsString()
  @Matches(LANGUAGE_TAG, { message: LANGUAGE_MESSAGE })
  language!: string;
}

/** Any field of a source may change; a new url must still be unique. */
export class UpdateSourceDto extends UpdateOf(CreateSourceDto) implements SourceChanges {}

export class SourceQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Part of the outlet, title or url.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  text?: string;
}

export class SourceDto implements SourceView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() outlet!: string;
  @ApiProperty() title!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ nullable: true, type: String }) author!: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) publishedOn!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) retrievedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) archiveUrl!: string | null;
  @ApiProperty() language!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static from(row: SourceRow): SourceDto {
    return sourceView(row);
  }
}

export class SourcePageDto {
  @ApiProperty({ type: [SourceDto] }) items!: SourceDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
