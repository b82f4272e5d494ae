import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { EVENT_TYPES } from './event-catalogue';

const toInt = ({ value }: { value: unknown }): unknown => (typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : value);
const toList = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter((s) => s.length > 0) : value;

export const CURSOR = /^(0|[1-9][0-9]{0,17})$/;
const CODE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export class EventFeedQuery {
  @ApiPropertyOptional({ type: String, example: '1042', pattern: CURSOR.source, default: '0', description: 'The last position read (`next` of the previous page); 0 from the start' })
  @IsOptional()
  @IsString()
  @Matches(CURSOR, { message: 'after must be a position: a whole number (0 from the start)' })
  after = '0';

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'limit must be a whole number from 1 to 500' })
  @Min(1, { message: 'limit must be a whole number from 1 to 500' })
  @Max(500, { message: 'limit must be a whole number from 1 to 500' })
  limit = 100;

  @ApiPropertyOptional({ type: String, example: 'application.submitted,application.decided', description: 'Only these event types (comma-separated)' })
  @IsOptional()
  @Transform(toList)
  @IsIn(EVENT_TYPES, { each: true, message: `type must name event types of the catalogue: ${EVENT_TYPES.join(', ')}` })
  type?: string[];

  @ApiPropertyOptional({ example: 'dpmptsp-kota-contoh', description: "Admins and the ombudsman: one agency's events (staff always read their own agency's)" })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Matches(CODE, { message: 'agency must be an agency code' })
  agency?: string;
}
