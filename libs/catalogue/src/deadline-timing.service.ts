import { Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { timeZoneLabel } from '@tenggat/calendar';
import { CalendarRegistry } from '@tenggat/calendar-service';
import { CatalogueService } from './catalogue.service';

/** Which calendar and time zone a permit type's (and its cases') deadlines are counted in. */
export class DeadlineTiming {
  @ApiProperty({ example: 'kota-contoh', description: "Id of the business calendar whose working days count (GET /v1/calendars/{id}); the agency's calendar" })
  calendar: string;

  @ApiProperty({ example: 'Asia/Jakarta', description: 'IANA time zone in which a deadline day ends (the calendar\'s zone)' })
  timeZone: string;

  @ApiProperty({ type: String, nullable: true, enum: ['WIB', 'WITA', 'WIT'], example: 'WIB', description: 'Indonesian short name of the zone, when it has one' })
  timeZoneLabel: 'WIB' | 'WITA' | 'WIT' | null;
}

/**
 * The calendar of an agency as the deadlines use it: its id, and the zone of the calendar in
 * force (the zone the working-day arithmetic runs in).
 */
@Injectable()
export class DeadlineTimingService {
  constructor(
    private readonly catalogue: CatalogueService,
    private readonly calendars: CalendarRegistry,
  ) {}

  async ofAgency(agencyCode: string): Promise<DeadlineTiming> {
    const agency = await this.catalogue.agency(agencyCode);
    const cal = await this.calendars.get(agency.calendarId);
    return { calendar: cal.id, timeZone: cal.timeZone, timeZoneLabel: timeZoneLabel(cal.timeZone) };
  }
}
