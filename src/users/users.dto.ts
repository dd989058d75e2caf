import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
} from 'class-validator';
import { IsIanaTimezone, IsLocale } from '../common/validators.js';
import { ROLES, type Role } from '../db/schema/index.js';
import type { UserRow } from '../auth/users.repository.js';
import { type UserView, userView } from './user-view.js';

export const PASSWORD_MIN_LENGTH = 12;

export class CreateUserDto {
  @ApiProperty({ format: 'email', example: 'editor@example.org' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'Sam Editor' })
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  displayName!: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, writeOnly: true })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(256)
  password!: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(ROLES.length)
  @IsIn(ROLES, { each: true })
  roles!: Role[];
}

export class SetRolesDto {
  @ApiProperty({ enum: ROLES, isArray: true })
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(ROLES.length)
  @IsIn(ROLES, { each: true })
  roles!: Role[];
}

export class SetPasswordDto {
  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, writeOnly: true })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(256)
  password!: string;
}

export class UpdateUserStatusDto {
  @ApiPropertyOptional({
    description: 'Why the account is disabled or enabled (kept in the audit log).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class UserDto implements UserView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: Role[];
  @ApiProperty() disabled!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static from(row: UserRow): UserDto {
    return userView(row);
  }
}

export class UserPageDto {
  @ApiProperty({ type: [UserDto] }) items!: UserDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class ChangeOwnPasswordDto {
  @ApiProperty({ writeOnly: true })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  currentPassword!: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, writeOnly: true })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(256)
  newPassword!: string;
}

/** The signed-in user's own display preferences. */
export class UpdateOwnPreferencesDto {
  @ApiProperty({ example: 'en-GB', description: 'BCP 47 locale for dates and times.' })
  @IsLocale()
  locale!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'Europe/London',
    description: "IANA time zone; null shows times in the browser's own.",
  })
  @IsOptional()
  @IsIanaTimezone()
  timeZone!: string | null;
}
