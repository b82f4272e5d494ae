import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';

export class CalendarPublication {
  @ApiProperty({ example: 'kota-contoh' }) id: string;
  @ApiProperty({ description: 'Revision now in force (1 for a new calendar)' }) revision: number;
  @ApiProperty({ type: [String], description: 'Calendars whose working days changed: this one and those that extend it' })
  changedCalendars: string[];
  @ApiProperty({ description: 'Running working-day clocks of open cases on the changed calendars that were recomputed' })
  recomputedClocks: number;
  @ApiProperty({ description: 'Of those, the clocks whose deadline or warning moved (new epoch, timers re-armed)' })
  movedClocks: number;
  @ApiProperty({ description: 'Open cases whose deadlines were refreshed' }) cases: number;
  @ApiProperty({ type: [String], description: 'Non-working days (YYYY-MM-DD) this publication added to the calendar' })
  addedNonWorkingDays: string[];
  @ApiProperty({ type: [String], description: 'Non-working days (YYYY-MM-DD) this publication removed' })
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
  @ApiProperty() applicationId: string;
  @ApiProperty() clockId: string;
  @ApiProperty({ enum: DEMO_CLOCKS }) clock: DemoClockKind;
  @ApiProperty({ description: 'The new epoch: timers of earlier epochs are stale' }) epoch: number;
  @ApiProperty() deadline: string;
  @ApiProperty({ nullable: true, type: String }) warnAt: string | null;
}

export class SupervisionItem {
  @ApiProperty() id: string;
  @ApiProperty({ nullable: true, type: String }) reference: string | null;
  @ApiProperty() permitType: string;
  @ApiProperty() permitNumber: string;
  @ApiProperty() issuedAt: string;
  @ApiProperty({ description: 'Issued by deemed approval (fiktif positif)' }) deemedApproval: boolean;
  @ApiProperty({ nullable: true, type: String }) submittedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) statutoryDeadline: string | null;
  @ApiProperty({ nullable: true, type: String }) breachedAt: string | null;
}

export class SupervisionPage {
  @ApiProperty({ type: [SupervisionItem] }) items: SupervisionItem[];
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
  @ApiProperty() total: number;
}
