import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, MaxLength, Min, MinLength } from 'class-validator';
import { PageQuery } from '@tenggat/platform';
import { COMPLAINT_CATEGORIES, COMPLAINT_STATUSES, ComplaintCategory, ComplaintStatus } from './complaint.entity';

export const RESOLUTIONS = ['open', 'escalated', 'deemed-approved', 'decided-late', 'withdrawn'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const toBool = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);

export class OverdueQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) agency?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) permitType?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) state?: string;
  @ApiPropertyOptional({ minimum: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) minDaysOverdue?: number;
  @ApiPropertyOptional({ minimum: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) maxDaysOverdue?: number;
  @ApiPropertyOptional({ enum: RESOLUTIONS }) @IsOptional() @IsIn(RESOLUTIONS) resolution?: Resolution;
  @ApiPropertyOptional({ description: 'Include closed cases that were breached', default: false })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  includeClosed?: boolean;
  @ApiPropertyOptional({ description: 'Deadline on or after (YYYY-MM-DD)' }) @IsOptional() @Matches(DAY, { message: 'deadlineFrom must be YYYY-MM-DD' }) deadlineFrom?: string;
  @ApiPropertyOptional({ description: 'Deadline before (YYYY-MM-DD)' }) @IsOptional() @Matches(DAY, { message: 'deadlineTo must be YYYY-MM-DD' }) deadlineTo?: string;
  @ApiPropertyOptional({ description: 'Submitted on or after (YYYY-MM-DD)' }) @IsOptional() @Matches(DAY, { message: 'submittedFrom must be YYYY-MM-DD' }) submittedFrom?: string;
  @ApiPropertyOptional({ description: 'Submitted before (YYYY-MM-DD)' }) @IsOptional() @Matches(DAY, { message: 'submittedTo must be YYYY-MM-DD' }) submittedTo?: string;
  @ApiPropertyOptional({ enum: ['daysOverdue', 'deadline', 'agency'], default: 'daysOverdue' })
  @IsOptional()
  @IsIn(['daysOverdue', 'deadline', 'agency'])
  sort?: 'daysOverdue' | 'deadline' | 'agency';
  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'desc' }) @IsOptional() @IsIn(['asc', 'desc']) order?: 'asc' | 'desc';
  @ApiPropertyOptional({ enum: ['json', 'csv'] }) @IsOptional() @IsIn(['json', 'csv']) format?: 'json' | 'csv';
}

export class StatsQuery {
  @ApiProperty({ example: '2026-01', description: 'First month (YYYY-MM)' }) @Matches(MONTH, { message: 'from must be YYYY-MM' }) from: string;
  @ApiProperty({ example: '2026-12', description: 'Last month (YYYY-MM)' }) @Matches(MONTH, { message: 'to must be YYYY-MM' }) to: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) agency?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) permitType?: string;
}

export class PublicStatsQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 24, default: 6, description: 'Recent months, the current one included' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  months?: number;
}

export class FileComplaintDto {
  @ApiProperty({ enum: COMPLAINT_CATEGORIES }) @IsIn(COMPLAINT_CATEGORIES) category: ComplaintCategory;
  @ApiProperty({ minLength: 10, maxLength: 5000 }) @IsString() @MinLength(10) @MaxLength(5000) description: string;
}

export class HandleComplaintDto {
  @ApiProperty({ enum: COMPLAINT_STATUSES }) @IsIn(COMPLAINT_STATUSES) status: ComplaintStatus;
  @ApiPropertyOptional({ maxLength: 10000 }) @IsOptional() @IsString() @MaxLength(10000) findings?: string;
}

export class ComplaintsQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) agency?: string;
  @ApiPropertyOptional({ enum: COMPLAINT_STATUSES }) @IsOptional() @IsIn(COMPLAINT_STATUSES) status?: ComplaintStatus;
  @ApiPropertyOptional({ enum: COMPLAINT_CATEGORIES }) @IsOptional() @IsIn(COMPLAINT_CATEGORIES) category?: ComplaintCategory;
}
