import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Access, AuthUser, CurrentUser } from '@tenggat/identity';
import { PageQuery } from '@tenggat/platform';
import { CalendarPublisher } from './calendar-publisher.service';
import { DemoClockService } from './demo-clock.service';
import { CalendarDocument, CalendarPublication, DemoClockDto, DemoClockResult, SupervisionPage } from './sla-http.dto';
import { SupervisionService } from './supervision.service';

const uuid = new ParseUUIDPipe();

@ApiTags('admin')
@Controller('v1/admin/calendars')
export class CalendarAdminController {
  constructor(private readonly publisher: CalendarPublisher) {}

  @Put(':id')
  @Access('admin')
  @ApiOperation({
    operationId: 'publishCalendar',
    summary: 'Publish a calendar: validated, audited, and every open deadline on it recomputed',
    description:
      'Admins only. Creates or replaces the calendar `{id}` (a new revision): the body is the calendar document as JSON, in ' +
      'the shape of config/calendars/*.yaml. The whole set of calendars must still resolve; every running working-day clock ' +
      'of an open case on a changed calendar is recomputed and its timers re-armed. A fault answers 400 naming the path of ' +
      'each field (`invalid-calendar`, `calendar-id-mismatch`).',
  })
  @ApiBody({ type: CalendarDocument })
  @ApiOkResponse({ type: CalendarPublication, description: 'What the publication changed' })
  @ApiResponse({ status: 400, description: 'invalid-calendar or calendar-id-mismatch: `errors` names the path of each fault; nothing changed' })
  publish(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() doc: Record<string, unknown>): Promise<CalendarPublication> {
    return this.publisher.publish(user, id, doc);
  }
}

@ApiTags('demo')
@Controller('v1/demo')
export class DemoClockController {
  constructor(private readonly demo: DemoClockService) {}

  @Post('applications/:id/clock')
  @HttpCode(200)
  @Access('admin')
  @ApiOperation({
    operationId: 'moveDemoClock',
    summary: 'Demo only (DEMO_ENDPOINTS=true): move a running clock so its deadline is N seconds away',
    description:
      'Admins only, and only with DEMO_ENDPOINTS=true (404 `demo-endpoints-disabled` otherwise). Rewrites the running clock ' +
      '(consumed time, deadline in real time, new epoch) and re-arms its timers. 404 `application-not-found`; 409 ' +
      '`case-not-open`, `clock-not-running` or `clock-already-breached`.',
  })
  @ApiOkResponse({ type: DemoClockResult, description: 'The clock as moved' })
  @ApiResponse({ status: 404, description: 'demo-endpoints-disabled, or application-not-found' })
  @ApiResponse({ status: 409, description: 'case-not-open, clock-not-running or clock-already-breached' })
  setClock(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: DemoClockDto): Promise<DemoClockResult> {
    return this.demo.setRemaining(user, id, dto);
  }
}

@ApiTags('supervision')
@Controller('v1/supervision')
export class SupervisionController {
  constructor(private readonly supervision: SupervisionService) {}

  @Get()
  @Access('supervisor')
  @ApiOperation({
    operationId: 'listSupervision',
    summary: "Post-issuance supervision: the agency's permits issued by deemed approval, newest first",
    description: "Supervisors only, of their own agency: the permits issued by deemed approval (fiktif positif) that must be checked after the fact.",
  })
  @ApiOkResponse({ type: SupervisionPage, description: 'One page of permits, newest first' })
  list(@CurrentUser() user: AuthUser, @Query() q: PageQuery): Promise<SupervisionPage> {
    return this.supervision.list(user, q);
  }
}
