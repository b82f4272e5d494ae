import { Body, Controller, Get, Header, Headers, Param, ParseUUIDPipe, Patch, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Access, AuthUser, CurrentUser, Public } from '@tenggat/identity';
import { closedSignal, Page } from '@tenggat/platform';
import type { Request, Response } from 'express';
import { CaseRecordService } from './case-record.service';
import { ComplaintsService } from './complaints.service';
import { ComplaintsQuery, FileComplaintDto, HandleComplaintDto, OverdueQuery, PublicStatsQuery, SignalsQuery, StatsQuery } from './oversight.dto';
import { OverdueRow, OverdueService } from './overdue.service';
import { SignalsService } from './signals.service';
import { StatsRow, StatsService } from './stats.service';

const uuid = new ParseUUIDPipe();

@ApiTags('oversight')
@Controller('v1/oversight')
export class OversightController {
  constructor(
    private readonly overdueService: OverdueService,
    private readonly records: CaseRecordService,
    private readonly statsService: StatsService,
    private readonly signalsService: SignalsService,
    private readonly complaints: ComplaintsService,
  ) {}

  @Get('overdue')
  @Access('ombudsman')
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({ summary: 'Open cases past their statutory deadline (and breached closed ones with includeClosed); Accept: text/csv streams CSV' })
  async overdue(
    @Query() q: OverdueQuery,
    @Headers('accept') accept: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Page<OverdueRow> | StreamableFile> {
    if (q.format === 'csv' || (q.format === undefined && wantsCsv(accept))) return this.csv(q, req, res);
    return this.overdueService.page(q);
  }

  @Get('overdue.csv')
  @Access('ombudsman')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'The overdue list as CSV, streamed (every matching row, not one page)' })
  overdueCsv(@Query() q: OverdueQuery, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    return this.csv(q, req, res);
  }

  @Get('applications/:id')
  @Access('ombudsman')
  @ApiOperation({ summary: 'The whole record of a case: timeline, clocks with stops and restarts, assignments, documents, audit chain check' })
  record(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<Record<string, unknown>> {
    return this.records.record(user, id);
  }

  @Get('stats')
  @Access('ombudsman')
  @ApiOperation({ summary: 'Compliance statistics per agency, permit type and month of decision' })
  stats(@Query() q: StatsQuery): Promise<StatsRow[]> {
    return this.statsService.stats(q.from, q.to, q);
  }

  @Get('signals')
  @Access('ombudsman')
  @ApiOperation({ summary: 'Suspicion signals: maxed-out deficiency notices, notices in the last working day, many reassignments' })
  signals(@Query() q: SignalsQuery): Promise<Record<string, unknown>> {
    return this.signalsService.signals(q.agency);
  }

  @Get('complaints')
  @Access('ombudsman')
  @ApiOperation({ summary: 'Every complaint, filterable' })
  listComplaints(@CurrentUser() user: AuthUser, @Query() q: ComplaintsQuery): Promise<Page<Record<string, unknown>>> {
    return this.complaints.list(user, q);
  }

  @Patch('complaints/:id')
  @Access('ombudsman')
  @ApiOperation({ summary: "Record a complaint's handling status and findings (the ombudsman's only write)" })
  handle(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: HandleComplaintDto): Promise<Record<string, unknown>> {
    return this.complaints.handle(user, id, dto);
  }

  /** The query runs (and fails) before any CSV header is set; a client that leaves ends it at once. */
  private async csv(q: OverdueQuery, req: Request, res: Response): Promise<StreamableFile> {
    const rows = await this.overdueService.csv(q, closedSignal(req, res));
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="overdue.csv"');
    return new StreamableFile(rows);
  }
}

@ApiTags('complaints')
@Controller('v1')
export class ComplaintsController {
  constructor(private readonly complaints: ComplaintsService) {}

  @Post('applications/:id/complaints')
  @Access('applicant')
  @ApiOperation({ summary: 'File a complaint about your own case (Ombudsman maladministration category)' })
  file(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: FileComplaintDto): Promise<Record<string, unknown>> {
    return this.complaints.file(user, id, dto);
  }

  @Get('applications/:id/complaints')
  @Access('applicant', 'supervisor', 'ombudsman')
  @ApiOperation({ summary: 'Complaints about a case' })
  forCase(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<Record<string, unknown>[]> {
    return this.complaints.forCase(user, id);
  }

  @Get('complaints')
  @Access('supervisor')
  @ApiOperation({ summary: "Complaints about the supervisor's agency" })
  list(@CurrentUser() user: AuthUser, @Query() q: ComplaintsQuery): Promise<Page<Record<string, unknown>>> {
    return this.complaints.list(user, q);
  }
}

@ApiTags('public')
@Public()
@Controller('v1/public')
export class PublicStatsController {
  constructor(private readonly statsService: StatsService) {}

  @Get('stats')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({ summary: 'Published vs real processing time per agency and permit type (groups under 5 suppressed)' })
  stats(@Query() q: PublicStatsQuery): Promise<Record<string, unknown>[]> {
    return this.statsService.publicStats(Math.min(q.months ?? 6, 24));
  }
}

function wantsCsv(accept: string | undefined): boolean {
  return accept !== undefined && /\btext\/csv\b/.test(accept) && !/\bapplication\/json\b/.test(accept.split(',')[0] ?? '');
}
