import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { EVENT_TYPES } from './event-catalogue';

const CODE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const toInt = ({ value }: { value: unknown }): unknown => (typeof value === 'string' && /^\d{1,12}$/.test(value) ? Number(value) : value);
const URL_MESSAGE = 'url must be an absolute http(s) URL without credentials, at most 2000 characters';

export class CreateWebhookSubscriptionDto {
  @ApiProperty({ example: 'https://oss.example.go.id/hooks/tenggat', maxLength: 2000, description: 'Where to POST the events (http or https)' })
  @IsString({ message: URL_MESSAGE })
  @MaxLength(2000, { message: URL_MESSAGE })
  @Matches(/^https?:\/\/[^\s/@]+(\/\S*)?$/i, { message: URL_MESSAGE })
  url: string;

  @ApiPropertyOptional({ maxLength: 200, example: 'National OSS dashboard' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  description?: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'dpmptsp-kota-contoh',
    description: "Whose cases' events: an agency code, or null for every agency (admins only). A supervisor's subscriptions are always their agency's",
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Matches(CODE, { message: 'agency must be an agency code' })
  agency?: string | null;

  @ApiPropertyOptional({ type: [String], enum: EVENT_TYPES, description: 'Only these event types; empty or absent for every type' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(EVENT_TYPES.length)
  @IsIn(EVENT_TYPES, { each: true, message: `eventTypes must name event types of the catalogue: ${EVENT_TYPES.join(', ')}` })
  eventTypes?: string[];
}

export class UpdateWebhookSubscriptionDto {
  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString({ message: URL_MESSAGE })
  @MaxLength(2000, { message: URL_MESSAGE })
  @Matches(/^https?:\/\/[^\s/@]+(\/\S*)?$/i, { message: URL_MESSAGE })
  url?: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  description?: string;

  @ApiPropertyOptional({ type: [String], enum: EVENT_TYPES, description: 'Only these event types; empty for every type' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(EVENT_TYPES.length)
  @IsIn(EVENT_TYPES, { each: true, message: `eventTypes must name event types of the catalogue: ${EVENT_TYPES.join(', ')}` })
  eventTypes?: string[];

  @ApiPropertyOptional({ description: 'false pauses deliveries (they wait); true resumes a disabled subscription' })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class RotateSecretDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 604800, default: 86400, description: 'How long the old secret still signs (both signatures are sent)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(604800)
  graceSeconds?: number;
}

export class ReplayDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Replay this one event' })
  @IsOptional()
  @IsUUID('all', { message: 'eventId must be an event id (uuid)' })
  eventId?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Replay the events that happened from then (with `to`)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 instant' })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Until then (inclusive)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 instant' })
  to?: string;
}

export class DeliveryLogQuery {
  @ApiPropertyOptional({ enum: ['pending', 'delivered', 'dead'] })
  @IsOptional()
  @IsIn(['pending', 'delivered', 'dead'])
  status?: 'pending' | 'delivered' | 'dead';

  @ApiPropertyOptional({ type: String, pattern: '^[1-9][0-9]{0,17}$', description: '`next` of the previous page' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @Matches(/^[1-9][0-9]{0,17}$/, { message: 'before must be a delivery id' })
  before?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  limit = 50;
}
