import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

/** The most months the dashboard spans (five years). */
const MAX_DASHBOARD_MONTHS = 60;
export const ZONES = ['WIB', 'WITA', 'WIT'] as const;
type Zone = (typeof ZONES)[number];
const CODE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
/** Only plain decimal digits become a number; anything else stays a string and fails @IsInt. */
const toInt = ({ value }: { value: unknown }): unknown => (typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : value);

export class DashboardQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_DASHBOARD_MONTHS, default: 6, description: 'The last N months (WIB), the current one included' })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(MAX_DASHBOARD_MONTHS)
  months?: number;

  @ApiPropertyOptional({ pattern: CODE.source, maxLength: 60, description: 'Agency code' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  @Matches(CODE, { message: 'agency must be a kebab-case code' })
  agency?: string;

  @ApiPropertyOptional({ pattern: CODE.source, maxLength: 40, description: 'Permit type code' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  @Matches(CODE, { message: 'permitType must be a kebab-case code' })
  permitType?: string;

  @ApiPropertyOptional({ enum: ZONES, description: "The agencies whose time zone is this one (the agency's zone: WIB, WITA or WIT)" })
  @IsOptional()
  @IsIn(ZONES)
  zone?: Zone;
}
