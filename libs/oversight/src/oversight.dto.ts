import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateBy, ValidationOptions } from 'class-validator';
import { PageQuery } from '@tenggat/platform';
import { COMPLAINT_CATEGORIES, COMPLAINT_STATUSES, ComplaintCategory, ComplaintStatus } from './complaint.entity';

export const RESOLUTIONS = ['open', 'escalated', 'deemed-approved', 'decided-late', 'withdrawn'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const DAY = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
/** Agency, permit type and state codes, as permit-type.schema.json defines them. */
const CODE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const FIRST_YEAR = 1900;
/** The largest working-days-overdue bound a filter takes (about fourteen years). */
export const MAX_DAYS_OVERDUE = 3660;
const toBool = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);
/** Only plain decimal digits become a number; anything else stays a string and fails @IsInt. */
const toInt = ({ value }: { value: unknown }): unknown => (typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : value);

/** A real calendar day YYYY-MM-DD (2026-02-31 is not one), from 1900 on. */
export function isRealDay(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const m = DAY.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return y >= FIRST_YEAR && d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

/** A month YYYY-MM, from 1900 on. */
export function isMonth(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const m = MONTH.exec(value);
  return m !== null && Number(m[1]) >= FIRST_YEAR;
}

const IsRealDay = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy({ name: 'isRealDay', validator: { validate: isRealDay, defaultMessage: (a) => `${a?.property} must be a real date YYYY-MM-DD (from ${FIRST_YEAR})` } }, options);
const IsMonth = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy({ name: 'isMonth', validator: { validate: isMonth, defaultMessage: (a) => `${a?.property} must be a month YYYY-MM (from ${FIRST_YEAR})` } }, options);

/** An agency, permit type or state code filter. */
const CodeFilter = (maxLength: number): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({ pattern: CODE.source, maxLength }),
    IsOptional(),
    IsString(),
    MaxLength(maxLength),
    Matches(CODE, { message: ({ property }) => `${property} must be a kebab-case code` }),
  );

/** A working-days-overdue bound. */
const DaysOverdue = (): PropertyDecorator =>
  applyDecorators(ApiPropertyOptional({ minimum: 0, maximum: MAX_DAYS_OVERDUE }), IsOptional(), Transform(toInt), IsInt(), Min(0), Max(MAX_DAYS_OVERDUE));

const DayFilter = (description: string): PropertyDecorator =>
  applyDecorators(ApiPropertyOptional({ description, format: 'date' }), IsOptional(), IsRealDay());

export class OverdueQuery extends PageQuery {
  @CodeFilter(60) agency?: string;
  @CodeFilter(40) permitType?: string;
  @CodeFilter(60) state?: string;
  @DaysOverdue() minDaysOverdue?: number;
  @DaysOverdue() maxDaysOverdue?: number;
  @ApiPropertyOptional({ enum: RESOLUTIONS }) @IsOptional() @IsIn(RESOLUTIONS) resolution?: Resolution;
  @ApiPropertyOptional({ description: 'Include closed cases that were breached', default: false })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  includeClosed?: boolean;
  @DayFilter('Deadline on or after (YYYY-MM-DD)') deadlineFrom?: string;
  @DayFilter('Deadline before (YYYY-MM-DD)') deadlineTo?: string;
  @DayFilter('Submitted on or after (YYYY-MM-DD)') submittedFrom?: string;
  @DayFilter('Submitted before (YYYY-MM-DD)') submittedTo?: string;
  @ApiPropertyOptional({ enum: ['daysOverdue', 'deadline', 'agency'], default: 'daysOverdue' })
  @IsOptional()
  @IsIn(['daysOverdue', 'deadline', 'agency'])
  sort?: 'daysOverdue' | 'deadline' | 'agency';
  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'desc' }) @IsOptional() @IsIn(['asc', 'desc']) order?: 'asc' | 'desc';
  @ApiPropertyOptional({ enum: ['json', 'csv'] }) @IsOptional() @IsIn(['json', 'csv']) format?: 'json' | 'csv';
}

export class StatsQuery {
  @ApiProperty({ example: '2026-01', description: 'First month (YYYY-MM)' }) @IsMonth() from: string;
  @ApiProperty({ example: '2026-12', description: 'Last month (YYYY-MM)' }) @IsMonth() to: string;
  @CodeFilter(60) agency?: string;
  @CodeFilter(40) permitType?: string;
}

export class SignalsQuery {
  @CodeFilter(60) agency?: string;
}

export class PublicStatsQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, default: 6, description: 'Recent months, the current one included (more than 24 count as 24)' })
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
  @CodeFilter(60) agency?: string;
  @ApiPropertyOptional({ enum: COMPLAINT_STATUSES }) @IsOptional() @IsIn(COMPLAINT_STATUSES) status?: ComplaintStatus;
  @ApiPropertyOptional({ enum: COMPLAINT_CATEGORIES }) @IsOptional() @IsIn(COMPLAINT_CATEGORIES) category?: ComplaintCategory;
}
