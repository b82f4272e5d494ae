import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import {
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Access, AuthUser, CurrentUser } from '@tenggat/identity';
import { Page } from '@tenggat/platform';
import type { Response } from 'express';
import { ActionDto, CreateApplicationDto, ListApplicationsQuery, parseIfMatch, UpdateApplicationDto, UploadDocumentDto } from './applications.dto';
import { ApplicationsService, SubmissionReceipt } from './applications.service';
import { CaseActionsService } from './case-actions.service';
import { CaseView } from './case-views';
import { DecisionService } from './decision.service';
import { attachmentDisposition } from './document-names';
import { DocumentUploadInterceptor } from './document-upload.interceptor';
import { DocumentsService } from './documents.service';
import { StoredUpload } from './upload-storage';

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
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'The same key again answers with the same receipt, without the access code' })
  @ApiOperation({
    summary: 'Submit a complete application: reference, legal deadline and receipt',
    description:
      'The receipt carries the access code for public tracking (`accessCode`, and `trackUrl` with it) once: the code is stored only as a salted hash. ' +
      'A repeated request with the same Idempotency-Key answers with the same receipt without `accessCode`, with `accessCodeNote` saying why, and `trackUrl` without the code.',
  })
  submit(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Headers('idempotency-key') key?: string): Promise<SubmissionReceipt> {
    return this.applications.submit(user, id, key?.slice(0, 200));
  }

  @Get(':id/timeline')
  @Access('any')
  @ApiOperation({ summary: 'Every event of the case in order, clock stops and restarts included' })
  timeline(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<Record<string, unknown>[]> {
    return this.applications.timeline(user, id);
  }

  @Get(':id/actions')
  @Access('any')
  @ApiOperation({ summary: 'What the caller may do now, and for the others why not' })
  available(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<unknown> {
    return this.actions.available(user, id);
  }

  @Post(':id/actions')
  @HttpCode(200)
  @Access('any')
  @ApiHeader({ name: 'If-Match', required: false, description: 'The case version (or expectedVersion in the body)' })
  @ApiOperation({ summary: 'Take a workflow action (guarded by the case version)' })
  act(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: ActionDto, @Headers('if-match') ifMatch?: string): Promise<CaseView> {
    return this.actions.act(user, id, dto, parseIfMatch(ifMatch, dto.expectedVersion));
  }

  @Post(':id/documents')
  @Access('applicant')
  @UseInterceptors(DocumentUploadInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    description: 'Send `requirement` before `file`, so an oversized file is refused while it arrives',
    schema: { type: 'object', required: ['file', 'requirement'], properties: { requirement: { type: 'string' }, file: { type: 'string', format: 'binary' } } },
  })
  @ApiOperation({
    summary: 'Upload (or replace) the document for one requirement',
    description:
      'The case is checked (yours, taking documents) before the body is read. The file is streamed to disk, never held in memory. ' +
      'Replaced versions are kept as evidence, up to MAX_DOCUMENT_VERSIONS per requirement and MAX_APPLICATION_BYTES per case. ' +
      'At most two uploads per user at once.',
  })
  @ApiNotFoundResponse({ description: 'application-not-found: no such case, or not yours (the body is not read)' })
  @ApiConflictResponse({ description: 'documents-locked: the case does not take documents now' })
  @ApiPayloadTooLargeResponse({ description: 'payload-too-large: larger than MAX_UPLOAD_BYTES' })
  @ApiUnprocessableEntityResponse({
    description: 'file-too-large (the requirement\'s limit), unsupported-media-type, unknown-requirement, document-versions-exceeded, application-storage-exceeded',
  })
  @ApiTooManyRequestsResponse({ description: 'too-many-uploads: two uploads of yours are in progress; Retry-After says when to try again' })
  upload(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: UploadDocumentDto, @UploadedFile() file?: StoredUpload): Promise<Record<string, unknown>> {
    return this.documents.upload(user, id, dto.requirement, file);
  }

  @Get(':id/documents')
  @Access('applicant', 'staff', 'ombudsman')
  @ApiOperation({ summary: 'Documents of the case (current and replaced)' })
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
    res.setHeader('Content-Disposition', attachmentDisposition(doc.fileName, doc.mediaType, doc.requirementCode));
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
