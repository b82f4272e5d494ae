import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Access, AuthUser, CurrentUser, Public } from '@tenggat/identity';
import { ApiProblems } from '@tenggat/platform';
import { EVENT_TYPES } from './event-catalogue';
import { EventFeedQuery } from './events.dto';
import { EventsService } from './events.service';
import { EventCatalogueView, EventPage, JsonSchemaDocument } from './events.views';

@ApiTags('events')
@Controller('v1/events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

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
}
