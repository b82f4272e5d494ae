import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { KeysetPageFields, PageFields } from '@tenggat/platform';
import type { ClockUnit } from '@tenggat/sla';
import { CaseFeeView } from './case-fee';

/**
 * What the applications and queue operations answer, as classes the OpenAPI document (and so
 * the generated client) describes exactly. Services build these; controllers return them.
 */

const ISO = { format: 'date-time' } as const;

const UNITS: ClockUnit[] = ['working-days', 'calendar-days'];

/**
 * A clock's figures, named after its unit: `budgetWorkingDays`, `consumedWorkingDays`,
 * `remainingWorkingDays`, `overdueWorkingDays` for working days; the `...CalendarDays` four for
 * calendar days. Consumed and remaining each lie within [0, budget] and add up to it; time used
 * beyond the budget shows only as overdue.
 */
export class ClockFiguresView {
  @ApiProperty({ enum: UNITS, description: 'What the budget is counted in; the figures below are named after it' })
  unit: ClockUnit;
  @ApiPropertyOptional({ description: 'Budget in working days (unit working-days)' }) budgetWorkingDays?: number;
  @ApiPropertyOptional({ description: 'Working days used, 0..budget' }) consumedWorkingDays?: number;
  @ApiPropertyOptional({ description: 'Working days left, 0..budget' }) remainingWorkingDays?: number;
  @ApiPropertyOptional({ description: 'Working days used beyond the budget (0 when on time)' }) overdueWorkingDays?: number;
  @ApiPropertyOptional({ description: 'Budget in calendar days (unit calendar-days)' }) budgetCalendarDays?: number;
  @ApiPropertyOptional({ description: 'Calendar days used, 0..budget (the start day never counts)' }) consumedCalendarDays?: number;
  @ApiPropertyOptional({ description: 'Calendar days left, 0..budget' }) remainingCalendarDays?: number;
  @ApiPropertyOptional({ description: 'Calendar days beyond the budget (0 when on time)' }) overdueCalendarDays?: number;
}


export class ApplicationSummary {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, nullable: true, example: 'PBG-2026-000042', description: 'Null while a draft' }) reference: string | null;
  @ApiProperty({ example: 'pbg' }) permitType: string;
  @ApiProperty({ example: 'dpmptsp-kota-contoh' }) agency: string;
  @ApiProperty({ example: 'submitted' }) state: string;
  @ApiProperty({ enum: ['draft', 'open', 'closed'] }) status: string;
  @ApiProperty({ type: String, nullable: true, example: 'approved' }) outcome: string | null;
  @ApiProperty({ description: 'Send it back as If-Match (or expectedVersion) on writes' }) version: number;
  @ApiProperty({ type: String, nullable: true, ...ISO, description: 'The legal (statutory) deadline' }) deadline: string | null;
  @ApiProperty() breached: boolean;
  @ApiProperty(ISO) createdAt: string;
  @ApiProperty({ type: String, nullable: true, ...ISO }) submittedAt: string | null;
}

export class ApplicationPage extends PageFields {
  @ApiProperty({ type: [ApplicationSummary] }) items: ApplicationSummary[];
}

class PermitTypeRef {
  @ApiProperty({ example: 'pbg' }) code: string;
  @ApiProperty({ example: 'Persetujuan Bangunan Gedung' }) name: string;
}

class PinnedPermitTypeRef extends PermitTypeRef {
  @ApiProperty({ description: 'The definition version this case is pinned to' }) version: number;
}

export class SubmissionReceipt {
  @ApiProperty({ format: 'uuid' }) applicationId: string;
  @ApiProperty({ example: 'PBG-2026-000042' }) reference: string;
  @ApiPropertyOptional({ description: 'For public tracking; in the first answer only (stored only as a salted hash)' }) accessCode?: string;
  @ApiPropertyOptional({ description: 'In a replayed answer (same Idempotency-Key): why the access code is not in it' }) accessCodeNote?: string;
  @ApiProperty(ISO) receivedAt: string;
  @ApiProperty({ type: PinnedPermitTypeRef }) permitType: PinnedPermitTypeRef;
  @ApiProperty() agency: string;
  @ApiProperty({ ...ISO, description: 'End of the last working day of the statutory processing time, in the agency zone' }) legalDeadline: string;
  @ApiProperty({ description: 'True when a year the deadline touches has no official calendar yet' }) deadlineProvisional: boolean;
  @ApiProperty() processingWorkingDays: number;
  @ApiProperty({ type: [String] }) legalBasis: string[];
  @ApiProperty({ description: 'Deemed approval (fiktif positif) applies when the deadline passes' }) silenceMeansApproval: boolean;
  @ApiProperty() complaintChannel: string;
  @ApiProperty({ description: 'Public tracking path (with the code in the first answer only)' }) trackUrl: string;
  @ApiPropertyOptional({ type: CaseFeeView, description: 'The fee with its breakdown, and whether it is paid' }) fee?: CaseFeeView;
}

/**
 * One entry of a case's timeline: an audit event or a clock event (stop, resume, start, finish).
 * Clock events carry the clock's unit and figures as recorded at that moment.
 */
export class TimelineEntry extends PartialType(ClockFiguresView) {
  @ApiProperty(ISO) at: string;
  @ApiProperty({ enum: ['event', 'clock'] }) type: 'event' | 'clock';
  @ApiProperty({ example: 'request-documents', description: 'The action, or `clock.<kind>` for clock events' }) action: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) actorId: string | null;
  @ApiProperty({ example: 'verifier' }) actorRole: string;
  @ApiProperty({ description: 'Order within its kind (audit sequence or clock event id)' }) seq: number;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Events: the state before' }) fromState?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Events: the state after' }) toState?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) comment?: string | null;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true, description: 'Events: what the action recorded (free-form)' })
  data?: Record<string, unknown> | null;
  @ApiPropertyOptional({ enum: ['statutory', 'state', 'response'], description: 'Clock events: which clock' }) clock?: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Clock events: the state the clock belongs to' }) state?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Clock events: why it stopped or restarted' }) reason?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, ...ISO, description: 'Clock events: the deadline after the event' }) deadline?: string | null;
}

class RefusalReason {
  @ApiProperty({ enum: ['FORBIDDEN_ROLE', 'DEFICIENCY_CAP_REACHED', 'CLAIMED_BY_OTHER'] }) code: string;
  @ApiProperty() message: string;
}

export class ActionOptionView {
  @ApiProperty({ example: 'request-documents' }) action: string;
  @ApiPropertyOptional({ example: 'Minta kelengkapan dokumen' }) label?: string;
  @ApiProperty({ example: 'deficient', description: 'The state the action leads to' }) to: string;
  @ApiProperty({ type: [String], example: ['verifier'] }) roles: readonly string[];
  @ApiProperty({ type: [String], enum: ['comment', 'missingDocuments'], description: 'What the request must carry' }) requires: readonly string[];
  @ApiProperty({ description: 'Whether the caller may take it now' }) allowed: boolean;
  @ApiPropertyOptional({ type: RefusalReason, description: 'Why not, when not allowed' }) reason?: RefusalReason;
}

export class AvailableActionsView {
  @ApiProperty() state: string;
  @ApiProperty() version: number;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) assigneeId: string | null;
  @ApiProperty({ type: [ActionOptionView] }) actions: ActionOptionView[];
}

export class DocumentView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'site-plan' }) requirement: string;
  @ApiProperty({ example: 'gambar-situasi.pdf', description: 'Cleaned name; its extension follows the real type' }) fileName: string;
  @ApiProperty({ example: 'application/pdf', description: 'The type sniffed from the content' }) mediaType: string;
  @ApiProperty() sizeBytes: number;
  @ApiProperty({ pattern: '^[0-9a-f]{64}$' }) sha256: string;
  @ApiProperty(ISO) uploadedAt: string;
}

export class DocumentListItem extends DocumentView {
  @ApiProperty({ description: 'False for a version replaced by a later upload (kept as evidence)' }) current: boolean;
}

export class PermitView {
  @ApiProperty({ example: 'PBG/2026/000042' }) permitNumber: string;
  @ApiProperty(ISO) issuedAt: string;
  @ApiProperty({ type: String, nullable: true, ...ISO }) validUntil: string | null;
  @ApiProperty({ description: 'Issued by operation of law when the deadline passed (fiktif positif)' }) deemedApproval: boolean;
}

class DecidedPermitType extends PermitTypeRef {
  @ApiProperty({ type: Number, nullable: true, description: 'The definition version the case was decided under' }) version: number | null;
}

class Decider {
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'Null for the system (deemed approval)' }) id: string | null;
  @ApiProperty({ example: 'approver' }) role: string;
}

export class DecisionRecord {
  @ApiProperty({ enum: ['decision'] }) kind: 'decision';
  @ApiProperty({ example: 'Surat PBG' }) product: string;
  @ApiProperty() permitNumber: string;
  @ApiProperty({ type: String, nullable: true }) reference: string | null;
  @ApiProperty({ type: DecidedPermitType }) permitType: DecidedPermitType;
  @ApiProperty() agency: string;
  @ApiProperty({ format: 'uuid' }) applicantId: string;
  @ApiProperty(ISO) decidedAt: string;
  @ApiProperty({ type: Decider }) decidedBy: Decider;
  @ApiProperty({ enum: ['approved'] }) outcome: 'approved';
  @ApiProperty() deemedApproval: boolean;
  @ApiProperty({ type: [String] }) legalBasis: string[];
  @ApiProperty({ type: String, nullable: true }) comment: string | null;
  @ApiProperty({ type: String, nullable: true, ...ISO }) validUntil: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: "The application's form as decided (fields as the permit type declares them)" })
  form: Record<string, unknown>;
  @ApiProperty(ISO) issuedAt: string;
}

/** A stop of the statutory clock, as the public may see it (no comment, no name). */
export class TrackingStop {
  @ApiProperty(ISO) stoppedAt: string;
  @ApiProperty({ type: String, nullable: true, ...ISO, description: 'null while it is still stopped' }) resumedAt: string | null;
  @ApiProperty({ enum: ['deficiency-notice'], description: 'Why the clock stopped: the agency asked for missing documents' }) reason: 'deficiency-notice';
}

export class TrackingStatus {
  @ApiProperty({ type: String, nullable: true }) reference: string | null;
  @ApiProperty({ type: PermitTypeRef }) permitType: PermitTypeRef;
  @ApiProperty() agency: string;
  @ApiProperty({ enum: ['draft', 'open', 'closed'] }) status: string;
  @ApiProperty() state: string;
  @ApiProperty({ type: String, nullable: true }) stateLabel: string | null;
  @ApiProperty({ type: String, nullable: true }) outcome: string | null;
  @ApiProperty({ type: String, nullable: true, ...ISO }) submittedAt: string | null;
  @ApiProperty({ type: String, nullable: true, ...ISO, description: 'The legal deadline' }) deadline: string | null;
  @ApiProperty({ description: 'The clock is stopped by a deficiency notice' }) clockStopped: boolean;
  @ApiProperty() breached: boolean;
  @ApiProperty({ type: String, nullable: true, ...ISO }) closedAt: string | null;
  @ApiProperty({ type: [TrackingStop], description: 'Every stop of the statutory clock, oldest first' }) stops: TrackingStop[];
}

/** One row of an officer's queue. */
export class NoticeCount {
  @ApiProperty({ description: 'Deficiency notices sent so far' }) sent: number;
  @ApiProperty({ description: "The permit type's cap" }) max: number;
}

export class QueueItem {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, nullable: true }) reference: string | null;
  @ApiProperty() permitType: string;
  @ApiProperty() state: string;
  @ApiProperty({ type: String, nullable: true }) stateLabel: string | null;
  @ApiProperty() version: number;
  @ApiProperty({ type: String, nullable: true, description: 'Who applied (name)' }) applicantName: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) assigneeId: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Who holds the case (name)' }) assigneeName: string | null;
  @ApiProperty({ type: String, nullable: true, ...ISO }) assignedAt: string | null;
  @ApiProperty({ type: String, nullable: true, ...ISO, description: 'Received (submitted) at' }) submittedAt: string | null;
  @ApiProperty({ type: NoticeCount }) deficiencyNotices: NoticeCount;
  @ApiProperty({ type: String, nullable: true, ...ISO, description: 'The nearest running deadline: statutory or the state SLA, whichever is sooner' })
  nextDeadline: string | null;
  @ApiProperty({ type: String, nullable: true, ...ISO }) statutoryDeadline: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Working days left until nextDeadline; negative when overdue, null when no clock runs' })
  remainingWorkingDays: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Working days left on the statutory clock (frozen while stopped)' })
  statutoryRemainingWorkingDays: number | null;
  @ApiProperty() clockStopped: boolean;
  @ApiProperty() warned: boolean;
  @ApiProperty({ description: 'The statutory deadline has passed' }) breached: boolean;
  @ApiProperty({ description: "The current state's own SLA has passed" }) stateSlaBreached: boolean;
  @ApiProperty() escalated: boolean;
}

export class QueuePage extends KeysetPageFields {
  @ApiProperty({ type: [QueueItem] }) items: QueueItem[];
}

/** The result of a claim, release or assignment. */
export class Assignment {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() state: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) assigneeId: string | null;
  @ApiProperty({ type: String, nullable: true, ...ISO }) assignedAt: string | null;
  @ApiProperty() version: number;
}

/** The result of walking one case's audit hash chain. */
export class CaseAuditCheck {
  @ApiProperty({ description: 'true when every event of the case links to the one before (hashes verify)' }) ok: boolean;
  @ApiProperty({ description: 'Events that verified' }) checked: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Stream sequence of the first broken link' }) brokenAtSeq: number | null;
}

export class BulkAssignProblem {
  @ApiProperty({ example: 422 }) status: number;
  @ApiProperty({ example: 'assignee-cannot-act' }) code: string;
  @ApiProperty() detail: string;
}

/** One case of a bulk reassignment: its assignment, or why it was refused. */
export class BulkAssignItem {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() ok: boolean;
  @ApiProperty({ type: Assignment, nullable: true }) assignment: Assignment | null;
  @ApiProperty({ type: BulkAssignProblem, nullable: true, description: 'The problem the single assignment would have answered' }) problem: BulkAssignProblem | null;
}

export class BulkAssignResult {
  @ApiProperty() assigned: number;
  @ApiProperty() failed: number;
  @ApiProperty({ type: [BulkAssignItem], description: 'One result per case, in the order sent (duplicates once)' }) results: BulkAssignItem[];
}

/** Open cases of one permit type in one state. */
export class BoardCount {
  @ApiProperty() permitType: string;
  @ApiProperty() state: string;
  @ApiProperty({ type: String, nullable: true }) stateLabel: string | null;
  @ApiProperty() open: number;
  @ApiProperty() warned: number;
  @ApiProperty() breached: number;
  @ApiProperty() escalated: number;
  @ApiProperty() unassigned: number;
}

/** The open cases one staff member holds. */
export class BoardWorkload {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: [String] }) roles: string[];
  @ApiProperty() open: number;
  @ApiProperty() warned: number;
  @ApiProperty() breached: number;
  @ApiProperty() escalated: number;
}

export class SupervisorBoard {
  @ApiProperty({ type: [BoardCount] }) counts: BoardCount[];
  @ApiProperty({ type: [BoardWorkload], description: 'Every active staff member of the agency, with what they hold' }) workload: BoardWorkload[];
}
