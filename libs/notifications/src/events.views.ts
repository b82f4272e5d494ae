import { ApiProperty } from '@nestjs/swagger';
import { EVENT_TYPES } from './event-catalogue';

/** A JSON Schema document (draft 2020-12), as the catalogue publishes one per event type. */
export class JsonSchemaDocument {
  @ApiProperty({ name: '$schema', example: 'https://json-schema.org/draft/2020-12/schema', description: 'The JSON Schema dialect' })
  $schema: string;

  @ApiProperty({ example: 'application.deficiency-notice-sent' })
  title: string;

  @ApiProperty({ example: 'object' })
  type: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The JSON Schema of each field of the data, by field name' })
  properties: Record<string, unknown>;

  @ApiProperty({ type: [String], description: 'Fields always present' })
  required: string[];

  @ApiProperty({ description: 'false: no field other than those listed' })
  additionalProperties: boolean;
}

/** One published event type. */
export class EventTypeView {
  @ApiProperty({ enum: EVENT_TYPES, example: 'application.deficiency-notice-sent' })
  type: string;

  @ApiProperty({ example: 1, minimum: 1, description: 'Version of the data schema; a breaking change publishes a new one' })
  schemaVersion: number;

  @ApiProperty({ example: 'An officer asked for missing documents' })
  summary: string;

  @ApiProperty({ enum: ['applicant', 'none'], description: 'Who is emailed when it happens' })
  emails: string;

  @ApiProperty({ example: '/v1/events/catalogue/application.deficiency-notice-sent', description: 'Where the data schema is published on its own' })
  schemaUrl: string;

  @ApiProperty({ type: JsonSchemaDocument, description: "JSON Schema (draft 2020-12) of the event's data" })
  schema: JsonSchemaDocument;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'An example of the data, as it is sent' })
  exampleData: Record<string, unknown>;
}

/** The catalogue: the envelope every channel sends, and each type's data. */
export class EventCatalogueView {
  @ApiProperty({ type: JsonSchemaDocument, description: 'JSON Schema of the envelope (webhook body, feed item, live stream data)' })
  envelope: JsonSchemaDocument;

  @ApiProperty({ type: [EventTypeView] })
  types: EventTypeView[];
}

/** One event as every channel sends it: the webhook body, a feed item, a live stream message's data. */
export class EventEnvelopeView {
  @ApiProperty({ format: 'uuid', description: 'Stable event id; the `webhook-id` header. The same on every retry and replay: deduplicate on it' })
  id: string;

  @ApiProperty({ enum: EVENT_TYPES })
  type: string;

  @ApiProperty({ example: 1, minimum: 1 })
  schemaVersion: number;

  @ApiProperty({ format: 'date-time', description: 'When the change happened' })
  timestamp: string;

  @ApiProperty({ example: '1042', pattern: '^[0-9]+$', description: 'Feed cursor: increasing in delivery order; pass the last one as `after`' })
  position: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The case it concerns' })
  caseId: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'dpmptsp-kota-contoh' })
  agency: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true, description: "The event's data: see its type's schema in the catalogue" })
  data: Record<string, unknown>;
}

/** A page of the event feed. */
export class EventPage {
  @ApiProperty({ type: [EventEnvelopeView], description: 'Oldest first' })
  items: EventEnvelopeView[];

  @ApiProperty({ example: '1042', pattern: '^[0-9]+$', description: 'Pass as `after` to read on (the last position read; unchanged when nothing is new)' })
  next: string;

  @ApiProperty({ description: 'More events are waiting: read again at once' })
  hasMore: boolean;
}
