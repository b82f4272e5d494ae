import { Body, Controller, Get, Header, Headers, Param, ParseUUIDPipe, Patch, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { Access, AuthUser, CurrentUser, Public } from '@tenggat/identity';
import { closedSignal } from '@tenggat/platform';
import type { Request, Response } from 'express';
import { CaseRecordService } from './case-record.service';
import { ComplaintsService } from './complaints.service';
import { ComplaintsQuery, FileComplaintDto, HandleComplaintDto, OverdueQuery, PublicStatsQuery, SignalsQuery, StatsQuery } from './oversight.dto';
import { OVERDUE_CSV_COLUMNS, OverdueReadModel } from './overdue.read-model';
import { CaseRecord, ComplaintPage, ComplaintView, ComplianceStatsRow, OverduePage, PublicStatsRow, SignalsView } from './oversight.views';
import { SignalsReadModel } from './signals.read-model';
import { StatsReadModel } from './stats.read-model';

const uuid = new ParseUUIDPipe();

const CSV = {
  schema: {
    type: 'string',
    description: `RFC 4180 CSV, UTF-8, a header row then one row per case; columns: ${OVERDUE_CSV_COLUMNS.join(', ')} (as in OverdueRow)`,
    example: `${OVERDUE_CSV_COLUMNS.join(',')}\n`,
  },
} as const;

const CSV_HEADERS = (required: boolean): Record<string, { description: string; required: boolean; schema: { type: 'string' } }> => ({
  'Content-Disposition': { description: 'CSV only: `attachment; filename="overdue.csv"`', required, schema: { type: 'string' } },
});

@ApiTags('oversight')
@Controller('v1/oversight')
export class OversightController {
  constructor(
    private readonly overdueService: OverdueReadModel,
    private readonly records: CaseRecordService,
    private readonly statsService: StatsReadModel,
    private readonly signalsService: SignalsReadModel,
    private readonly complaints: ComplaintsService,
  ) {}

  @Get('overdue')
  @Access('ombudsman')
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({
    operationId: 'listOverdue',
    summary: 'Open cases past their statutory deadline (and breached closed ones with includeClosed); Accept: text/csv streams CSV',
    description:
      'The ombudsman only, every agency. One page of cases past their statutory deadline with the working days overdue, ' +
      'stops, notices and compensation owed, filtered and sorted as asked. `format=csv` (or `Accept: text/csv` without ' +
      'JSON first) streams every matching row as CSV instead, as GET /v1/oversight/overdue.csv does.',
  })
  @ApiExtraModels(OverduePage)
  @ApiOkResponse({
    description: 'One page as JSON, or every matching row as CSV',
    headers: CSV_HEADERS(false),
    content: { 'application/json': { schema: { $ref: getSchemaPath(OverduePage) } }, 'text/csv': CSV },
  })
  async overdue(
    @Query() q: OverdueQuery,
    @Headers('accept') accept: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<OverduePage | StreamableFile> {
    if (q.format === 'csv' || (q.format === undefined && wantsCsv(accept))) return this.csv(q, req, res);
    return this.overdueService.page(q);
  }

  @Get('overdue.csv')
  @Access('ombudsman')
  @ApiProduces('text/csv')
  @ApiOperation({
    operationId: 'exportOverdueCsv',
    summary: 'The overdue list as CSV, streamed (every matching row, not one page)',
    description:
      'The ombudsman only. The same filters and order as listOverdue, every matching row (page and pageSize are ignored), ' +
      'streamed as a download. A query that fails answers problem+json before any CSV is sent.',
  })
  @ApiOkResponse({ description: 'Every matching row', headers: CSV_HEADERS(true), content: { 'text/csv': CSV } })
  overdueCsv(@Query() q: OverdueQuery, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    return this.csv(q, req, res);
  }

  @Get('applications/:id')
  @Access('ombudsman')
  @ApiOperation({
    operationId: 'getCaseRecord',
    summary: 'The whole record of a case: timeline, clocks with stops and restarts, assignments, documents, audit chain check',
    description:
      'The ombudsman only, any agency, read-only. The case, each clock with its history, every claim, release, assignment ' +
      'and escalation, every upload, the timeline and a fresh walk of the case audit chain. 404 `application-not-found`.',
  })
  @ApiOkResponse({ type: CaseRecord, description: 'The record' })
  record(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<CaseRecord> {
    return this.records.record(user, id);
  }

  @Get('stats')
  @Access('ombudsman')
  @ApiOperation({
    operationId: 'getComplianceStatistics',
    summary: 'Compliance statistics per agency, permit type and month of decision',
    description:
      'The ombudsman only. Over cases decided (approved or rejected) in the months from..to (WIB, at most 60): on-time rate, ' +
      'working days used (stops excluded), stops, breaches, escalations, deemed approvals and compensation owed. ' +
      '400 `bad-period` when `to` is before `from` or too far after it.',
  })
  @ApiOkResponse({ type: [ComplianceStatsRow], description: 'One row per agency, permit type and month, by month' })
  stats(@Query() q: StatsQuery): Promise<ComplianceStatsRow[]> {
    return this.statsService.stats(q.from, q.to, q);
  }

  @Get('signals')
  @Access('ombudsman')
  @ApiOperation({
    operationId: 'listSignals',
    summary: 'Suspicion signals: maxed-out deficiency notices, notices in the last working day, many reassignments',
    description: 'The ombudsman only. Three lists of cases worth a second look, each capped at 100, optionally for one agency.',
  })
  @ApiOkResponse({ type: SignalsView, description: 'The three lists' })
  signals(@Query() q: SignalsQuery): Promise<SignalsView> {
    return this.signalsService.signals(q.agency);
  }

  @Get('complaints')
  @Access('ombudsman')
  @ApiOperation({
    operationId: 'listComplaints',
    summary: 'Every complaint, filterable',
    description: 'The ombudsman only. One page of complaints about every agency, newest first, filtered by agency, status and category.',
  })
  @ApiOkResponse({ type: ComplaintPage, description: 'One page of complaints, newest first' })
  listComplaints(@CurrentUser() user: AuthUser, @Query() q: ComplaintsQuery): Promise<ComplaintPage> {
    return this.complaints.list(user, q);
  }

  @Patch('complaints/:id')
  @Access('ombudsman')
  @ApiOperation({
    operationId: 'updateComplaint',
    summary: "Record a complaint's handling status and findings (the ombudsman's only write)",
    description: 'The ombudsman only. Sets the status and, when given, the findings; audited on the case. 404 `complaint-not-found`.',
  })
  @ApiOkResponse({ type: ComplaintView, description: 'The complaint as recorded' })
  handle(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: HandleComplaintDto): Promise<ComplaintView> {
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
  @ApiOperation({
    operationId: 'fileComplaint',
    summary: 'File a complaint about your own case (Ombudsman maladministration category)',
    description:
      'The applicant of the case only (403 `not-the-applicant` for another applicant). Answers the complaint, status ' +
      '`received`. 404 when the case is not visible; 409 `not-submitted` for a draft.',
  })
  @ApiCreatedResponse({ type: ComplaintView, description: 'The complaint as filed' })
  @ApiResponse({ status: 409, description: 'not-submitted: a complaint concerns a submitted application' })
  file(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: FileComplaintDto): Promise<ComplaintView> {
    return this.complaints.file(user, id, dto);
  }

  @Get('applications/:id/complaints')
  @Access('applicant', 'supervisor', 'ombudsman')
  @ApiOperation({
    operationId: 'listCaseComplaints',
    summary: 'Complaints about a case',
    description:
      "The case's applicant, a supervisor of its agency, or the ombudsman (other roles 403): every complaint about the case, " +
      'oldest first. 404 when the case is not visible to the caller.',
  })
  @ApiOkResponse({ type: [ComplaintView], description: 'The complaints, oldest first' })
  forCase(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<ComplaintView[]> {
    return this.complaints.forCase(user, id);
  }

  @Get('complaints')
  @Access('supervisor')
  @ApiOperation({
    operationId: 'listAgencyComplaints',
    summary: "Complaints about the supervisor's agency",
    description: "Supervisors only: one page of the complaints about their own agency's cases, newest first, filtered by status and category.",
  })
  @ApiOkResponse({ type: ComplaintPage, description: 'One page of complaints, newest first' })
  list(@CurrentUser() user: AuthUser, @Query() q: ComplaintsQuery): Promise<ComplaintPage> {
    return this.complaints.list(user, q);
  }
}

@ApiTags('public')
@Public()
@Controller('v1/public')
export class PublicStatsController {
  constructor(private readonly statsService: StatsReadModel) {}

  @Get('stats')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({
    operationId: 'getPublicStatistics',
    summary: 'Published vs real processing time per agency and permit type (groups under 5 suppressed)',
    description:
      'Anyone may call it. For the recent months (the current one included): the statutory time each service standard ' +
      'publishes against the working days cases really took, on-time rate and breaches; every figure of a group of fewer ' +
      'than 5 decided cases is withheld (null), so no figure identifies a case.',
  })
  @ApiOkResponse({
    type: [PublicStatsRow],
    description: 'One row per agency, permit type and month, by month',
    headers: { 'Cache-Control': { description: '`public, max-age=300`', required: true, schema: { type: 'string' } } },
  })
  stats(@Query() q: PublicStatsQuery): Promise<PublicStatsRow[]> {
    return this.statsService.publicStats(Math.min(q.months ?? 6, 24));
  }
}

function wantsCsv(accept: string | undefined): boolean {
  return accept !== undefined && /\btext\/csv\b/.test(accept) && !/\bapplication\/json\b/.test(accept.split(',')[0] ?? '');
}
