import { Injectable } from '@nestjs/common';
import { AuthUser, isAdmin, isOmbudsman, isStaff } from '@tenggat/identity';
import { DomainError } from '@tenggat/platform';
import { ENVELOPE_SCHEMA, EVENT_CATALOGUE, EventTypeSpec, isEventType } from './event-catalogue';
import { EventFeedQuery } from './events.dto';
import { EventCatalogueView, EventPage, EventTypeView, JsonSchemaDocument } from './events.views';
import { envelopeOf, OutboxRepository } from './outbox.repository';

const typeView = (s: EventTypeSpec): EventTypeView => ({
  type: s.type,
  schemaVersion: s.schemaVersion,
  summary: s.summary,
  emails: s.emails,
  schemaUrl: `/v1/events/catalogue/${s.type}`,
  schema: s.schema as unknown as JsonSchemaDocument,
  exampleData: s.example,
});

/** The published catalogue and the event feed for integrators who poll. */
@Injectable()
export class EventsService {
  constructor(private readonly outbox: OutboxRepository) {}

  catalogue(): EventCatalogueView {
    return { envelope: ENVELOPE_SCHEMA as unknown as JsonSchemaDocument, types: EVENT_CATALOGUE.map(typeView) };
  }

  schemaOf(type: string): JsonSchemaDocument {
    const spec = isEventType(type) ? EVENT_CATALOGUE.find((s) => s.type === type) : undefined;
    if (!spec) throw new DomainError('not-found', 'event-type-not-found', `There is no event type "${type}"`);
    return spec.schema as unknown as JsonSchemaDocument;
  }

  /**
   * Events after a cursor, oldest first. Staff read their own agency's; admins and the
   * ombudsman every agency's, or one agency's with `agency`.
   */
  async feed(user: AuthUser, q: EventFeedQuery): Promise<EventPage> {
    const agency = this.agencyScope(user, q.agency);
    const rows = await this.outbox.feed({ agency, after: q.after, limit: q.limit + 1, types: q.type });
    const page = rows.slice(0, q.limit);
    return {
      items: page.map(envelopeOf),
      next: page.length ? (page[page.length - 1].position as string) : q.after,
      hasMore: rows.length > q.limit,
    };
  }

  private agencyScope(user: AuthUser, asked: string | undefined): string | null {
    if (isAdmin(user) || isOmbudsman(user)) return asked ?? null;
    if (isStaff(user) && user.agency) {
      if (asked !== undefined && asked !== user.agency)
        throw new DomainError('forbidden', 'other-agency', "Staff read their own agency's events only", { errors: [{ field: 'agency', message: 'must be your own agency' }] });
      return user.agency;
    }
    throw new DomainError('forbidden', 'forbidden', 'You are not allowed to do this');
  }
}
