import { Body, Controller, Delete, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Res, StreamableFile } from '@nestjs/common';
import { ApiAcceptedResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { Access, AuthUser, CurrentUser } from '@tenggat/identity';
import { ApiProblems } from '@tenggat/platform';
import { REPORT_CSV_COLUMNS, reportCsvRecords, WhatIfReport } from '@tenggat/whatif';
import { stringify } from 'csv-stringify/sync';
import type { Response } from 'express';
import { CreateWhatIfRunDto } from './whatif.dto';
import { WhatIfService } from './whatif.service';
import { WhatIfReportView, WhatIfRunView } from './whatif.views';

const uuid = new ParseUUIDPipe();

const CSV = {
  schema: {
    type: 'string',
    description: `RFC 4180 CSV, a header row then one row per agency, permit type and month; columns: ${REPORT_CSV_COLUMNS.join(', ')}`,
    example: `${REPORT_CSV_COLUMNS.join(',')}\n`,
  },
} as const;

function wantsCsv(accept: string | undefined): boolean {
  return accept !== undefined && /\btext\/csv\b/.test(accept) && !/\bapplication\/json\b/.test(accept.split(',')[0] ?? '');
}

@ApiTags('whatif')
@Controller('v1/whatif/runs')
export class WhatIfController {
  constructor(private readonly whatif: WhatIfService) {}

  @Post()
  @HttpCode(202)
  @Access('admin', 'ombudsman')
  @ApiProblems(400, 422)
  @ApiOperation({
    operationId: 'createWhatIfRun',
    summary: 'Replay the past against a proposed rule (a job: 202 with the run)',
    description:
      'Admins and the ombudsman. Replays every case submitted between `from` and `to` (WIB, inclusive; optionally of some agencies) ' +
      'under the proposal: a permit type definition in the YAML language (validated exactly as workflow:check does: 422 ' +
      '`invalid-proposal` with each fault\'s path and line), non-working days added to or removed from a calendar (422 ' +
      '`invalid-calendar-change`), and/or a warning share. The run is a job: follow it with getWhatIfRun, read the report ' +
      'with getWhatIfReport, cancel it with cancelWhatIfRun. Nothing but the run is written.',
  })
  @ApiAcceptedResponse({ type: WhatIfRunView, description: 'The run, queued' })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateWhatIfRunDto): Promise<WhatIfRunView> {
    return this.whatif.create(user, dto);
  }

  @Get(':id')
  @Access('admin', 'ombudsman')
  @ApiProblems(400, 404)
  @ApiOperation({ operationId: 'getWhatIfRun', summary: 'A what-if run: status and progress (cases done of total)', description: 'Admins and the ombudsman. 404 `whatif-run-not-found`.' })
  @ApiOkResponse({ type: WhatIfRunView, description: 'The run' })
  get(@Param('id', uuid) id: string): Promise<WhatIfRunView> {
    return this.whatif.get(id);
  }

  @Get(':id/report')
  @Access('admin', 'ombudsman')
  @ApiProblems(400, 404, 409)
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({
    operationId: 'getWhatIfReport',
    summary: 'The report of a finished run: actual vs proposal per agency, permit type and month (Accept: text/csv for CSV)',
    description:
      'Admins and the ombudsman. JSON, or with `Accept: text/csv` one CSV row per group with each figure as actual and proposal ' +
      'side by side (as GET .../report.csv). 409 `whatif-run-not-done` until the run is done.',
  })
  @ApiExtraModels(WhatIfReportView)
  @ApiOkResponse({ description: 'The report', content: { 'application/json': { schema: { $ref: getSchemaPath(WhatIfReportView) } }, 'text/csv': CSV } })
  async report(@Param('id', uuid) id: string, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) res: Response): Promise<WhatIfReportView | StreamableFile> {
    const report = await this.whatif.report(id);
    return wantsCsv(accept) ? csv(report, id, res) : report;
  }

  @Get(':id/report.csv')
  @Access('admin', 'ombudsman')
  @ApiProblems(400, 404, 409)
  @ApiProduces('text/csv')
  @ApiOperation({ operationId: 'getWhatIfReportCsv', summary: 'The report of a finished run as CSV', description: 'Admins and the ombudsman. As getWhatIfReport with Accept: text/csv.' })
  @ApiOkResponse({ description: 'The report as CSV', content: { 'text/csv': CSV } })
  async reportCsv(@Param('id', uuid) id: string, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    return csv(await this.whatif.report(id), id, res);
  }

  @Delete(':id')
  @Access('admin', 'ombudsman')
  @ApiProblems(400, 404, 409)
  @ApiOperation({ operationId: 'cancelWhatIfRun', summary: 'Cancel a queued or running what-if run', description: 'Admins and the ombudsman. The runner stops at its next beat (every 1000 cases). 409 `whatif-run-finished` when it has already ended.' })
  @ApiOkResponse({ type: WhatIfRunView, description: 'The run, cancelled' })
  cancel(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<WhatIfRunView> {
    return this.whatif.cancel(user, id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Access('admin', 'ombudsman')
  @ApiProblems(400, 404, 409)
  @ApiOperation({ operationId: 'cancelWhatIfRunPost', summary: 'Cancel a queued or running what-if run (as DELETE)', description: 'Admins and the ombudsman. As cancelWhatIfRun.' })
  @ApiOkResponse({ type: WhatIfRunView, description: 'The run, cancelled' })
  cancelPost(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<WhatIfRunView> {
    return this.whatif.cancel(user, id);
  }
}

function csv(report: WhatIfReportView, id: string, res: Response): StreamableFile {
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="whatif-${id}.csv"`);
  return new StreamableFile(Buffer.from(reportCsv(report as unknown as WhatIfReport), 'utf8'));
}

/** The report's groups as CSV text (the command line writes the same). */
export function reportCsv(report: WhatIfReport): string {
  return stringify([[...REPORT_CSV_COLUMNS], ...reportCsvRecords(report)]);
}
