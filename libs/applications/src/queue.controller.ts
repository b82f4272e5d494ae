import { Body, Controller, Get, HttpCode, Ip, Param, ParseUUIDPipe, Post, Query, Sse } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Access, AuthUser, CurrentUser, Public } from '@tenggat/identity';
import { ApiProblems } from '@tenggat/platform';
import { AssignDto, BulkAssignDto, QueueQuery, TrackQuery } from './applications.dto';
import { ApplicationsService } from './applications.service';
import { Assignment, BulkAssignResult, QueuePage, SupervisorBoard, TrackingStatus } from './applications.views';
import { CaseEvents, toMessage } from './case-events';
import { QueueService } from './queue.service';
import { interval, map, merge, Observable } from 'rxjs';

const uuid = new ParseUUIDPipe();

@ApiTags('queue')
@Controller('v1')
export class QueueController {
  constructor(
    private readonly queueService: QueueService,
    private readonly caseEvents: CaseEvents,
  ) {}

  @Sse('queue/events')
  @Access('staff')
  @ApiOperation({
    operationId: 'streamQueueEvents',
    summary: "Live changes of the agency's cases (server-sent events): claimed, released, assigned, acted on, submitted, and each domain event",
    description:
      'Staff of an agency. `text/event-stream`; each message\'s data is `{"id": "<case>", "kind": "claimed|released|assigned|action|submitted|ping"}` ' +
      'or, for a domain event once the outbox relay has dispatched it (an SLA warning or breach flagged by the worker, a decision, ...), `{"id": "<case>", "kind": "<event type>"}` ' +
      '(ids only: read the case or the queue again; the full events, scoped per user, are on `GET /v1/events/stream`). Fed across processes through Redis pub/sub; a `ping` every 20 s keeps proxies from closing it. ' +
      'The console uses it to refresh the inbox and the open case without a reload, and polls only while it is down.',
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'The event stream', schema: { type: 'string', description: 'text/event-stream' } })
  events(@CurrentUser() user: AuthUser): Observable<{ data: { id: string; kind: string } }> {
    const ping = interval(20_000).pipe(map(() => ({ data: { id: '', kind: 'ping' } })));
    return merge(toMessage(this.caseEvents.of(user.agency ?? '')), ping);
  }

  @Get('queue')
  @Access('staff')
  @ApiOperation({
    operationId: 'listQueue',
    summary: "The agency's open cases in the states the caller's roles work on (supervisors: all), escalated first, then nearest deadline",
    description: 'Staff of an agency. Filters: permitType, state, assigned (me | unassigned), flagged (breached | warned | escalated). Each row says how many working days are left.',
  })
  @ApiOkResponse({ type: QueuePage })
  queue(@CurrentUser() user: AuthUser, @Query() q: QueueQuery): Promise<QueuePage> {
    return this.queueService.queue(user, q);
  }

  @Post('applications/:id/claim')
  @HttpCode(200)
  @Access('staff')
  @ApiOperation({
    operationId: 'claimApplication',
    summary: 'Claim an unassigned case in your queue (atomic: of two concurrent claims one wins, the other gets 409)',
    description: 'An officer whose roles work on the case state; 409 when someone holds it already.',
  })
  @ApiOkResponse({ type: Assignment })
  @ApiProblems(409)
  claim(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<Assignment> {
    return this.queueService.claim(user, id);
  }

  @Post('applications/:id/release')
  @HttpCode(200)
  @Access('staff')
  @ApiOperation({
    operationId: 'releaseApplication',
    summary: 'Release a case you hold (supervisors: any case of the agency)',
    description: 'The holder or a supervisor; 409 when the caller does not hold it.',
  })
  @ApiOkResponse({ type: Assignment })
  @ApiProblems(409)
  release(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<Assignment> {
    return this.queueService.release(user, id);
  }

  @Post('applications/:id/assign')
  @HttpCode(200)
  @Access('supervisor')
  @ApiOperation({
    operationId: 'assignApplication',
    summary: 'Assign a case to a staff member of the agency whose roles work on its state (supervisors)',
    description: 'Supervisors of the agency; 422 when the assignee is not active staff of the agency or does not work on the case state.',
  })
  @ApiOkResponse({ type: Assignment })
  @ApiProblems(409, 422)
  assign(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: AssignDto): Promise<Assignment> {
    return this.queueService.assign(user, id, dto.assigneeId);
  }

  @Post('queue/bulk-assign')
  @HttpCode(200)
  @Access('supervisor')
  @ApiOperation({
    operationId: 'bulkAssignApplications',
    summary: 'Reassign many cases to one staff member, with a reason (supervisors)',
    description:
      'Supervisors of the agency. Each case is assigned on its own, exactly as the single assignment does (its own guarded write, ' +
      'audit event with the reason as comment); the answer has one result per case: its assignment, or the problem (status, code, detail) ' +
      'that refused it. A batch where some fail still answers 200.',
  })
  @ApiOkResponse({ type: BulkAssignResult })
  bulkAssign(@CurrentUser() user: AuthUser, @Body() dto: BulkAssignDto): Promise<BulkAssignResult> {
    return this.queueService.bulkAssign(user, dto.ids, dto.assigneeId, dto.reason);
  }

  @Get('queue/board')
  @Access('supervisor')
  @ApiOperation({
    operationId: 'getSupervisorBoard',
    summary: "The agency's open cases by permit type and state (warned, breached, escalated, unassigned) and each staff member's workload",
    description: 'Supervisors of the agency. Stuck cases: GET /v1/queue?idleWorkingDays=N; escalations waiting: GET /v1/queue?flagged=escalated.',
  })
  @ApiOkResponse({ type: SupervisorBoard })
  board(@CurrentUser() user: AuthUser): Promise<SupervisorBoard> {
    return this.queueService.board(user);
  }
}

@ApiTags('public')
@Public()
@Controller('v1/public')
export class PublicTrackController {
  constructor(private readonly applications: ApplicationsService) {}

  @Get('track/:reference')
  @ApiOperation({
    operationId: 'trackApplication',
    summary: 'Status of an application by reference and access code (nothing personal)',
    description: 'At most 30 lookups a minute per client address, and 10 wrong access codes an hour per address and reference.',
  })
  @ApiOkResponse({ type: TrackingStatus })
  @ApiResponse({ status: 404, description: 'application-not-found: no application matches this reference and access code' })
  @ApiResponse({ status: 429, description: 'too-many-lookups or too-many-wrong-codes, with Retry-After' })
  track(@Param('reference') reference: string, @Query() q: TrackQuery, @Ip() ip: string): Promise<TrackingStatus> {
    return this.applications.track(reference, q.code, ip);
  }
}
