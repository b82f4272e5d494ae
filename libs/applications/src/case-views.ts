import { ApiProperty } from '@nestjs/swagger';
import { CaseFeeView, draftFee, feeView } from './case-fee';
import type { DeadlineTiming } from '@tenggat/catalogue';
import { ClockEntity, ClockFigures, ClockUnit, clockMath } from '@tenggat/sla';
import { clockStopped, documentsToReplace, PermitTypeDefinition } from '@tenggat/workflow';
import { ApplicationEntity } from './application.entity';
import { ActionOptionView, ClockFiguresView, DocumentView, PermitView } from './applications.views';

export { ClockFiguresView };
import { AvailableAction } from './case-roles';
import { DocumentEntity } from './document.entity';
import { PermitEntity } from './permit.entity';


/**
 * The unit a clock counts in: working days, except a response window the permit type gives in
 * calendar days (the state's `applicantResponse.calendarDays`).
 */
export function clockUnitOf(def: PermitTypeDefinition, kind: string, stateName: string | null): ClockUnit {
  if (kind !== 'response' || stateName === null) return 'working-days';
  return def.states[stateName]?.applicantResponse?.calendarDays !== undefined ? 'calendar-days' : 'working-days';
}

/** Figures (ms) in days, to two decimals, under the names of their unit. */
export function figuresView(f: ClockFigures): ClockFiguresView {
  const d = clockMath.toDays;
  return f.unit === 'calendar-days'
    ? {
        unit: f.unit,
        budgetCalendarDays: d(f.budgetMs),
        consumedCalendarDays: d(f.consumedMs),
        remainingCalendarDays: d(f.remainingMs),
        overdueCalendarDays: d(f.overdueMs),
      }
    : {
        unit: f.unit,
        budgetWorkingDays: d(f.budgetMs),
        consumedWorkingDays: d(f.consumedMs),
        remainingWorkingDays: d(f.remainingMs),
        overdueWorkingDays: d(f.overdueMs),
      };
}

const FIGURE_KEYS = [
  'budgetWorkingDays',
  'consumedWorkingDays',
  'remainingWorkingDays',
  'overdueWorkingDays',
  'budgetCalendarDays',
  'consumedCalendarDays',
  'remainingCalendarDays',
  'overdueCalendarDays',
] as const;

/** Just the unit and figures of a clock view (for records that show a clock their own way). */
export function figuresOfView(v: ClockFiguresView): ClockFiguresView {
  const out: ClockFiguresView = { unit: v.unit };
  for (const k of FIGURE_KEYS) if (v[k] !== undefined) out[k] = v[k];
  return out;
}

export class ClockView extends ClockFiguresView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['statutory', 'state', 'response'] }) kind: string;
  @ApiProperty({ type: String, nullable: true, description: 'The state a state clock or response window belongs to' }) state: string | null;
  @ApiProperty({ enum: ['running', 'stopped', 'finished'] }) status: string;
  @ApiProperty({ type: String, nullable: true }) deadline: string | null;
  @ApiProperty() provisional: boolean;
  @ApiProperty() warned: boolean;
  @ApiProperty({ type: String, nullable: true }) breachedAt: string | null;
  @ApiProperty() stops: number;
  @ApiProperty() stoppedCalendarMs: number;
  @ApiProperty({ type: String, nullable: true }) onTimeout: string | null;
}

export function clockView(c: ClockEntity, figures: ClockFigures): ClockView {
  return {
    id: c.id,
    kind: c.kind,
    state: c.stateName,
    status: c.status,
    ...figuresView(figures),
    deadline: c.deadlineAt?.toISOString() ?? null,
    provisional: c.provisional,
    warned: c.warnedAt !== null && c.kind !== 'response',
    breachedAt: c.breachedAt?.toISOString() ?? null,
    stops: c.stops,
    stoppedCalendarMs: c.stoppedMs,
    onTimeout: c.onTimeout,
  };
}

export function documentView(d: DocumentEntity): DocumentView {
  return {
    id: d.id,
    requirement: d.requirementCode,
    fileName: d.fileName,
    mediaType: d.mediaType,
    sizeBytes: d.sizeBytes,
    sha256: d.sha256,
    uploadedAt: d.uploadedAt.toISOString(),
  };
}

export function permitView(p: PermitEntity): PermitView {
  return {
    permitNumber: p.permitNumber,
    issuedAt: p.issuedAt.toISOString(),
    validUntil: p.validUntil?.toISOString() ?? null,
    deemedApproval: p.deemedApproval,
  };
}

class DeficiencyNotices {
  @ApiProperty({ description: 'Notices sent so far' }) sent: number;
  @ApiProperty({ description: 'The most the permit type allows' }) max: number;
  @ApiProperty({
    type: [String],
    description: 'While the clock is stopped: the requirements the last notice named that have not been uploaded anew yet (resubmission answers 422 until this is empty)',
  })
  toReplace: string[];
}

class CaseFlags {
  @ApiProperty() warned: boolean;
  @ApiProperty() breached: boolean;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) breachedAt: string | null;
  @ApiProperty() escalated: boolean;
  @ApiProperty({ description: 'Deemed approved and awaiting post-issuance supervision' }) postIssuanceSupervision: boolean;
}

class Compensation {
  @ApiProperty({ description: 'Delay compensation owed so far' }) owed: number;
  @ApiProperty({ example: 'IDR' }) currency: string;
  @ApiProperty() workingDaysLate: number;
}

class CasePermitTypeRef {
  @ApiProperty() code: string;
  @ApiProperty({ type: Number, nullable: true, description: 'The pinned version (null while a draft)' }) version: number | null;
  @ApiProperty() name: string;
}

export class CaseView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, nullable: true }) reference: string | null;
  @ApiProperty({ type: CasePermitTypeRef }) permitType: CasePermitTypeRef;
  @ApiProperty() agency: string;
  @ApiProperty({ example: 'kota-contoh', description: 'Business calendar whose working days this case is counted in (GET /v1/calendars/{id})' })
  calendar: string;
  @ApiProperty({ example: 'Asia/Jakarta', description: 'IANA zone in which each deadline day of this case ends' })
  timeZone: string;
  @ApiProperty({ type: String, nullable: true, enum: ['WIB', 'WITA', 'WIT'], example: 'WIB', description: 'Indonesian short name of the zone' })
  timeZoneLabel: 'WIB' | 'WITA' | 'WIT' | null;
  @ApiProperty({ format: 'uuid' }) applicantId: string;
  @ApiProperty() state: string;
  @ApiProperty({ type: String, nullable: true }) stateLabel: string | null;
  @ApiProperty({ enum: ['draft', 'open', 'closed'] }) status: string;
  @ApiProperty({ type: String, nullable: true }) outcome: string | null;
  @ApiProperty() version: number;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The form answers, by the fields the permit type declares' })
  form: Record<string, unknown>;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: String, nullable: true }) submittedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) closedAt: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) assigneeId: string | null;
  @ApiProperty({ type: DeficiencyNotices }) deficiencyNotices: DeficiencyNotices;
  @ApiProperty({ type: String, nullable: true, description: 'The statutory deadline (end of its working day in timeZone)' }) deadline: string | null;
  @ApiProperty() deadlineProvisional: boolean;
  @ApiProperty({ type: [ClockView] }) clocks: ClockView[];
  @ApiProperty({ type: CaseFlags }) flags: CaseFlags;
  @ApiProperty({ type: Compensation, nullable: true, description: 'Where the permit type sets delay compensation' }) compensation: Compensation | null;
  /** Only what the caller may do now; GET /v1/applications/{id}/actions also says why not for the rest. */
  @ApiProperty({ type: [ActionOptionView] }) allowedActions: AvailableAction[];
  @ApiProperty({ type: [DocumentView], description: 'Current documents' }) documents: DocumentView[];
  @ApiProperty({ type: PermitView, nullable: true }) permit: PermitView | null;
  @ApiProperty({ type: CaseFeeView, nullable: true, description: 'The fee with its breakdown; on a draft, what it would be if submitted now' })
  fee: CaseFeeView | null;
}

export function caseView(
  a: ApplicationEntity,
  def: PermitTypeDefinition,
  parts: {
    clocks: ClockView[];
    actions: readonly AvailableAction[];
    documents: DocumentEntity[];
    permit: PermitEntity | null;
    compensation: CaseView['compensation'];
    timing: DeadlineTiming;
  },
): CaseView {
  const statutory = parts.clocks.find((c) => c.kind === 'statutory');
  return {
    id: a.id,
    reference: a.reference,
    permitType: { code: a.permitTypeCode, version: a.permitTypeVersion, name: def.name },
    agency: a.agencyCode,
    calendar: parts.timing.calendar,
    timeZone: parts.timing.timeZone,
    timeZoneLabel: parts.timing.timeZoneLabel,
    applicantId: a.applicantId,
    state: a.state,
    stateLabel: def.states[a.state]?.label ?? null,
    status: a.status,
    outcome: a.outcome,
    version: a.version,
    form: a.form,
    createdAt: a.createdAt.toISOString(),
    submittedAt: a.submittedAt?.toISOString() ?? null,
    closedAt: a.closedAt?.toISOString() ?? null,
    assigneeId: a.assigneeId,
    deficiencyNotices: {
      sent: a.deficiencyNotices,
      max: def.deficiencyNotices.max,
      toReplace: a.status === 'open' && clockStopped(def, a.state) ? documentsToReplace(a.lastDeficiencyNotice, parts.documents.map((d) => ({ id: d.id, requirement: d.requirementCode }))) : [],
    },
    deadline: statutory?.deadline ?? a.statutoryDeadlineAt?.toISOString() ?? null,
    deadlineProvisional: statutory?.provisional ?? false,
    clocks: parts.clocks,
    flags: {
      warned: a.warnedAt !== null,
      breached: a.breachedAt !== null,
      breachedAt: a.breachedAt?.toISOString() ?? null,
      escalated: a.escalatedAt !== null,
      postIssuanceSupervision: a.postIssuanceSupervision,
    },
    compensation: parts.compensation,
    allowedActions: parts.actions.filter((a) => a.allowed),
    documents: parts.documents.map(documentView),
    permit: parts.permit ? permitView(parts.permit) : null,
    fee: caseFee(a, def),
  };
}

/** The case's fee as assessed at submission with its settlement; on a draft, the estimate from its answers so far. */
function caseFee(a: ApplicationEntity, def: PermitTypeDefinition): CaseFeeView | null {
  if (a.fee) {
    return feeView(a.fee, a.feeStatus, { reference: a.feeReference, channel: a.feeChannel, waiverReason: a.feeWaiverReason, settledAt: a.feeSettledAt });
  }
  if (!a.isDraft()) return null;
  const estimate = draftFee(def, a.form);
  return estimate ? feeView(estimate, null) : null;
}
