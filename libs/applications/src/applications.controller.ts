import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, AuthUser, CurrentUser } from '@tenggat/identity';
import { Page } from '@tenggat/platform';
import type { Response } from 'express';
import { ActionDto, CreateApplicationDto, ListApplicationsQuery, parseIfMatch, UpdateApplicationDto, UploadDocumentDto } from './applications.dto';
import { ApplicationsService, SubmissionReceipt } from './applications.service';
import { CaseActionsService } from './case-actions.service';
import { CaseView } from './case-views';
import { AvailableActionsView, CaseAuditCheckView, ListedDocumentView } from './case-responses.views';
import { TimelineEntryView } from './timeline.views';
import { DecisionService } from './decision.service';
import { DocumentsService, UploadedFile as Upload } from './documents.service';

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('applications')
@Controller('v1/applications')
export class ApplicationsController {
  constructor(
    private readonly applications: ApplicationsService,
    private readonly actions: CaseActionsService,
    private readonly documents: DocumentsService,
    private readonly decisions: DecisionService,
  ) {}

  @Post()
  @Access('applicant')
  @ApiOperation({ summary: 'Create a draft application for a permit type' })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateApplicationDto): Promise<CaseView> {
    return this.applications.create(user, dto);
  }

  @Get()
  @Access('any')
  @ApiOperation({ summary: 'Applications the caller may see (applicants: their own), newest first' })
  list(@CurrentUser() user: AuthUser, @Query() q: ListApplicationsQuery): Promise<Page<Record<string, unknown>>> {
    return this.applications.list(user, q);
  }

  @Get(':id')
  @Access('any')
  @ApiOperation({ summary: 'The case: state, version, deadlines (with their calendar and zone), clocks, allowed actions, documents, permit' })
  @ApiOkResponse({ type: CaseView })
  get(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<CaseView> {
    return this.applications.get(user, id);
  }

  @Patch(':id')
  @Access('applicant')
  @ApiHeader({ name: 'If-Match', required: false, description: 'The version you read (409 with currentVersion when stale)' })
  @ApiOperation({ summary: 'Edit a draft: the form fields sent replace the stored ones, null removes one (JSON merge patch)' })
  update(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: UpdateApplicationDto, @Headers('if-match') ifMatch?: string): Promise<CaseView> {
    return this.applications.update(user, id, dto, parseIfMatch(ifMatch, dto.expectedVersion));
  }

  @Post(':id/submit')
  @Access('applicant')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiOperation({ summary: 'Submit a complete application: reference, legal deadline and receipt' })
  submit(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Headers('idempotency-key') key?: string): Promise<SubmissionReceipt> {
    return this.applications.submit(user, id, key?.slice(0, 200));
  }

  @Get(':id/timeline')
  @Access('any')
  @ApiOperation({ summary: 'Every event of the case in order, clock stops and restarts included' })
  @ApiOkResponse({ type: [TimelineEntryView] })
  timeline(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<Record<string, unknown>[]> {
    return this.applications.timeline(user, id);
  }

  @Get(':id/audit-check')
  @Access('staff', 'ombudsman')
  @ApiOperation({ summary: "Verify the case's audit hash chain (every event links to the one before)" })
  @ApiOkResponse({ type: CaseAuditCheckView })
  auditCheck(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<CaseAuditCheckView> {
    return this.applications.auditCheck(user, id);
  }

  @Get(':id/actions')
  @Access('any')
  @ApiOperation({ summary: 'What the caller may do now, and for the others why not' })
  @ApiOkResponse({ type: AvailableActionsView })
  available(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<unknown> {
    return this.actions.available(user, id);
  }

  @Post(':id/actions')
  @HttpCode(200)
  @Access('any')
  @ApiHeader({ name: 'If-Match', required: false, description: 'The case version (or expectedVersion in the body)' })
  @ApiOperation({ summary: 'Take a workflow action (guarded by the case version)' })
  @ApiOkResponse({ type: CaseView })
  act(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: ActionDto, @Headers('if-match') ifMatch?: string): Promise<CaseView> {
    return this.actions.act(user, id, dto, parseIfMatch(ifMatch, dto.expectedVersion));
  }

  @Post(':id/documents')
  @Access('applicant')
  @UseInterceptors(FileInterceptor('file'))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file', 'requirement'], properties: { file: { type: 'string', format: 'binary' }, requirement: { type: 'string' } } } })
  @ApiOperation({ summary: 'Upload (or replace) the document for one requirement' })
  upload(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: UploadDocumentDto, @UploadedFile() file?: Upload): Promise<Record<string, unknown>> {
    return this.documents.upload(user, id, dto.requirement, file);
  }

  @Get(':id/documents')
  @Access('applicant', 'staff', 'ombudsman')
  @ApiOperation({ summary: 'Documents of the case (current and replaced)' })
  @ApiOkResponse({ type: [ListedDocumentView] })
  listDocuments(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<Record<string, unknown>[]> {
    return this.documents.list(user, id);
  }

  @Get(':id/documents/:documentId')
  @Access('applicant', 'staff', 'ombudsman')
  @ApiOperation({ summary: 'Download a document' })
  async download(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
    @Param('documentId', uuid) documentId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const { doc, stream } = await this.documents.download(user, id, documentId);
    res.setHeader('Content-Type', doc.mediaType);
    res.setHeader('Content-Length', String(doc.sizeBytes));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Disposition', `attachment; filename="${doc.fileName.replace(/[^\w.-]/g, '_')}"`);
    return new StreamableFile(stream);
  }

  @Get(':id/decision')
  @Access('applicant', 'staff', 'ombudsman')
  @ApiOperation({ summary: 'The decision record of an issued permit (JSON)' })
  async decision(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Res({ passthrough: true }) res: Response): Promise<Record<string, unknown>> {
    const d = await this.decisions.decision(user, id);
    res.setHeader('Content-Disposition', `attachment; filename="decision-${String(d.permitNumber).replace(/[^\w.-]/g, '_')}.json"`);
    return d;
  }
}
