import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { UpdateOf } from '../common/validation.js';
import { NOTIFICATION_KINDS, type NotificationKind } from '../db/schema/index.js';
import type {
  WebhookAttemptRow,
  WebhookDeliveryRow,
  WebhookEndpointRow,
} from './deliveries.repository.js';
import type { NotificationRow } from './notifications.repository.js';
import type { Preference } from './notification-preferences.service.js';
import type { EndpointInput } from './webhooks.service.js';

export class NotificationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS }) kind!: NotificationKind;
  @ApiProperty({ description: 'A sentence naming what happened; never post or quote text.' })
  title!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) postId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) channelId!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) readAt!: string | null;

  static from(row: NotificationRow): NotificationDto {
    return {
      id: row.id,
      kind: row.kind,
      title: row.title,
      postId: row.postId,
      channelId: row.channelId,
      createdAt: row.createdAt.toISOString(),
      readAt: row.readAt?.toISOString() ?? null,
    };
  }
}

export class NotificationPageDto {
  @ApiProperty({ type: [NotificationDto] }) items!: NotificationDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class UnreadCountDto {
  @ApiProperty({ minimum: 0 }) unread!: number;
}

export class MarkedReadDto {
  @ApiProperty({ minimum: 0, description: 'How many notifications were unread before.' })
  marked!: number;
}

export class PreferenceDto implements Preference {
  @ApiProperty({ enum: NOTIFICATION_KINDS }) @IsIn(NOTIFICATION_KINDS) kind!: NotificationKind;
  @ApiProperty() @IsBoolean() inApp!: boolean;
  @ApiProperty() @IsBoolean() email!: boolean;
}

export class PreferencesDto {
  @ApiProperty({ type: [PreferenceDto] }) items!: PreferenceDto[];
  @ApiProperty({ description: 'Whether this server sends email at all (SMTP configured).' })
  emailEnabled!: boolean;
}

export class UpdatePreferencesDto {
  @ApiProperty({ type: [PreferenceDto], minItems: 1, maxItems: NOTIFICATION_KINDS.length })
  @ValidateNested({ each: true })
  @Type(() => PreferenceDto)
  @ArrayMinSize(1)
  @ArrayMaxSize(NOTIFICATION_KINDS.length)
  @ArrayUnique((p: PreferenceDto) => p.kind)
  items!: PreferenceDto[];
}

export class CreateWebhookDto implements EndpointInput {
  @ApiProperty({
    example: 'https://chat.example.org/hooks/countervoice',
    description: 'https only (plain http on 127.0.0.1 in test and development configurations).',
  })
  @IsString()
  @MaxLength(2000)
  url!: string;

  @ApiPropertyOptional({ example: 'Team chat' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  description?: string;

  @ApiProperty({ enum: NOTIFICATION_KINDS, isArray: true })
  @IsIn(NOTIFICATION_KINDS, { each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(NOTIFICATION_KINDS.length)
  kinds!: NotificationKind[];

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class UpdateWebhookDto extends UpdateOf(PartialType(CreateWebhookDto)) {}

export class WebhookEndpointDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() url!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS, isArray: true }) kinds!: NotificationKind[];
  @ApiProperty() active!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static from(row: WebhookEndpointRow): WebhookEndpointDto {
    return {
      id: row.id,
      url: row.url,
      description: row.description,
      kinds: row.kinds,
      active: row.active,
      createdAt: row.createdAt.toISOString(),
    };
  }
}

export class CreatedWebhookDto extends WebhookEndpointDto {
  @ApiProperty({
    description: 'The signing secret, shown only in this answer: store it with the receiver now.',
  })
  secret!: string;
}

export class WebhookAttemptDto {
  @ApiProperty() attempt!: number;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ nullable: true, type: Number }) statusCode!: number | null;
  @ApiProperty() latencyMs!: number;
  @ApiProperty({ nullable: true, type: String }) error!: string | null;

  static from(row: WebhookAttemptRow): WebhookAttemptDto {
    return {
      attempt: row.attempt,
      at: row.at.toISOString(),
      statusCode: row.statusCode,
      latencyMs: row.latencyMs,
      error: row.error,
    };
  }
}

export class WebhookDeliveryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS }) kind!: NotificationKind;
  @ApiProperty({ enum: ['pending', 'sending', 'sent', 'failed'] }) status!: string;
  @ApiProperty() attempts!: number;
  @ApiProperty({ nullable: true, type: Number }) lastStatusCode!: number | null;
  @ApiProperty({ nullable: true, type: String }) lastError!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) deliveredAt!: string | null;
  @ApiProperty({ description: 'The JSON body every attempt sends.' }) body!: string;
  @ApiProperty({ type: [WebhookAttemptDto] }) log!: WebhookAttemptDto[];

  static from(row: WebhookDeliveryRow, log: WebhookAttemptRow[]): WebhookDeliveryDto {
    return {
      id: row.id,
      kind: row.kind,
      status: row.status,
      attempts: row.attempts,
      lastStatusCode: row.lastStatusCode,
      lastError: row.lastError,
      createdAt: row.createdAt.toISOString(),
      deliveredAt: row.deliveredAt?.toISOString() ?? null,
      body: row.body,
      log: log.map(WebhookAttemptDto.from),
    };
  }
}

export class WebhookDeliveryPageDto {
  @ApiProperty({ type: [WebhookDeliveryDto] }) items!: WebhookDeliveryDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
