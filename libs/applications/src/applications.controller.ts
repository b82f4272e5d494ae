import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Access, AuthUser, CurrentUser } from '@tenggat/identity';
import { ApiProblems } from '@tenggat/platform';
import type { Response } from 'express';
import { ActionDto, CreateApplicationDto, ListApplicationsQuery, parseIfMatch, UpdateApplicationDto, UploadDocumentDto } from './applications.dto';
import { ApplicationsService } from './applications.service';
import {
  ApplicationPage,
  AvailableActionsView,
  CaseAuditCheck,
  DecisionRecord,
  DocumentListItem,
  DocumentView,
  SubmissionReceipt,
  TimelineEntry,
} from './applications.views';
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
  @ApiOperation({
    operationId: 'createApplication',
    summary: 'Create a draft application for a permit type',
    description: 'Applicants only. The form is checked against the fields the permit type declares (types, unknown fields); required fields are checked at submit.',
  })
  @ApiCreatedResponse({ type: CaseView, description: 'The new draft' })
  @ApiProblems(422)
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateApplicationDto): Promise<CaseView> {
    return this.applications.create(user, dto);
  }

  @Get()
  @Access('any')
  @ApiOperation({
    operationId: 'listApplications',
    summary: 'Applications the caller may see (applicants: their own), newest first',
    description: "Applicants see their own (drafts included); staff their agency's submitted cases; the ombudsman every submitted case. Filters by state and permit type.",
  })
  @ApiOkResponse({ type: ApplicationPage })
  list(@CurrentUser() user: AuthUser, @Query() q: ListApplicationsQuery): Promise<ApplicationPage> {
    return this.applications.list(user, q);
  }

  @Get(':id')
  @Access('any')
  @ApiOperation({
    operationId: 'getApplication',
    summary: 'The case: state, version, deadlines (with their calendar and zone), clocks, allowed actions, documents, permit',
    description: 'Visible to its applicant, the staff of its agency (once submitted) and the ombudsman; anyone else gets 404, as for a case that does not exist.',
  })
  @ApiOkResponse({ type: CaseView })
  get(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<CaseView> {
    return this.applications.get(user, id);
  }

  @Patch(':id')
  @Access('applicant')
  @ApiHeader({ name: 'If-Match', required: false, description: 'The version you read (409 with currentVersion when stale)' })
  @ApiOperation({
    operationId: 'updateApplication',
    summary: 'Edit a draft: the form fields sent replace the stored ones, null removes one (JSON merge patch)',
    description: 'The applicant, while a draft. Send the version read as If-Match or expectedVersion: a stale one answers 409 with currentVersion.',
  })
  @ApiOkResponse({ type: CaseView })
  @ApiProblems(409, 422)
  update(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: UpdateApplicationDto, @Headers('if-match') ifMatch?: string): Promise<CaseView> {
    return this.applications.update(user, id, dto, parseIfMatch(ifMatch, dto.expectedVersion));
  }

  @Post(':id/submit')
  @Access('applicant')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'The same key again answers with the same receipt, without the access code' })
  @ApiOperation({
    operationId: 'submitApplication',
    summary: 'Submit a complete application: reference, legal deadline and receipt',
    description:
      'The receipt carries the access code for public tracking (`accessCode`, and `trackUrl` with it) once: the code is stored only as a salted hash. ' +
      'A repeated request with the same Idempotency-Key answers with the same receipt without `accessCode`, with `accessCodeNote` saying why, and `trackUrl` without the code.',
  })
  @ApiCreatedResponse({ type: SubmissionReceipt })
  @ApiProblems(409, 422)
  submit(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Headers('idempotency-key') key?: string): Promise<SubmissionReceipt> {
    return this.applications.submit(user, id, key?.slice(0, 200));
  }

  @Get(':id/timeline')
  @Access('any')
  @ApiOperation({
    operationId: 'getTimeline',
    summary: 'Every event of the case in order, clock stops and restarts included',
    description: 'Audit events (actions, documents, assignments) and clock events merged by time; each clock event says who stopped or restarted the clock and why.',
  })
  @ApiOkResponse({ type: [TimelineEntry] })
  timeline(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<TimelineEntry[]> {
    return this.applications.timeline(user, id);
  }

  @Get(':id/audit-check')
  @Access('staff', 'ombudsman')
  @ApiOperation({
    operationId: 'checkApplicationAudit',
    summary: "Verify the case's audit hash chain (every event links to the one before)",
    description: 'Staff of the agency and the ombudsman. Walks the stream `case:<id>` as `audit:verify` does.',
  })
  @ApiOkResponse({ type: CaseAuditCheck })
  auditCheck(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<CaseAuditCheck> {
    return this.applications.auditCheck(user, id);
  }

  @Get(':id/actions')
  @Access('any')
  @ApiOperation({
    operationId: 'listActions',
    summary: 'What the caller may do now, and for the others why not',
    description: 'Every action out of the current state with `allowed`, and for refused ones a reason (wrong role, deficiency-notice cap, claimed by a colleague).',
  })
  @ApiOkResponse({ type: AvailableActionsView })
  available(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<AvailableActionsView> {
    return this.actions.available(user, id);
  }

  @Post(':id/actions')
  @HttpCode(200)
  @Access('any')
  @ApiHeader({ name: 'If-Match', required: false, description: 'The case version (or expectedVersion in the body)' })
  @ApiOperation({
    operationId: 'takeAction',
    summary: 'Take a workflow action (guarded by the case version)',
    description:
      'Writes the new state, the audit event and the clock effects in one transaction. 409 for a stale version (with currentVersion), a state the action does not leave from, ' +
      'a case claimed by a colleague or the deficiency-notice cap; 403 for the wrong role; 422 when a required comment or missingDocuments is absent, ' +
      'and 422 `documents-not-replaced` for a resubmission before each document the deficiency notice named was uploaded anew ' +
      '(its `missingDocuments` lists them, as `deficiencyNotices.toReplace` on the case does; nothing changes).',
  })
  @ApiOkResponse({ type: CaseView })
  @ApiProblems(409, 422)
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
    operationId: 'uploadDocument',
    summary: 'Upload (or replace) the document for one requirement',
    description:
      'The case is checked (yours, taking documents) before the body is read. The file is streamed to disk, never held in memory. ' +
      'Replaced versions are kept as evidence, up to MAX_DOCUMENT_VERSIONS per requirement and MAX_APPLICATION_BYTES per case. ' +
      'At most two uploads per user at once.',
  })
  @ApiCreatedResponse({ type: DocumentView })
  @ApiResponse({ status: 404, description: 'application-not-found: no such case, or not yours (the body is not read)' })
  @ApiResponse({ status: 409, description: 'documents-locked: the case does not take documents now' })
  @ApiResponse({ status: 413, description: 'payload-too-large: larger than MAX_UPLOAD_BYTES' })
  @ApiResponse({
    status: 422,
    description: "file-too-large (the requirement's limit), unsupported-media-type, unknown-requirement, document-versions-exceeded, application-storage-exceeded",
  })
  @ApiResponse({ status: 429, description: 'too-many-uploads: two uploads of yours are in progress; Retry-After says when to try again' })
  upload(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: UploadDocumentDto, @UploadedFile() file?: StoredUpload): Promise<DocumentView> {
    return this.documents.upload(user, id, dto.requirement, file);
  }

  @Get(':id/documents')
  @Access('applicant', 'staff', 'ombudsman')
  @ApiOperation({
    operationId: 'listDocuments',
    summary: 'Documents of the case (current and replaced)',
    description: 'Every version ever uploaded, oldest first; replaced ones have current=false and stay as evidence.',
  })
  @ApiOkResponse({ type: [DocumentListItem] })
  listDocuments(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<DocumentListItem[]> {
    return this.documents.list(user, id);
  }

  @Get(':id/documents/:documentId')
  @Access('applicant', 'staff', 'ombudsman')
  @ApiOperation({
    operationId: 'downloadDocument',
    summary: 'Download a document',
    description: 'The stored bytes with their sniffed media type, as an attachment named with a cleaned file name whose extension follows the real type.',
  })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'The file', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } })
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
  @ApiOperation({
    operationId: 'getDecision',
    summary: 'The decision record of an issued permit (JSON)',
    description: 'Sent as an attachment (decision-<permit number>.json); 404 until a permit is issued.',
  })
  @ApiOkResponse({ type: DecisionRecord })
  async decision(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Res({ passthrough: true }) res: Response): Promise<DecisionRecord> {
    const d = await this.decisions.decision(user, id);
    res.setHeader('Content-Disposition', `attachment; filename="decision-${String(d.permitNumber).replace(/[^\w.-]/g, '_')}.json"`);
    return d;
  }
}
