import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { PageQuery } from '../common/pagination.js';
import { UpdateOf } from '../common/validation.js';
import { IsInteger } from '../common/validators.js';
import {
  CONSENT_STATUSES,
  type ConsentStatus,
  IDENTIFYING_DETAIL_KINDS,
  type IdentifyingDetailKind,
} from '../db/schema/index.js';
import type {
  ConsentChangeRow,
  DefectorRow,
  IdentifyingDetailRow,
} from './defectors.repository.js';
import { type DefectorChanges, type DefectorInput, INITIAL_CONSENT } from './library-inputs.js';
import { type DefectorView, defectorView } from './library-views.js';

export class CreateDefectorDto implements DefectorInput {
  @ApiProperty({ example: 'Hamza', description: 'The name as published, often a pseudonym.' })
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  displayName!: string;

  @ApiPropertyOptional({ example: 'Iraqi', nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  nationality?: string | null;

  @ApiPropertyOptional({
    example: 33,
    description: 'Age as the source reported it.',
    nullable: true,
    type: Number,
  })
  @IsOptional()
  @IsInteger({ min: 10, max: 110 })
  ageAsReported?: number | null;

  @ApiPropertyOptional({ example: 'male', nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  gender?: string | null;

  @ApiPropertyOptional({
    description: 'Never published; only safety reviewers and admins may set or read it.',
    nullable: true,
    type: String,
  })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  internalNotes?: string | null;

  @ApiProperty({ enum: INITIAL_CONSENT })
  @IsIn(INITIAL_CONSENT)
  consentStatus!: (typeof INITIAL_CONSENT)[number];

  @ApiPropertyOptional({ description: 'Why this consent status (kept in the consent history).' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  consentReason?: string;
}

/** Consent changes only through its own endpoint, which records the reason. */
export class UpdateDefectorDto
  extends UpdateOf(OmitType(CreateDefectorDto, ['consentStatus', 'consentReason'] as const))
  implements DefectorChanges {}

export class ConsentChangeDto {
  @ApiProperty({
    enum: CONSENT_STATUSES,
    description:
      'withdrawn (safety reviewers, admins) makes every quote of the defector unusable and raises ' +
      'quote.retracted; leaving withdrawn needs a safety reviewer or admin too and does not bring ' +
      'back posts withdrawn meanwhile.',
  })
  @IsIn(CONSENT_STATUSES)
  status!: ConsentStatus;

  @ApiProperty({ example: 'Asked us by email on 2024-05-02 to stop using his words.' })
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  reason!: string;
}

/** Something other than whitespace: a blank spelling would match nothing and hide a mistake. */
const NOT_BLANK = /\S/;
const MAX_ALIASES = 20;

const DetailValue = () =>
  applyDecorators(
    IsString(),
    MinLength(1),
    MaxLength(300),
    Matches(NOT_BLANK, { message: 'value must not be blank' }),
  );

const Aliases = () =>
  applyDecorators(
    IsArray(),
    ArrayMaxSize(MAX_ALIASES),
    ArrayUnique(),
    IsString({ each: true }),
    MinLength(1, { each: true }),
    MaxLength(300, { each: true }),
    Matches(NOT_BLANK, { each: true, message: 'each alias must not be blank' }),
  );

export class CreateIdentifyingDetailDto {
  @ApiProperty({ enum: IDENTIFYING_DETAIL_KINDS })
  @IsIn(IDENTIFYING_DETAIL_KINDS)
  kind!: IdentifyingDetailKind;

  @ApiProperty({ example: 'Tal Afar' })
  @DetailValue()
  value!: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['تلعفر', 'Tall Afar'],
    description:
      'Other spellings of the detail (other scripts, transliterations, nicknames), checked like ' +
      'the value. Usual Latin transliterations of Arabic are generated and need not be listed.',
  })
  @IsOptional()
  @Aliases()
  aliases?: string[];
}

/** Any of a detail's fields; `aliases` replaces the list of other spellings. */
export class UpdateIdentifyingDetailDto extends UpdateOf(CreateIdentifyingDetailDto) {}

export class DefectorQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Part of the display name.' })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  displayName?: string;

  @ApiPropertyOptional({ enum: CONSENT_STATUSES })
  @IsOptional()
  @IsIn(CONSENT_STATUSES)
  consentStatus?: ConsentStatus;
}

export class ConsentChangeViewDto {
  @ApiProperty({ enum: CONSENT_STATUSES, nullable: true }) from!: ConsentStatus | null;
  @ApiProperty({ enum: CONSENT_STATUSES }) to!: ConsentStatus;
  @ApiProperty() reason!: string;
  @ApiProperty({ description: 'Who made the change.' }) by!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;

  static from(row: ConsentChangeRow): ConsentChangeViewDto {
    return {
      from: row.fromStatus,
      to: row.toStatus,
      reason: row.reason,
      by: row.actorLabel,
      at: row.at.toISOString(),
    };
  }
}

export class IdentifyingDetailDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: IDENTIFYING_DETAIL_KINDS }) kind!: IdentifyingDetailKind;
  @ApiProperty() value!: string;
  @ApiProperty({ type: [String], description: 'Other spellings, checked like the value.' })
  aliases!: string[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static from(row: IdentifyingDetailRow): IdentifyingDetailDto {
    return {
      id: row.id,
      kind: row.kind,
      value: row.value,
      aliases: row.aliases,
      createdAt: row.createdAt.toISOString(),
    };
  }
}

export class DefectorDto implements DefectorView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ nullable: true, type: String }) nationality!: string | null;
  @ApiProperty({ nullable: true, type: Number }) ageAsReported!: number | null;
  @ApiProperty({ nullable: true, type: String }) gender!: string | null;
  @ApiProperty({ enum: CONSENT_STATUSES }) consentStatus!: ConsentStatus;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;

  @ApiPropertyOptional({
    description: 'Present only for safety reviewers and admins.',
    nullable: true,
    type: String,
  })
  internalNotes?: string | null;

  /** The fields every reader may see; private ones are added only by `withPrivate`. */
  static from(row: DefectorRow): DefectorDto {
    return defectorView(row);
  }

  static withPrivate(row: DefectorRow, showPrivate: boolean): DefectorDto {
    const dto = DefectorDto.from(row);
    return showPrivate ? { ...dto, internalNotes: row.internalNotes } : dto;
  }
}

export class DefectorDetailDto extends DefectorDto {
  @ApiProperty({ type: [ConsentChangeViewDto] }) consentHistory!: ConsentChangeViewDto[];

  @ApiPropertyOptional({
    type: [IdentifyingDetailDto],
    description: 'Present only for safety reviewers and admins.',
  })
  identifyingDetails?: IdentifyingDetailDto[];
}

export class DefectorPageDto {
  @ApiProperty({ type: [DefectorDto] }) items!: DefectorDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class IdentifyingDetailListDto {
  @ApiProperty({ type: [IdentifyingDetailDto] }) items!: IdentifyingDetailDto[];
}
