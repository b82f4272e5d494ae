import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
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
  @ApiOperation({
    operationId: 'listCalendars',
    summary: 'Business calendars (working days per agency)',
    description: 'Anyone may call it. Every calendar in force, by id, with its zone, weekend and official years.',
  })
  @ApiOkResponse({ type: [CalendarSummary], description: 'The calendars' })
  @ApiResponse({ status: 400, description: 'invalid-text: the query string carries text no request may (NUL, control characters, malformed UTF-8)' })
  list(): Promise<CalendarSummary[]> {
    return this.calendars.list();
  }

  @Get(':id')
  @ApiOperation({
    operationId: 'getCalendar',
    summary: 'A calendar: its non-working days per year and which years are official',
    description: 'Anyone may call it. The calendar with the chain it extends and, per year, its non-working days and their sources. 404 `calendar-not-found`.',
  })
  @ApiOkResponse({ type: CalendarDetail, description: 'The calendar' })
  detail(@Param() p: CalendarIdParam): Promise<CalendarDetail> {
    return this.calendars.detail(p.id);
  }

  @Get(':id/deadline')
  @ApiOperation({
    operationId: 'computeDeadline',
    summary: 'Deadline calculator: the end of the N-th working day after the start day',
    description:
      'Anyone may call it. ' +
      `Supported range: the start and the deadline must lie in the years ${MIN_SUPPORTED_YEAR}-${MAX_SUPPORTED_YEAR} ` +
      `(local dates in the calendar's zone), and workingDays is 0-${MAX_WORKING_DAYS}. Anything else is a 400 ` +
      'problem+json naming the field. `start` is parsed strictly as ISO 8601 (4-digit years, real dates, an offset on instants). ' +
      '422 `calculation-too-long` when the calculation spends its time budget.',
  })
  @ApiOkResponse({ type: DeadlineResponse, description: 'The deadline' })
  @ApiResponse({ status: 400, description: 'Malformed input, or a start or deadline outside the supported years (`errors` names the field)' })
  @ApiResponse({ status: 422, description: 'calculation-too-long: the calculation ran out of its time budget; count fewer working days' })
  deadline(@Param() p: CalendarIdParam, @Query() q: DeadlineQuery): Promise<DeadlineResponse> {
    return this.calendars.deadline(p.id, q.start, q.workingDays);
  }
}
