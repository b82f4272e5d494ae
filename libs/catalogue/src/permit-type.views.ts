import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { PermitTypeDefinition } from '@tenggat/workflow';
import type { PinnedPermitType } from './catalogue.service';
import { DeadlineTiming } from './deadline-timing.service';

export class AgencyRef {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty() calendarId: string;
  @ApiProperty() timeZone: string;
}

/**
 * The service standard (UU 25/2009 art. 21 components an applicant reads before applying), with
 * the calendar and zone its deadlines are counted in.
 */
export class PermitTypeSummary extends DeadlineTiming {
  @ApiProperty({ example: 'pbg' }) code: string;
  @ApiProperty() name: string;
  @ApiProperty() agency: string;
  @ApiProperty({ enum: ['low', 'medium-low', 'medium-high', 'high'] }) risk: string;
  @ApiProperty({ description: 'Statutory processing time in working days' }) processingWorkingDays: number;
  @ApiProperty({ enum: ['flag', 'escalate', 'deemed-approval'] }) onBreach: string;
  @ApiProperty({ description: 'True when silence past the deadline means approval (fiktif positif)' })
  silenceMeansApproval: boolean;
  @ApiProperty() version: number;
}

export class PermitTypeDetail extends PermitTypeSummary {
  @ApiPropertyOptional() description?: string;
  @ApiProperty({ type: [String] }) legalBasis: string[];
  @ApiProperty({ type: 'array', items: { type: 'object' } }) requirements: object[];
  @ApiProperty({ type: 'object', additionalProperties: true }) form: object;
  @ApiProperty({ type: 'object', additionalProperties: true }) fee: object;
  @ApiProperty() product: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) validity?: object;
  @ApiProperty({ type: [String] }) procedure: string[];
  @ApiProperty() complaintChannel: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) processingTime: object;
  @ApiProperty({ type: 'object', additionalProperties: true }) deficiencyNotices: object;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) delayCompensation?: object;
  @ApiProperty() warningAt: number;
  @ApiProperty() hash: string;
  @ApiProperty() publishedAt: string;
  @ApiProperty() initialState: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) states: object;
  @ApiProperty({ type: 'array', items: { type: 'object' } }) transitions: object[];
}

export class PermitTypeVersionView {
  @ApiProperty() version: number;
  @ApiProperty() hash: string;
  @ApiProperty() publishedAt: string;
  @ApiProperty() current: boolean;
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
