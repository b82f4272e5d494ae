import { ClockEntity, clockMath } from '@tenggat/sla';
import { PermitTypeDefinition } from '@tenggat/workflow';
import { ApplicationEntity } from './application.entity';
import { AvailableAction } from './case-roles';
import { DocumentEntity } from './document.entity';
import { PermitEntity } from './permit.entity';


export interface ClockView {
  id: string;
  kind: string;
  state: string | null;
  status: string;
  budgetWorkingDays: number;
  consumedWorkingDays: number;
  remainingWorkingDays: number;
  deadline: string | null;
  provisional: boolean;
  warned: boolean;
  breachedAt: string | null;
  stops: number;
  stoppedCalendarMs: number;
  onTimeout: string | null;
}

export function clockView(c: ClockEntity, remainingMs: number): ClockView {
  const round = clockMath.toDays;
  return {
    id: c.id,
    kind: c.kind,
    state: c.stateName,
    status: c.status,
    budgetWorkingDays: round(c.budgetMs),
    consumedWorkingDays: round(c.budgetMs - remainingMs),
    remainingWorkingDays: round(remainingMs),
    deadline: c.deadlineAt?.toISOString() ?? null,
    provisional: c.provisional,
    warned: c.warnedAt !== null && c.kind !== 'response',
    breachedAt: c.breachedAt?.toISOString() ?? null,
    stops: c.stops,
    stoppedCalendarMs: c.stoppedMs,
    onTimeout: c.onTimeout,
  };
}

export function documentView(d: DocumentEntity): Record<string, unknown> {
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

export function permitView(p: PermitEntity): Record<string, unknown> {
  return {
    permitNumber: p.permitNumber,
    issuedAt: p.issuedAt.toISOString(),
    validUntil: p.validUntil?.toISOString() ?? null,
    deemedApproval: p.deemedApproval,
  };
}

export interface CaseView {
  id: string;
  reference: string | null;
  permitType: { code: string; version: number | null; name: string };
  agency: string;
  applicantId: string;
  state: string;
  stateLabel: string | null;
  status: string;
  outcome: string | null;
  version: number;
  form: Record<string, unknown>;
  createdAt: string;
  submittedAt: string | null;
  closedAt: string | null;
  assigneeId: string | null;
  deficiencyNotices: { sent: number; max: number };
  deadline: string | null;
  deadlineProvisional: boolean;
  clocks: ClockView[];
  flags: { warned: boolean; breached: boolean; breachedAt: string | null; escalated: boolean; postIssuanceSupervision: boolean };
  compensation: { owed: number; currency: string; workingDaysLate: number } | null;
  /** Only what the caller may do now; GET /v1/applications/{id}/actions also says why not for the rest. */
  allowedActions: AvailableAction[];
  documents: Record<string, unknown>[];
  permit: Record<string, unknown> | null;
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
  },
): CaseView {
  const statutory = parts.clocks.find((c) => c.kind === 'statutory');
  return {
    id: a.id,
    reference: a.reference,
    permitType: { code: a.permitTypeCode, version: a.permitTypeVersion, name: def.name },
    agency: a.agencyCode,
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
    deficiencyNotices: { sent: a.deficiencyNotices, max: def.deficiencyNotices.max },
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
  };
}
