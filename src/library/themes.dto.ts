import { ApiProperty, OmitType } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { UpdateOf } from '../common/validation.js';
import type { ThemeRow } from './themes.repository.js';

export const THEME_KEY = /^[a-z][a-z0-9_]{1,63}$/;

export class CreateThemeDto {
  @ApiProperty({ pattern: THEME_KEY.source, example: 'broken_promises' })
  @IsString()
  @Matches(THEME_KEY, { message: 'key must be lower_snake_case, 2-64 characters' })
  key!: string;

  @ApiProperty({ example: 'Broken promises' })
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name!: string;

  @ApiProperty({ example: 'Material promises the group did not keep.' })
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  description!: string;
}

/** The key names the theme everywhere (quotes, filters), so it never changes. */
export class UpdateThemeDto extends UpdateOf(OmitType(CreateThemeDto, ['key'] as const)) {}

export class ThemeDto {
  @ApiProperty() key!: string;
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;

  static from(row: ThemeRow): ThemeDto {
    return { key: row.key, name: row.name, description: row.description };
  }
}

export class ThemeListDto {
  @ApiProperty({ type: [ThemeDto] }) items!: ThemeDto[];
}
