import { Body, Controller, Get, HttpCode, Ip, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { Access, AuthUser, CurrentUser, Public } from '@tenggat/identity';
import { Page } from '@tenggat/platform';
import { AssignDto, QueueQuery, TrackQuery } from './applications.dto';
import { ApplicationsService } from './applications.service';
import { Assignment, QueueItem, QueueService } from './queue.service';

const uuid = new ParseUUIDPipe();

@ApiTags('queue')
@Controller('v1')
export class QueueController {
  constructor(private readonly queueService: QueueService) {}

  @Get('queue')
  @Access('staff')
  @ApiOperation({
    summary: "The agency's open cases in the states the caller's roles work on (supervisors: all), escalated first, then nearest deadline",
  })
  queue(@CurrentUser() user: AuthUser, @Query() q: QueueQuery): Promise<Page<QueueItem>> {
    return this.queueService.queue(user, q);
  }

  @Post('applications/:id/claim')
  @HttpCode(200)
  @Access('staff')
  @ApiOperation({ summary: 'Claim an unassigned case in your queue (atomic: of two concurrent claims one wins, the other gets 409)' })
  claim(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<Assignment> {
    return this.queueService.claim(user, id);
  }

  @Post('applications/:id/release')
  @HttpCode(200)
  @Access('staff')
  @ApiOperation({ summary: 'Release a case you hold (supervisors: any case of the agency)' })
  release(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<Assignment> {
    return this.queueService.release(user, id);
  }

  @Post('applications/:id/assign')
  @HttpCode(200)
  @Access('supervisor')
  @ApiOperation({ summary: 'Assign a case to a staff member of the agency whose roles work on its state (supervisors)' })
  assign(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: AssignDto): Promise<Assignment> {
    return this.queueService.assign(user, id, dto.assigneeId);
  }
}

@ApiTags('public')
@Public()
@Controller('v1/public')
export class PublicTrackController {
  constructor(private readonly applications: ApplicationsService) {}

  @Get('track/:reference')
  @ApiOperation({
    summary: 'Status of an application by reference and access code (nothing personal)',
    description: 'At most 30 lookups a minute per client address, and 10 wrong access codes an hour per address and reference.',
  })
  @ApiNotFoundResponse({ description: 'application-not-found: no application matches this reference and access code' })
  @ApiTooManyRequestsResponse({ description: 'too-many-lookups or too-many-wrong-codes, with Retry-After' })
  track(@Param('reference') reference: string, @Query() q: TrackQuery, @Ip() ip: string): Promise<Record<string, unknown>> {
    return this.applications.track(reference, q.code, ip);
  }
}
