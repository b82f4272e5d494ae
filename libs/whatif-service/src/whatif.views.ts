import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

const STATUSES = ['queued', 'running', 'done', 'failed', 'cancelled'];

export class WhatIfProgressView {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Cases replayed so far' }) done: number;
  @ApiProperty({ type: 'integer', nullable: true, minimum: 0, description: 'Cases to replay (null until the run starts)' }) total: number | null;
}

export class WhatIfTotalsView {
  @ApiProperty({ type: 'integer', description: 'Cases read' }) cases: number;
  @ApiProperty({ type: 'integer', description: 'Replayed and counted in the figures' }) replayed: number;
  @ApiProperty({ type: 'integer', description: 'Left out: their recorded path uses a state or action the proposal removes' }) misfits: number;
  @ApiProperty({ type: 'integer', description: 'Left out: their path does not fit the rules in force either, or the demo endpoint moved a clock' }) unreplayable: number;
  @ApiProperty({ type: 'integer', description: 'Transitions the records skip (followed silently)' }) gaps: number;
  @ApiProperty({ type: 'integer', description: 'Self-consistency: cases whose replay under the rules in force differs from the record (0 expected)' }) mismatches: number;
}

export class WhatIfRunView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: STATUSES }) status: string;
  @ApiProperty({ type: WhatIfProgressView }) progress: WhatIfProgressView;
  @ApiProperty({ format: 'date' }) from: string;
  @ApiProperty({ format: 'date' }) to: string;
  @ApiProperty({ type: [String] }) agencies: string[];
  @ApiProperty({ type: String, nullable: true, description: 'The permit type the proposal redefines' }) permitType: string | null;
  @ApiProperty({ description: 'A calendar change was proposed' }) calendarChange: boolean;
  @ApiProperty({ type: Number, nullable: true }) warningShare: number | null;
  @ApiProperty({ format: 'date-time', description: '"Now" of the replay: timers due up to it fire' }) asOf: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) startedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) error: string | null;
  @ApiPropertyOptional({ type: WhatIfTotalsView, description: 'When done' }) totals?: WhatIfTotalsView;
}

export class WhatIfSideView {
  @ApiProperty({ type: 'integer' }) cases: number;
  @ApiProperty({ type: 'integer', description: 'Approved or rejected' }) decided: number;
  @ApiProperty({ type: 'integer' }) open: number;
  @ApiProperty({ type: 'integer', description: 'Statutory deadlines that ran out' }) breaches: number;
  @ApiProperty({ description: 'breaches / cases, 4 decimals' }) breachRate: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Median working days of statutory clock used by decided cases (stops excluded)' }) medianWorkingDays: number | null;
  @ApiProperty({ type: Number, nullable: true }) p90WorkingDays: number | null;
  @ApiProperty({ type: 'integer', description: 'Whole working days past the deadline, summed' }) workingDaysLate: number;
  @ApiProperty({ type: 'integer' }) warnings: number;
  @ApiProperty({ type: 'integer' }) escalations: number;
  @ApiProperty({ type: 'integer' }) deemedApprovals: number;
  @ApiProperty({ type: 'integer', description: 'Per-state SLA breaches' }) stateBreaches: number;
  @ApiProperty({ description: 'Delay compensation owed, in the permit type currency' }) compensation: number;
  @ApiProperty({ type: 'integer', description: 'The most cases of this group falling due at one instant' }) largestCliff: number;
}

export class WhatIfGroupView {
  @ApiProperty() agency: string;
  @ApiProperty() permitType: string;
  @ApiProperty({ example: '2026-03', description: 'Month of submission in the agency zone' }) month: string;
  @ApiProperty({ type: WhatIfSideView }) actual: WhatIfSideView;
  @ApiProperty({ type: WhatIfSideView }) proposal: WhatIfSideView;
}

export class WhatIfCliffView {
  @ApiProperty() agency: string;
  @ApiProperty({ format: 'date' }) date: string;
  @ApiProperty({ format: 'date-time', description: 'The end of that working day in the agency zone' }) instant: string;
  @ApiProperty({ type: 'integer' }) actual: number;
  @ApiProperty({ type: 'integer' }) proposal: number;
}

export class WhatIfMisfitView {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ type: String, nullable: true }) reference: string | null;
  @ApiProperty({ type: 'integer', description: 'Index of the recorded step (0 = first after submission; -1 = the case itself)' }) step: number;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty() action: string;
  @ApiProperty() from: string;
  @ApiProperty() reason: string;
}

export class WhatIfMismatchView {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ type: String, nullable: true }) reference: string | null;
  @ApiProperty({ enum: ['deadline', 'breached', 'escalated', 'deemed'] }) field: string;
  @ApiProperty({ type: String, nullable: true, description: 'An ISO instant (deadline), `true` or `false`' }) recorded: string | null;
  @ApiProperty({ type: String, nullable: true }) replayed: string | null;
}

export class WhatIfReportView {
  @ApiProperty({ type: WhatIfRunView }) run: WhatIfRunView;
  @ApiProperty({ type: WhatIfTotalsView }) totals: WhatIfTotalsView;
  @ApiProperty({ type: [WhatIfGroupView], description: 'Per agency, permit type and month of submission' }) groups: WhatIfGroupView[];
  @ApiProperty({ type: [WhatIfCliffView], description: 'Cases falling due at each instant, per agency' }) cliffs: WhatIfCliffView[];
  @ApiProperty({ type: [WhatIfMisfitView], description: 'The first 1000 cases whose path does not fit the proposal' }) misfits: WhatIfMisfitView[];
  @ApiProperty({ type: [WhatIfMisfitView], description: 'The first 1000 cases that cannot be replayed under the rules in force' }) unreplayable: WhatIfMisfitView[];
  @ApiProperty({ type: [WhatIfMismatchView], description: 'The first 1000 self-consistency differences' }) mismatches: WhatIfMismatchView[];
}
