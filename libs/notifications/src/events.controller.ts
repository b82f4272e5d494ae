import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Access, AuthUser, CurrentUser, Public } from '@tenggat/identity';
import { ApiProblems } from '@tenggat/platform';
import type { Response } from 'express';
import { EVENT_TYPES } from './event-catalogue';
import { EventFeedQuery } from './events.dto';
import { EventsService } from './events.service';
import { LiveStreamService } from './live-stream.service';
import { EventCatalogueView, EventPage, JsonSchemaDocument } from './events.views';

@ApiTags('events')
@Controller('v1/events')
export class EventsController {
  constructor(
    private readonly events: EventsService,
    private readonly live: LiveStreamService,
  ) {}

  @Get('catalogue')
  @Public()
  @ApiOperation({
    operationId: 'getEventCatalogue',
    summary: 'The published event types, with the JSON Schema of each',
    description:
      'Public. Every event type the outbox publishes (webhooks, the event feed and the live stream carry the same envelope), ' +
      'its schema version, the JSON Schema (draft 2020-12) of its data and an example.',
  })
  @ApiOkResponse({ type: EventCatalogueView, description: 'The catalogue' })
  @ApiResponse({ status: 400, description: 'invalid-text: the query string carries text no request may (NUL, control characters, malformed UTF-8)' })
  catalogue(): EventCatalogueView {
    return this.events.catalogue();
  }

  @Get('catalogue/:type')
  @Public()
  @ApiOperation({
    operationId: 'getEventSchema',
    summary: "One event type's data schema (JSON Schema, draft 2020-12)",
    description: "Public. The JSON Schema of the data of one event type, at a stable URL a consumer's validator can load.",
  })
  @ApiParam({ name: 'type', enum: EVENT_TYPES })
  @ApiOkResponse({ type: JsonSchemaDocument, description: 'The schema' })
  schema(@Param('type') type: string): JsonSchemaDocument {
    return this.events.schemaOf(type);
  }

  @Get()
  @Access('staff', 'admin', 'ombudsman')
  @ApiOperation({
    operationId: 'listEvents',
    summary: 'The event feed: events after a cursor, oldest first',
    description:
      "For integrators who poll. Staff read their agency's events; admins and the ombudsman every agency's (or one with `agency`). " +
      'Pass the `next` of a page as `after` to read on: the cursor is stable (an event never appears before a position already read). ' +
      'Items are the envelopes webhooks send.',
  })
  @ApiOkResponse({ type: EventPage, description: 'One page of events' })
  @ApiProblems(400)
  feed(@CurrentUser() user: AuthUser, @Query() q: EventFeedQuery): Promise<EventPage> {
    return this.events.feed(user, q);
  }

  @Get('stream')
  @Access('any')
  @ApiProduces('text/event-stream')
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'Resume after this event (EventSource sends it when it reconnects): what was missed is sent first' })
  @ApiOperation({
    operationId: 'streamEvents',
    summary: 'Live updates: server-sent events of the cases the caller may see',
    description:
      'One `text/event-stream` per user, fed across processes. Each message is `id: <position>`, `event: <type>` and `data: <envelope JSON>` ' +
      '(the same envelope as webhooks and the feed). Applicants get their own cases’ events; supervisors their agency’s; officers those of ' +
      'cases of their agency in a state their roles work (or just leaving one), and of cases assigned to them; the ombudsman every event. ' +
      'A comment line keeps the connection alive every 15 s; reconnecting with Last-Event-ID loses nothing.',
  })
  @ApiOkResponse({
    description: 'The stream (never ends by itself)',
    content: { 'text/event-stream': { schema: { type: 'string', example: 'id: 1042\nevent: application.submitted\ndata: {"id":"…","type":"application.submitted",…}\n\n' } } },
  })
  @ApiProblems(400)
  async stream(@CurrentUser() user: AuthUser, @Headers('last-event-id') lastEventId: string | undefined, @Res() res: Response): Promise<void> {
    await this.live.stream(user, lastEventId, res);
  }
}
