import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@tenggat/identity';
import { CalendarQueryService } from './calendar-query.service';
import { CalendarDetail, CalendarSummary, DeadlineQuery, DeadlineResponse } from './calendar.dto';

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
  detail(@Param('id') id: string): Promise<CalendarDetail> {
    return this.calendars.detail(id);
  }

  @Get(':id/deadline')
  @ApiOperation({ summary: 'Deadline calculator: the end of the N-th working day after the start day' })
  @ApiOkResponse({ type: DeadlineResponse })
  deadline(@Param('id') id: string, @Query() q: DeadlineQuery): Promise<DeadlineResponse> {
    return this.calendars.deadline(id, q.start, q.workingDays);
  }
}
