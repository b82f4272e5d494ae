import { ApiProperty } from '@nestjs/swagger';
import { CALENDAR_ID_PATTERN, isSupportedYear, MAX_SUPPORTED_YEAR, MAX_WORKING_DAYS, MIN_SUPPORTED_YEAR, parseIsoStart } from '@tenggat/calendar';
import { Transform } from 'class-transformer';
import { IsInt, IsString, Matches, Max, MaxLength, Min, ValidateBy } from 'class-validator';

const START_FORMAT = 'an ISO 8601 date (YYYY-MM-DD) or an instant with its offset (YYYY-MM-DDTHH:mm[:ss[.sss]] followed by Z or +HH:MM), e.g. 2026-03-17T03:00:00Z';

/** `start` parses strictly (parseIsoStart): no 2-digit or expanded years, no 31 February. */
const IsIsoStart = (): PropertyDecorator =>
  ValidateBy({
    name: 'isIsoStart',
    validator: {
      validate: (v: unknown): boolean => typeof v === 'string' && parseIsoStart(v) !== null,
      defaultMessage: (): string => `start must be ${START_FORMAT}`,
    },
  });

/** The year as written lies in the supported range (the calculation checks every day it consults). */
const InSupportedYears = (): PropertyDecorator =>
  ValidateBy({
    name: 'inSupportedYears',
    validator: {
      validate: (v: unknown): boolean => {
        const s = typeof v === 'string' ? parseIsoStart(v) : null;
        return s === null || isSupportedYear(s.year); // a malformed value is IsIsoStart's to report
      },
      defaultMessage: (): string => `start must lie in the years ${MIN_SUPPORTED_YEAR}-${MAX_SUPPORTED_YEAR}`,
    },
  });

/** Plain decimal digits only: `''`, `1e3`, `0x10` and ` 5` are not counts (Number() would take them). */
const toCount = ({ value }: { value: unknown }): unknown => (typeof value === 'string' && /^[0-9]{1,9}$/.test(value) ? Number(value) : value);

export class CalendarIdParam {
  @ApiProperty({ example: 'id-national', description: 'Calendar id (lower-case kebab-case)' })
  @IsString()
  @MaxLength(64)
  @Matches(CALENDAR_ID_PATTERN, { message: 'id must be a calendar id such as "id-national"' })
  id: string;
}

export class DeadlineQuery {
  @ApiProperty({
    description:
      `When the clock starts (e.g. the submission time): ${START_FORMAT}. A date alone means the start of that day in the ` +
      `calendar's zone. Only the years ${MIN_SUPPORTED_YEAR}-${MAX_SUPPORTED_YEAR} are supported.`,
    example: '2026-03-17T03:00:00Z',
    maxLength: 40,
  })
  @IsString({ message: 'start must be a single value' })
  @MaxLength(40)
  @IsIsoStart()
  @InSupportedYears()
  start: string;

  @ApiProperty({ minimum: 0, maximum: MAX_WORKING_DAYS, example: 5, description: 'Working days to count (0: the end of the start day)' })
  @Transform(toCount)
  @IsInt({ message: 'workingDays must be a whole number' })
  @Min(0)
  @Max(MAX_WORKING_DAYS)
  workingDays: number;
}

export class DeadlineResponse {
  @ApiProperty({ example: 'kota-contoh' }) calendarId: string;
  @ApiProperty({ example: 'Asia/Jakarta', description: "The calendar's IANA zone" }) timeZone: string;
  @ApiProperty({ format: 'date-time', example: '2026-03-17T03:00:00.000Z', description: 'The start as an instant (a date alone: the start of that day in the zone)' })
  start: string;
  @ApiProperty({ type: 'integer', minimum: 0, maximum: MAX_WORKING_DAYS, example: 5 }) workingDays: number;
  @ApiProperty({ format: 'date-time', example: '2026-03-31T16:59:59.999Z', description: 'End (last millisecond) of the N-th working day after the start day' })
  deadline: string;
  @ApiProperty({ format: 'date', example: '2026-03-31', description: 'The deadline as a local date in the calendar zone' })
  deadlineLocalDate: string;
  @ApiProperty({ description: 'True when a year without an official holiday list was consulted' })
  provisional: boolean;
}

export class NonWorkingDayView {
  @ApiProperty({ format: 'date', example: '2026-03-20' }) date: string;
  @ApiProperty({ example: 'Hari Raya Idul Fitri' }) name: string;
  @ApiProperty({ enum: ['holiday', 'collective-leave', 'regional'], description: 'Weekends are not listed (see `weekend`)' }) kind: string;
}

export class CalendarYearView {
  @ApiProperty({ type: 'integer', example: 2026 }) year: number;
  @ApiProperty({ description: 'true when the year follows an official decree (SKB); otherwise provisional' }) official: boolean;
  @ApiProperty({ type: [String], description: 'The decrees the days come from' }) sources: string[];
  @ApiProperty({ type: [NonWorkingDayView], description: 'Non-working days other than weekends, by date' }) nonWorkingDays: NonWorkingDayView[];
}

export class CalendarSummary {
  @ApiProperty({ example: 'kota-contoh' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: 'Asia/Jakarta', description: 'IANA zone in which its days begin and end' }) timeZone: string;
  @ApiProperty({ type: 'integer', isArray: true, minimum: 1, maximum: 7, example: [6, 7], description: 'ISO weekdays that are not working days (1 Monday ... 7 Sunday)' })
  weekend: number[];
  @ApiProperty({ type: 'integer', isArray: true, example: [2026], description: 'Years with an official holiday list' }) officialYears: number[];
}

export class CalendarDetail extends CalendarSummary {
  @ApiProperty({ type: [String], description: 'This calendar and the ones it extends' }) chain: string[];
  @ApiProperty({ type: [CalendarYearView] }) years: CalendarYearView[];
}
