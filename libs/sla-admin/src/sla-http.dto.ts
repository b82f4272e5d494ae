import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { PageFields } from '@tenggat/platform';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';

/** A dated day in a calendar document. */
export class CalendarDayDocument {
  @ApiProperty({ format: 'date', example: '2026-12-28', description: 'Local date YYYY-MM-DD' }) date: string;
  @ApiProperty({ example: 'Cuti bersama (contoh)' }) name: string;
}

/** A regional day off; `annual` repeats it every year from the year of `date`. */
export class ExtraDayDocument extends CalendarDayDocument {
  @ApiPropertyOptional({ default: false }) annual?: boolean;
}

/** One year of a calendar document. */
export class CalendarYearDocument {
  @ApiProperty({ description: 'true for the decreed list (SKB); false for a draft, which makes the year provisional' }) official: boolean;
  @ApiPropertyOptional({ description: 'The decree the list comes from; required when official' }) source?: string;
  @ApiPropertyOptional({ type: [CalendarDayDocument] }) holidays?: CalendarDayDocument[];
  @ApiPropertyOptional({ type: [CalendarDayDocument] }) collectiveLeave?: CalendarDayDocument[];
}

/**
 * The calendar document an admin publishes, as JSON, in the shape of config/calendars/*.yaml. Only
 * documentation: the body is checked by the calendar parser, which names the path of every fault.
 */
@ApiExtraModels(CalendarYearDocument)
export class CalendarDocument {
  @ApiProperty({ example: 'kota-contoh', description: 'Must be the id of the path' }) id: string;
  @ApiProperty({ example: 'Kalender DPMPTSP Kota Contoh (WIB)' }) name: string;
  @ApiPropertyOptional({ example: 'Asia/Jakarta', description: 'IANA zone; required when the calendar extends none, inherited otherwise' })
  timeZone?: string;
  @ApiPropertyOptional({ type: 'integer', isArray: true, minimum: 1, maximum: 7, example: [6, 7], description: 'ISO weekdays off; required when the calendar extends none' })
  weekend?: number[];
  @ApiPropertyOptional({ type: String, nullable: true, example: 'id-national', description: 'The calendar whose days it inherits' })
  extends?: string | null;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath(CalendarYearDocument) },
    example: { '2026': { official: true, source: 'Keputusan Wali Kota (contoh)', collectiveLeave: [{ date: '2026-12-28', name: 'Cuti bersama (contoh)' }] } },
    description: 'By year (YYYY)',
  })
  years?: Record<string, CalendarYearDocument>;
  @ApiPropertyOptional({ type: [ExtraDayDocument], example: [{ date: '2026-04-07', name: 'Hari Jadi Kota Contoh', annual: true }] })
  extraDays?: ExtraDayDocument[];
}

export class CalendarPublication {
  @ApiProperty({ example: 'kota-contoh' }) id: string;
  @ApiProperty({ type: 'integer', minimum: 1, description: 'Revision now in force (1 for a new calendar)' }) revision: number;
  @ApiProperty({ type: [String], description: 'Calendars whose working days changed: this one and those that extend it' })
  changedCalendars: string[];
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Running working-day clocks of open cases on the changed calendars that were recomputed' })
  recomputedClocks: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Of those, the clocks whose deadline or warning moved (new epoch, timers re-armed)' })
  movedClocks: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Open cases whose deadlines were refreshed' }) cases: number;
  @ApiProperty({ type: 'string', format: 'date', isArray: true, description: 'Non-working days (YYYY-MM-DD) this publication added to the calendar' })
  addedNonWorkingDays: string[];
  @ApiProperty({ type: 'string', format: 'date', isArray: true, description: 'Non-working days (YYYY-MM-DD) this publication removed' })
  removedNonWorkingDays: string[];
}

export const DEMO_CLOCKS = ['statutory', 'state', 'response'] as const;
export type DemoClockKind = (typeof DEMO_CLOCKS)[number];

export class DemoClockDto {
  @ApiProperty({ minimum: 1, maximum: 2_592_000, example: 30, description: 'Seconds (real time) from now to the new deadline' })
  @IsInt()
  @Min(1)
  @Max(2_592_000)
  remainingSeconds: number;

  @ApiPropertyOptional({
    enum: DEMO_CLOCKS,
    default: 'statutory',
    description: "Which running clock: the statutory one, the current state's SLA, or the applicant's response window",
  })
  @IsOptional()
  @IsIn(DEMO_CLOCKS)
  clock?: DemoClockKind;
}

export class DemoClockResult {
  @ApiProperty({ format: 'uuid' }) applicationId: string;
  @ApiProperty({ format: 'uuid' }) clockId: string;
  @ApiProperty({ enum: DEMO_CLOCKS }) clock: DemoClockKind;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'The new epoch: timers of earlier epochs are stale' }) epoch: number;
  @ApiProperty({ format: 'date-time', description: 'The new deadline, remainingSeconds from now' }) deadline: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'When the warning fires (null: no warning, or already past)' }) warnAt: string | null;
}

export class SupervisionItem {
  @ApiProperty({ format: 'uuid', description: 'The case' }) id: string;
  @ApiProperty({ nullable: true, type: String, example: 'PBG-2026-000042' }) reference: string | null;
  @ApiProperty({ example: 'pbg' }) permitType: string;
  @ApiProperty() permitNumber: string;
  @ApiProperty({ format: 'date-time' }) issuedAt: string;
  @ApiProperty({ description: 'Issued by deemed approval (fiktif positif)' }) deemedApproval: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) submittedAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) statutoryDeadline: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) breachedAt: string | null;
}

export class SupervisionPage extends PageFields {
  @ApiProperty({ type: [SupervisionItem] }) items: SupervisionItem[];
}
