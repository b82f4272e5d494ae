import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, AuthUser, CurrentUser } from '@tenggat/identity';
import { Page, PageQuery } from '@tenggat/platform';
import { CalendarPublisher } from './calendar-publisher.service';
import { DemoClockService } from './demo-clock.service';
import { CalendarPublication, DemoClockDto, DemoClockResult, SupervisionItem, SupervisionPage } from './sla-http.dto';
import { SupervisionService } from './supervision.service';

const uuid = new ParseUUIDPipe();

@ApiTags('admin')
@Controller('v1/admin/calendars')
export class CalendarAdminController {
  constructor(private readonly publisher: CalendarPublisher) {}

  @Put(':id')
  @Access('admin')
  @ApiOperation({
    summary: 'Publish a calendar: validated, audited, and every open deadline on it recomputed',
    description:
      'The body is the calendar document as JSON, in the shape of config/calendars/*.yaml (id, name, timeZone, weekend, ' +
      'extends, years.{YYYY}.{official, source, holidays, collectiveLeave}, extraDays). A fault answers 400 with the path of each field.',
  })
  @ApiBody({
    schema: {
      type: 'object',
      example: {
        id: 'kota-contoh',
        name: 'Kalender DPMPTSP Kota Contoh (WIB)',
        timeZone: 'Asia/Jakarta',
        extends: 'id-national',
        years: { '2026': { official: true, source: 'Keputusan Wali Kota (contoh)', collectiveLeave: [{ date: '2026-12-28', name: 'Cuti bersama (contoh)' }] } },
        extraDays: [{ date: '2026-04-07', name: 'Hari Jadi Kota Contoh', annual: true }],
      },
    },
  })
  @ApiOkResponse({ type: CalendarPublication })
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
    summary: "Demo only (DEMO_ENDPOINTS=true): move a running clock so its deadline is N seconds away",
    description: 'Rewrites the clock (consumed time, deadline in real time, new epoch) and re-arms its timers; 404 when demo endpoints are off.',
  })
  @ApiOkResponse({ type: DemoClockResult })
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
  @ApiOperation({ summary: "Post-issuance supervision: the agency's permits issued by deemed approval, newest first" })
  @ApiOkResponse({ type: SupervisionPage })
  list(@CurrentUser() user: AuthUser, @Query() q: PageQuery): Promise<Page<SupervisionItem>> {
    return this.supervision.list(user, q);
  }
}
