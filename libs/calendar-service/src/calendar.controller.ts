import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@tenggat/identity';
import { CalendarQueryService } from './calendar-query.service';
import { MAX_SUPPORTED_YEAR, MAX_WORKING_DAYS, MIN_SUPPORTED_YEAR } from '@tenggat/calendar';
import { CalendarDetail, CalendarIdParam, CalendarSummary, DeadlineQuery, DeadlineResponse } from './calendar.dto';

@ApiTags('calendars')
@Public()
@Controller('v1/calendars')
export class CalendarController {
  constructor(private readonly calendars: CalendarQueryService) {}

  @Get()
  @ApiOperation({ summary: 'Business calendars (working days per agency)' })
  @ApiOkResponse({ type: [CalendarSummary] })
  list(): Promise<CalendarSummary[]> {
    return this.calendars.list();
  }

  @Get(':id')
  @ApiOperation({ summary: 'A calendar: its non-working days per year and which years are official' })
  @ApiOkResponse({ type: CalendarDetail })
  detail(@Param() p: CalendarIdParam): Promise<CalendarDetail> {
    return this.calendars.detail(p.id);
  }

  @Get(':id/deadline')
  @ApiOperation({
    summary: 'Deadline calculator: the end of the N-th working day after the start day',
    description:
      `Supported range: the start and the deadline must lie in the years ${MIN_SUPPORTED_YEAR}-${MAX_SUPPORTED_YEAR} ` +
      `(local dates in the calendar's zone), and workingDays is 0-${MAX_WORKING_DAYS}. Anything else is a 400 ` +
      'problem+json naming the field. `start` is parsed strictly as ISO 8601 (4-digit years, real dates, an offset on instants).',
  })
  @ApiOkResponse({ type: DeadlineResponse })
  @ApiBadRequestResponse({ description: 'Malformed input, or a start or deadline outside the supported years (problem+json)' })
  deadline(@Param() p: CalendarIdParam, @Query() q: DeadlineQuery): Promise<DeadlineResponse> {
    return this.calendars.deadline(p.id, q.start, q.workingDays);
  }
}
