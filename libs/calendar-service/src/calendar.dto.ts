import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsInt, Max, Min } from 'class-validator';

export class DeadlineQuery {
  @ApiProperty({ description: 'ISO 8601 instant the clock starts (e.g. the submission time)', example: '2026-03-17T03:00:00Z' })
  @Type(() => Date)
  @IsDate({ message: 'start must be an ISO 8601 instant' })
  start: Date;

  @ApiProperty({ minimum: 0, maximum: 3650, example: 5 })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3650)
  workingDays: number;
}

export class DeadlineResponse {
  @ApiProperty() calendarId: string;
  @ApiProperty() timeZone: string;
  @ApiProperty() start: string;
  @ApiProperty() workingDays: number;
  @ApiProperty({ description: 'End (last millisecond) of the N-th working day after the start day' })
  deadline: string;
  @ApiProperty({ description: 'The deadline as a local date in the calendar zone' })
  deadlineLocalDate: string;
  @ApiProperty({ description: 'True when a year without an official holiday list was consulted' })
  provisional: boolean;
}

export class NonWorkingDayView {
  @ApiProperty() date: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['weekend', 'holiday', 'collective-leave', 'regional'] }) kind: string;
}

export class CalendarYearView {
  @ApiProperty() year: number;
  @ApiProperty() official: boolean;
  @ApiProperty({ type: [String] }) sources: string[];
  @ApiProperty({ type: [NonWorkingDayView] }) nonWorkingDays: NonWorkingDayView[];
}

export class CalendarSummary {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() timeZone: string;
  @ApiProperty({ type: [Number], description: 'ISO weekdays that are not working days' }) weekend: number[];
  @ApiProperty({ type: [Number] }) officialYears: number[];
  @ApiPropertyOptional() revision?: number;
}

export class CalendarDetail extends CalendarSummary {
  @ApiProperty({ type: [String], description: 'This calendar and the ones it extends' }) chain: string[];
  @ApiProperty({ type: [CalendarYearView] }) years: CalendarYearView[];
}
