import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { ApplicationsService, CaseView, ClockFiguresView, DocumentsService } from '@tenggat/applications';
import { VerifyResultDto } from '@tenggat/identity';
import { PageFields } from '@tenggat/platform';
import type { ClockEventKind, ClockKind, ClockStatus } from '@tenggat/sla';
import { COMPLAINT_CATEGORIES, COMPLAINT_STATUSES, ComplaintCategory, ComplaintStatus } from './complaint.entity';
import { RESOLUTIONS, Resolution } from './oversight.dto';

/**
 * What the oversight, complaint and public statistics operations answer, as classes the OpenAPI
 * document (and so the generated client) describes exactly. Services build these.
 */

const ISO = { format: 'date-time' } as const;
const NULLABLE_ISO = { type: String, nullable: true, format: 'date-time' } as const;
const NULLABLE_UUID = { type: String, nullable: true, format: 'uuid' } as const;
const CASE_STATUSES = ['draft', 'open', 'closed'] as const;
const CLOCK_KINDS: readonly ClockKind[] = ['statutory', 'state', 'response'];
const CLOCK_STATUSES: readonly ClockStatus[] = ['running', 'stopped', 'finished'];
const CLOCK_EVENT_KINDS: readonly ClockEventKind[] = ['start', 'stop', 'resume', 'finish', 'warning', 'breach', 'recompute', 'adjust'];
const MONTH = { pattern: '^\\d{4}-(0[1-9]|1[0-2])$', example: '2026-01', description: 'Month of decision (YYYY-MM, WIB)' } as const;

/** One row of the overdue list, as JSON and (the same columns, in this order) as CSV. */
export class OverdueRow {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, nullable: true, example: 'REKLAME-2026-000042' }) reference: string | null;
  @ApiProperty({ example: 'dpmptsp-kota-contoh' }) agency: string;
  @ApiProperty({ example: 'reklame' }) permitType: string;
  @ApiProperty({ example: 'verification' }) state: string;
  @ApiProperty({ enum: ['open', 'closed'] }) status: string;
  @ApiProperty({ enum: RESOLUTIONS, description: 'open, escalated, or how a breached case closed' }) resolution: Resolution;
  @ApiProperty({ ...NULLABLE_UUID, description: 'The officer holding the case' }) holderId: string | null;
  @ApiProperty(NULLABLE_ISO) submittedAt: string | null;
  @ApiProperty({ ...NULLABLE_ISO, description: 'The statutory deadline (null while its clock is stopped)' }) deadline: string | null;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Whole working days past the deadline: now for open cases, at closing for closed ones' })
  workingDaysOverdue: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Times the statutory clock stopped' }) clockStops: number;
  @ApiProperty({ minimum: 0, description: 'Calendar days the statutory clock stood stopped' }) stoppedCalendarDays: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) deficiencyNotices: number;
  @ApiProperty() escalated: boolean;
  @ApiProperty({ description: 'Approved by law on breach (fiktif positif)' }) deemedApproval: boolean;
  @ApiProperty(NULLABLE_ISO) closedAt: string | null;
  @ApiProperty({ minimum: 0, description: 'Delay compensation owed under the permit type policy (0 without one)' }) compensationOwed: number;
  @ApiProperty({ type: String, nullable: true, example: 'IDR' }) compensationCurrency: string | null;
}

export class OverduePage extends PageFields {
  @ApiProperty({ type: [OverdueRow] }) items: OverdueRow[];

  @ApiProperty({
    description:
      'true when `total` is exact: always for open cases; with closed cases (`includeClosed`, or a resolution of closed cases) the ' +
      'count stops at 10,000 (counting every breached case ever costs a walk of all of them), and `total` is then 10,000, a lower bound.',
  })
  totalIsExact: boolean;
}

/** Compliance over decided cases of one agency, permit type and month of decision. */
export class ComplianceStatsRow {
  @ApiProperty({ example: 'dpmptsp-kota-contoh' }) agency: string;
  @ApiProperty({ example: 'reklame' }) permitType: string;
  @ApiProperty(MONTH) month: string;
  @ApiProperty({ type: 'integer', minimum: 1, description: 'Cases decided (approved or rejected)' }) decided: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Of those, decided within the statutory time' }) onTime: number;
  @ApiProperty({ type: Number, nullable: true, minimum: 0, maximum: 1, description: 'onTime / decided, to 4 decimals' }) onTimeRate: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Median working days of statutory clock used (stops excluded)' }) medianWorkingDays: number | null;
  @ApiProperty({ type: Number, nullable: true, description: '90th percentile of the same' }) p90WorkingDays: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Mean calendar days a case stood stopped by deficiency notices' })
  avgStoppedCalendarDays: number | null;
  @ApiProperty({ type: 'integer', minimum: 0 }) breaches: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) escalations: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) deemedApprovals: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Mean deficiency notices per case' }) deficiencyNoticesPerCase: number | null;
  @ApiProperty({ minimum: 0, description: 'Delay compensation owed for these cases' }) compensationOwed: number;
  @ApiProperty({ type: String, nullable: true, example: 'IDR' }) compensationCurrency: string | null;
}

/** Published against real processing time; every figure withheld (null) for groups under 5 cases. */
export class PublicStatsRow {
  @ApiProperty({ example: 'dpmptsp-kota-contoh' }) agency: string;
  @ApiProperty({ example: 'reklame' }) permitType: string;
  @ApiProperty(MONTH) month: string;
  @ApiProperty({ type: 'integer', nullable: true, description: 'The statutory time the service standard publishes' }) publishedWorkingDays: number | null;
  @ApiProperty({ description: 'true when fewer than 5 cases were decided: the figures below are null' }) suppressed: boolean;
  @ApiProperty({ type: 'integer', nullable: true }) decided: number | null;
  @ApiProperty({ type: Number, nullable: true }) medianWorkingDays: number | null;
  @ApiProperty({ type: Number, nullable: true, minimum: 0, maximum: 1 }) onTimeRate: number | null;
  @ApiProperty({ type: 'integer', nullable: true }) breaches: number | null;
}

class SignalCase {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, nullable: true }) reference: string | null;
  @ApiProperty() agency: string;
  @ApiProperty() permitType: string;
}

/** A case whose deficiency notices reached the permit type's cap. */
export class MaxedNoticesSignal extends SignalCase {
  @ApiProperty({ type: 'integer', minimum: 0 }) deficiencyNotices: number;
  @ApiProperty({ type: 'integer', minimum: 1, description: 'The permit type allows this many' }) cap: number;
  @ApiProperty({ enum: CASE_STATUSES }) status: string;
}

/** A deficiency notice sent with at most one working day of the statutory clock left. */
export class LastDayNoticeSignal extends SignalCase {
  @ApiProperty(ISO) stoppedAt: string;
  @ApiProperty({ minimum: 0, maximum: 1, description: 'Working days left when the clock stopped' }) remainingWorkingDays: number;
  @ApiProperty({ ...NULLABLE_UUID, description: 'Who sent the notice' }) actorId: string | null;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
}

/** A case handed from officer to officer three times or more. */
export class ReassignedSignal extends SignalCase {
  @ApiProperty({ type: 'integer', minimum: 3 }) reassignments: number;
  @ApiProperty({ enum: CASE_STATUSES }) status: string;
}

/** Patterns worth a second look, each list capped at 100 and ordered by severity. */
export class SignalsView {
  @ApiProperty({ type: [MaxedNoticesSignal], description: 'Newest submissions first' }) maxDeficiencyNotices: MaxedNoticesSignal[];
  @ApiProperty({ type: [LastDayNoticeSignal], description: 'Newest first' }) deficiencyNoticeInLastWorkingDay: LastDayNoticeSignal[];
  @ApiProperty({ type: [ReassignedSignal], description: 'Most reassigned first' }) reassignedManyTimes: ReassignedSignal[];
}

export class ComplaintView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', description: 'The case complained about' }) applicationId: string;
  @ApiProperty({ example: 'dpmptsp-kota-contoh' }) agency: string;
  @ApiProperty({ enum: COMPLAINT_CATEGORIES, description: "The Ombudsman's maladministration category" }) category: ComplaintCategory;
  @ApiProperty() description: string;
  @ApiProperty({ enum: COMPLAINT_STATUSES }) status: ComplaintStatus;
  @ApiProperty({ type: String, nullable: true, description: "The ombudsman's findings" }) findings: string | null;
  @ApiProperty({ ...NULLABLE_UUID, description: 'The ombudsman who last handled it' }) handledBy: string | null;
  @ApiProperty(ISO) createdAt: string;
  @ApiProperty(ISO) updatedAt: string;
}

export class ComplaintPage extends PageFields {
  @ApiProperty({ type: [ComplaintView] }) items: ComplaintView[];
}

/** One stop, restart or other event of a clock, with its figures as they stood. */
export class RecordClockEvent extends ClockFiguresView {
  @ApiProperty(ISO) at: string;
  @ApiProperty({ enum: CLOCK_EVENT_KINDS }) kind: ClockEventKind;
  @ApiProperty(NULLABLE_UUID) actorId: string | null;
  @ApiProperty({ example: 'verifier' }) actorRole: string;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
  @ApiProperty({ ...NULLABLE_ISO, description: 'The deadline after the event' }) deadline: string | null;
}

/** A clock of the case with its whole history. */
export class RecordClock extends ClockFiguresView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: CLOCK_KINDS }) kind: ClockKind;
  @ApiProperty({ type: String, nullable: true, description: 'The state a state clock or response window belongs to' }) state: string | null;
  @ApiProperty({ enum: CLOCK_STATUSES }) status: ClockStatus;
  @ApiProperty(NULLABLE_ISO) deadline: string | null;
  @ApiProperty(NULLABLE_ISO) warnedAt: string | null;
  @ApiProperty(NULLABLE_ISO) breachedAt: string | null;
  @ApiProperty({ type: 'integer', minimum: 0 }) stops: number;
  @ApiProperty({ minimum: 0 }) stoppedCalendarDays: number;
  @ApiProperty(ISO) startedAt: string;
  @ApiProperty(NULLABLE_ISO) finishedAt: string | null;
  @ApiProperty({ type: [RecordClockEvent] }) history: RecordClockEvent[];
}

/** Who held the case, before and after an assignment event. */
export class AssignmentSnapshot {
  @ApiProperty(NULLABLE_UUID) assigneeId: string | null;
  @ApiPropertyOptional({ type: 'integer', description: 'The case version (claims, releases, assignments)' }) version?: number;
  @ApiPropertyOptional({ type: 'string', format: 'uuid', isArray: true, description: 'Escalations: the supervisors of the agency' }) supervisors?: string[];
}

export class RecordAssignment {
  @ApiProperty(ISO) at: string;
  @ApiProperty({ enum: ['claimed', 'released', 'assigned', 'escalated'] }) action: string;
  @ApiProperty(NULLABLE_UUID) actorId: string | null;
  @ApiProperty({ example: 'supervisor' }) actorRole: string;
  @ApiProperty({ type: AssignmentSnapshot, nullable: true }) before: AssignmentSnapshot | null;
  @ApiProperty({ type: AssignmentSnapshot, nullable: true }) after: AssignmentSnapshot | null;
}

/** The hash chain of the case's audit stream, walked now. */
export class AuditChainCheck extends VerifyResultDto {
  @ApiProperty({ example: 'case:5f0c4a2e-6a4b-4bb3-9a43-3f1a4c1d2e7f' }) stream: string;
}

/** The whole record of one case, for the ombudsman. */
export class CaseRecord {
  @ApiProperty({ type: CaseView, description: 'The case as its page shows it (allowedActions always empty: the ombudsman changes nothing)' })
  case: CaseView;
  @ApiProperty({ type: [RecordClock] }) clocks: RecordClock[];
  @ApiProperty({ type: [RecordAssignment], description: 'Claims, releases, assignments and escalations, in order' }) assignments: RecordAssignment[];
  @ApiProperty({ type: 'array', items: { $ref: getSchemaPath('DocumentListItem') }, description: 'Every upload, replaced ones included' })
  documents: Awaited<ReturnType<DocumentsService['list']>>;
  @ApiProperty({ type: 'array', items: { $ref: getSchemaPath('TimelineEntry') }, description: 'The timeline of the case' })
  timeline: Awaited<ReturnType<ApplicationsService['timeline']>>;
  @ApiProperty({ type: AuditChainCheck }) auditChain: AuditChainCheck;
}
