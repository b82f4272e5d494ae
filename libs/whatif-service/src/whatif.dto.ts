import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsNumber, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';

const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const CODE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export class ProposedDayDto {
  @ApiProperty({ format: 'date', example: '2026-03-16' })
  @IsString()
  @Matches(DAY, { message: 'date must be a date YYYY-MM-DD' })
  date: string;

  @ApiPropertyOptional({ maxLength: 200, example: 'Cuti bersama (usulan)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;
}

/** Non-working days added to, or given back from, one calendar and every calendar that extends it. */
export class CalendarChangeDto {
  @ApiProperty({ example: 'id-national', pattern: CODE.source, maxLength: 64 })
  @IsString()
  @MaxLength(64)
  @Matches(CODE, { message: 'calendar must be a calendar id' })
  calendar: string;

  @ApiPropertyOptional({ type: [ProposedDayDto], maxItems: 366, description: 'Days that become non-working' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(366)
  @ValidateNested({ each: true })
  @Type(() => ProposedDayDto)
  add?: ProposedDayDto[];

  @ApiPropertyOptional({ type: [String], maxItems: 366, description: 'Listed non-working days that become working days', example: ['2026-12-24'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(366)
  @Matches(DAY, { each: true, message: 'remove must hold dates YYYY-MM-DD' })
  remove?: string[];
}

export class CreateWhatIfRunDto {
  @ApiProperty({ format: 'date', example: '2026-01-01', description: 'First day of submission (WIB)' })
  @IsString()
  @Matches(DAY, { message: 'from must be a date YYYY-MM-DD' })
  from: string;

  @ApiProperty({ format: 'date', example: '2026-06-30', description: 'Last day of submission (WIB), inclusive' })
  @IsString()
  @Matches(DAY, { message: 'to must be a date YYYY-MM-DD' })
  to: string;

  @ApiPropertyOptional({ type: [String], maxItems: 50, description: 'Only cases of these agencies (all when absent)', example: ['kementerian-investasi'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(CODE, { each: true, message: 'agencies must hold agency codes' })
  agencies?: string[];

  @ApiPropertyOptional({
    maxLength: 200_000,
    description: 'A permit type definition in the YAML language (not published), checked exactly as `npm run workflow:check` does; it replaces every version of the permit type with its code',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200_000)
  proposal?: string;

  @ApiPropertyOptional({ type: CalendarChangeDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => CalendarChangeDto)
  calendar?: CalendarChangeDto;

  @ApiPropertyOptional({ minimum: 0, maximum: 1, exclusiveMinimum: true, exclusiveMaximum: true, example: 0.7, description: 'Share of a budget at which warnings fire, for every permit type' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  warningShare?: number;
}
