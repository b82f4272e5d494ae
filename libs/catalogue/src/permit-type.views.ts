import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { PageFields } from '@tenggat/platform';
import {
  BREACH_POLICIES,
  BreachPolicy,
  CLOCK_MODES,
  ClockMode,
  FINAL_OUTCOMES,
  FinalOutcome,
  FORM_FIELD_TYPES,
  FormFieldType,
  RISK_LEVELS,
  RiskLevel,
  TRANSITION_REQUIREMENTS,
  TransitionRequirement,
  type PermitTypeDefinition,
} from '@tenggat/workflow';
import type { PinnedPermitType } from './catalogue.service';
import { DeadlineTiming } from './deadline-timing.service';

export class AgencyRef {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty() calendarId: string;
  @ApiProperty() timeZone: string;
}

/**
 * The service standard (UU 25/2009 art. 21 components) an applicant reads before applying, with
 * the calendar and zone its deadlines are counted in.
 */
export class PermitTypeSummary extends DeadlineTiming {
  @ApiProperty({ example: 'pbg', description: 'Stable key, used in case references (PBG-2026-000042)' }) code: string;
  @ApiProperty({ example: 'Persetujuan Bangunan Gedung' }) name: string;
  @ApiProperty({ example: 'dpmptsp-kota-contoh', description: 'Code of the issuing agency' }) agency: string;
  @ApiProperty({ enum: RISK_LEVELS, description: 'Risk level of the business activity (PP 28/2025)' }) risk: RiskLevel;
  @ApiProperty({ type: 'integer', minimum: 1, description: 'Statutory processing time in working days' }) processingWorkingDays: number;
  @ApiProperty({ enum: BREACH_POLICIES, description: 'What happens when the statutory clock runs out' }) onBreach: BreachPolicy;
  @ApiProperty({ description: 'True when silence past the deadline means approval (fiktif positif)' })
  silenceMeansApproval: boolean;
  @ApiProperty({ type: 'integer', minimum: 1, description: 'The version in force' }) version: number;
}

export class PermitTypePage extends PageFields {
  @ApiProperty({ type: [PermitTypeSummary] }) items: PermitTypeSummary[];
}

/** A document the applicant uploads before submitting. */
export class DocumentRequirementView {
  @ApiProperty({ example: 'site-plan' }) code: string;
  @ApiProperty() name: string;
  @ApiPropertyOptional() description?: string;
  @ApiProperty({ type: [String], example: ['application/pdf'], description: 'Media types accepted (checked against the content)' }) mediaTypes: readonly string[];
  @ApiProperty({ type: 'integer', minimum: 1, description: 'Largest file accepted, in bytes' }) maxBytes: number;
  @ApiPropertyOptional({ description: 'true when it may be left out (absent: required)' }) optional?: boolean;
}

/** One field of the application form. */
export class FormFieldView {
  @ApiProperty({ example: 'floors', description: 'Key of the value in the form data' }) name: string;
  @ApiProperty() label: string;
  @ApiPropertyOptional() description?: string;
  @ApiProperty({ enum: FORM_FIELD_TYPES }) type: FormFieldType;
  @ApiPropertyOptional() required?: boolean;
  @ApiPropertyOptional({ type: [String], description: 'The values allowed' }) enum?: readonly string[];
  @ApiPropertyOptional({ description: 'Smallest number allowed' }) min?: number;
  @ApiPropertyOptional({ description: 'Largest number allowed' }) max?: number;
  @ApiPropertyOptional({ description: 'Regular expression the text must match (unanchored unless it says ^...$)' }) pattern?: string;
  @ApiPropertyOptional({ type: 'integer', minimum: 1 }) maxLength?: number;
}

export class FormView {
  @ApiProperty({ type: [FormFieldView] }) fields: readonly FormFieldView[];
}

export class FeeView {
  @ApiPropertyOptional({ minimum: 0, example: 0, description: 'A fixed fee (absent when a formula decides it)' }) amount?: number;
  @ApiPropertyOptional({ example: 'widthM * heightM * sides * durationMonths * ratePerM2Month', description: 'The fee as a formula over the form fields and rates' })
  formula?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'number' }, description: 'Named numbers the formula uses' })
  rates?: Record<string, number>;
  @ApiProperty({ example: 'IDR', description: 'ISO 4217 code' }) currency: string;
  @ApiProperty({ description: 'Legal basis or formula of the fee (e.g. the retribusi Perda)' }) basis: string;
}

/** Validity of the issued permit. */
export class ValidityView {
  @ApiPropertyOptional({ type: 'integer', minimum: 1 }) years?: number;
  @ApiPropertyOptional({ type: 'integer', minimum: 1 }) months?: number;
}

export class WorkingDaysView {
  @ApiProperty({ type: 'integer', minimum: 1 }) workingDays: number;
}

export class DeficiencyNoticePolicyView {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'How often the clock may be stopped for missing documents' }) max: number;
}

export class DelayCompensationView {
  @ApiProperty({ description: 'Owed per working day late' }) perWorkingDay: number;
  @ApiProperty({ description: 'Most owed for one case' }) cap: number;
  @ApiProperty({ example: 'IDR', description: 'ISO 4217 code' }) currency: string;
}

/** How long the applicant has to answer a deficiency notice, and what happens when they do not. */
export class ApplicantResponseView {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'The window in calendar days (exactly one of calendarDays, workingDays)' }) calendarDays?: number;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'The window in working days' }) workingDays?: number;
  @ApiProperty({ description: 'The state the case moves to when the window lapses' }) onTimeout: string;
}

export class StateView {
  @ApiPropertyOptional({ description: 'Human label (e.g. Indonesian) for timelines' }) label?: string;
  @ApiPropertyOptional({ description: 'The officer role whose queue holds cases in this state' }) role?: string;
  @ApiPropertyOptional({ type: WorkingDaysView, description: "The state's own SLA" }) sla?: WorkingDaysView;
  @ApiPropertyOptional({ enum: CLOCK_MODES, description: 'stopped: the statutory clock pauses here (absent: running)' }) clock?: ClockMode;
  @ApiPropertyOptional({ type: ApplicantResponseView }) applicantResponse?: ApplicantResponseView;
  @ApiPropertyOptional({ enum: FINAL_OUTCOMES, description: 'The outcome of a final state' }) final?: FinalOutcome;
}

export class TransitionView {
  @ApiProperty({ description: 'A state, or * for every non-final state other than `to`' }) from: string;
  @ApiProperty({ example: 'accept' }) action: string;
  @ApiPropertyOptional() label?: string;
  @ApiProperty() to: string;
  @ApiProperty({ type: [String], description: 'Roles that may take it' }) roles: readonly string[];
  @ApiPropertyOptional({ enum: TRANSITION_REQUIREMENTS, isArray: true, description: 'What the action must carry' }) requires?: readonly TransitionRequirement[];
}

@ApiExtraModels(StateView)
export class PermitTypeDetail extends PermitTypeSummary {
  @ApiPropertyOptional() description?: string;
  @ApiProperty({ type: [String], description: 'Laws and regulations this service rests on' }) legalBasis: string[];
  @ApiProperty({ type: [DocumentRequirementView] }) requirements: DocumentRequirementView[];
  @ApiProperty({ type: FormView, description: 'Form data the applicant fills in' }) form: FormView;
  @ApiProperty({ type: FeeView }) fee: FeeView;
  @ApiProperty({ description: 'What is issued' }) product: string;
  @ApiPropertyOptional({ type: ValidityView, description: 'Validity of the issued permit; absent means indefinite' }) validity?: ValidityView;
  @ApiProperty({ type: [String], description: 'The steps as the applicant reads them' }) procedure: string[];
  @ApiProperty({ description: 'Where to complain (e.g. SP4N-LAPOR!, the agency desk)' }) complaintChannel: string;
  @ApiProperty({ type: WorkingDaysView, description: 'The statutory clock for the whole case' }) processingTime: WorkingDaysView;
  @ApiProperty({ type: DeficiencyNoticePolicyView }) deficiencyNotices: DeficiencyNoticePolicyView;
  @ApiPropertyOptional({ type: DelayCompensationView, description: 'What the agency owes per working day late, when it compensates' })
  delayCompensation?: DelayCompensationView;
  @ApiProperty({ exclusiveMinimum: true, minimum: 0, exclusiveMaximum: true, maximum: 1, example: 0.8, description: 'Share of a budget at which a warning fires' })
  warningAt: number;
  @ApiProperty({ description: 'Content hash of this version (sha256 of its canonical JSON)' }) hash: string;
  @ApiProperty({ format: 'date-time' }) publishedAt: string;
  @ApiProperty() initialState: string;
  @ApiProperty({ type: 'object', additionalProperties: { $ref: getSchemaPath(StateView) }, description: 'The states by name' })
  states: Record<string, StateView>;
  @ApiProperty({ type: [TransitionView] }) transitions: TransitionView[];
}

export class PermitTypeVersionView {
  @ApiProperty({ type: 'integer', minimum: 1 }) version: number;
  @ApiProperty({ description: 'Content hash (sha256 of the canonical JSON)' }) hash: string;
  @ApiProperty({ format: 'date-time' }) publishedAt: string;
  @ApiProperty({ description: 'true for the version in force' }) current: boolean;
}

export function summaryOf(p: PinnedPermitType, timing: DeadlineTiming): PermitTypeSummary {
  const d = p.definition;
  return {
    code: d.code,
    name: d.name,
    agency: d.agency,
    calendar: timing.calendar,
    timeZone: timing.timeZone,
    timeZoneLabel: timing.timeZoneLabel,
    risk: d.risk,
    processingWorkingDays: d.processingTime.workingDays,
    onBreach: d.onBreach,
    silenceMeansApproval: d.onBreach === 'deemed-approval',
    version: p.version,
  };
}

export function detailOf(p: PinnedPermitType, timing: DeadlineTiming): PermitTypeDetail {
  const d: PermitTypeDefinition = p.definition;
  return {
    ...summaryOf(p, timing),
    description: d.description,
    legalBasis: [...d.legalBasis],
    requirements: d.requirements.map((r) => ({ ...r })),
    form: d.form,
    fee: d.fee,
    product: d.product,
    validity: d.validity,
    procedure: [...d.procedure],
    complaintChannel: d.complaintChannel,
    processingTime: d.processingTime,
    deficiencyNotices: d.deficiencyNotices,
    delayCompensation: d.delayCompensation,
    warningAt: d.warningAt ?? 0.8,
    hash: p.hash,
    publishedAt: p.publishedAt.toISOString(),
    initialState: d.initial ?? Object.keys(d.states)[0],
    states: d.states,
    transitions: d.transitions.map((t) => ({ ...t })),
  };
}
