/**
 * The published catalogue of domain events: what the outbox carries, what webhooks, the event
 * feed and the live stream deliver. Each type has a schema version and a JSON Schema (draft
 * 2020-12) of its `data`; a change that could break a consumer publishes a new schema version.
 * Pure data: no framework.
 */

export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

export type JsonSchema = { [key: string]: unknown };

export const EVENT_TYPES = [
  'application.submitted',
  'application.deficiency-notice-sent',
  'application.resubmitted',
  'application.response-window-closing',
  'application.response-window-lapsed',
  'application.withdrawn',
  'application.transitioned',
  'application.assigned',
  'application.decided',
  'application.deemed-approved',
  'application.escalated',
  'sla.warning',
  'sla.breached',
  'permit.revoked',
  'complaint.filed',
  'complaint.updated',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

export const isEventType = (v: string): v is EventType => (EVENT_TYPES as readonly string[]).includes(v);

export interface EventTypeSpec {
  type: EventType;
  schemaVersion: number;
  summary: string;
  /** Who is emailed when it happens (besides webhooks, the feed and the live stream). */
  emails: 'applicant' | 'none';
  /** JSON Schema of the event's `data`. */
  schema: JsonSchema;
  /** A `data` as it is sent. */
  example: Record<string, unknown>;
}

const str = (description: string, extra: JsonSchema = {}): JsonSchema => ({ type: 'string', description, ...extra });
const nullableStr = (description: string, extra: JsonSchema = {}): JsonSchema => ({ type: ['string', 'null'], description, ...extra });
const dateTime = (description: string): JsonSchema => str(description, { format: 'date-time' });
const nullableDateTime = (description: string): JsonSchema => nullableStr(description, { format: 'date-time' });

/** Every case event's data starts with these. */
const CASE_FIELDS: Record<string, JsonSchema> = {
  applicationId: str('The case', { format: 'uuid' }),
  reference: str('The case reference the applicant was given', { examples: ['REKLAME-2026-000001'] }),
  permitType: str('Permit type code', { examples: ['reklame'] }),
  agency: str('Agency code', { examples: ['dpmptsp-kota-contoh'] }),
  state: str('The state of the case after the event'),
};
const CASE_REQUIRED = Object.keys(CASE_FIELDS);

function caseSchema(title: string, fields: Record<string, JsonSchema>, required: string[] = Object.keys(fields)): JsonSchema {
  return {
    $schema: JSON_SCHEMA_DIALECT,
    title,
    type: 'object',
    properties: { ...CASE_FIELDS, ...fields },
    required: [...CASE_REQUIRED, ...required],
    additionalProperties: false,
  };
}

const CASE_EXAMPLE = {
  applicationId: '0b7c6f1e-4a55-4a53-9d7e-6f2f0c7f1a10',
  reference: 'REKLAME-2026-000001',
  permitType: 'reklame',
  agency: 'dpmptsp-kota-contoh',
};

const clockKind = str('Which clock: the statutory one, a state SLA or the applicant response window', { enum: ['statutory', 'state', 'response'] });

export const EVENT_CATALOGUE: readonly EventTypeSpec[] = [
  {
    type: 'application.submitted',
    schemaVersion: 1,
    summary: 'A complete application was received: the statutory clock started (the receipt)',
    emails: 'applicant',
    schema: caseSchema('application.submitted', {
      submittedAt: dateTime('When it was received'),
      legalDeadline: nullableDateTime('End of the statutory processing time'),
      processingWorkingDays: { type: 'integer', minimum: 1, description: 'Statutory processing time in working days' },
    }),
    example: { ...CASE_EXAMPLE, state: 'verification', submittedAt: '2026-03-16T02:00:00.000Z', legalDeadline: '2026-03-23T16:59:59.999Z', processingWorkingDays: 5 },
  },
  {
    type: 'application.deficiency-notice-sent',
    schemaVersion: 1,
    summary: 'An officer asked for missing documents: the statutory clock stopped and the response window opened',
    emails: 'applicant',
    schema: caseSchema('application.deficiency-notice-sent', {
      fromState: str('The state the notice was sent from'),
      missingDocuments: {
        type: 'array',
        description: 'The requirements the applicant must supply',
        items: { type: 'object', properties: { code: str('Requirement code'), name: str('Requirement name') }, required: ['code', 'name'], additionalProperties: false },
      },
      comment: nullableStr("The officer's explanation"),
      responseDeadline: nullableDateTime('The applicant must answer by then, or the window lapses'),
      noticeNumber: { type: 'integer', minimum: 1, description: 'Which notice of this case this is (the permit type caps them)' },
    }),
    example: {
      ...CASE_EXAMPLE,
      state: 'deficient',
      fromState: 'verification',
      missingDocuments: [{ code: 'owner-consent', name: 'Izin pemilik lahan' }],
      comment: 'The consent letter is not signed',
      responseDeadline: '2026-04-15T16:59:59.999Z',
      noticeNumber: 1,
    },
  },
  {
    type: 'application.resubmitted',
    schemaVersion: 1,
    summary: 'The applicant answered a deficiency notice: the statutory clock resumed where it stopped',
    emails: 'none',
    schema: caseSchema('application.resubmitted', { fromState: str('The stopped-clock state the case left') }),
    example: { ...CASE_EXAMPLE, state: 'verification', fromState: 'deficient' },
  },
  {
    type: 'application.response-window-closing',
    schemaVersion: 1,
    summary: 'The response window of a deficiency notice lapses within one working day',
    emails: 'applicant',
    schema: caseSchema('application.response-window-closing', {
      responseDeadline: dateTime('When the window lapses'),
      onTimeout: str('The state the case moves to if the applicant does not answer'),
    }),
    example: { ...CASE_EXAMPLE, state: 'deficient', responseDeadline: '2026-04-15T16:59:59.999Z', onTimeout: 'withdrawn' },
  },
  {
    type: 'application.response-window-lapsed',
    schemaVersion: 1,
    summary: 'The applicant did not answer a deficiency notice in time: the system applied the timeout outcome',
    emails: 'applicant',
    schema: caseSchema('application.response-window-lapsed', {
      fromState: str('The stopped-clock state'),
      outcome: nullableStr('The final outcome, when the timeout closed the case', { enum: ['approved', 'rejected', 'withdrawn', null] }),
    }),
    example: { ...CASE_EXAMPLE, state: 'withdrawn', fromState: 'deficient', outcome: 'withdrawn' },
  },
  {
    type: 'application.withdrawn',
    schemaVersion: 1,
    summary: 'The applicant withdrew the application',
    emails: 'none',
    schema: caseSchema('application.withdrawn', { fromState: str('The state it was withdrawn from'), comment: nullableStr('The reason given') }),
    example: { ...CASE_EXAMPLE, state: 'withdrawn', fromState: 'verification', comment: null },
  },
  {
    type: 'application.transitioned',
    schemaVersion: 1,
    summary: 'Any other workflow step (e.g. verified, forwarded for technical review)',
    emails: 'none',
    schema: caseSchema('application.transitioned', {
      action: str('The workflow action taken'),
      fromState: str('The state before'),
      actorRole: str('The role the actor acted in'),
    }),
    example: { ...CASE_EXAMPLE, state: 'technical-review', action: 'verify', fromState: 'verification', actorRole: 'verifier' },
  },
  {
    type: 'application.assigned',
    schemaVersion: 1,
    summary: 'The case was claimed, released or reassigned',
    emails: 'none',
    schema: caseSchema('application.assigned', {
      kind: str('What happened', { examples: ['claimed', 'released', 'assigned'] }),
      assigneeId: nullableStr('Who holds it now', { format: 'uuid' }),
      previousAssigneeId: nullableStr('Who held it before', { format: 'uuid' }),
    }),
    example: { ...CASE_EXAMPLE, state: 'verification', kind: 'claimed', assigneeId: '6c1b3f8e-1f0a-4a8e-8d65-0a7a8f5d7e21', previousAssigneeId: null },
  },
  {
    type: 'application.decided',
    schemaVersion: 1,
    summary: 'An officer decided the case: approved (with the permit number) or rejected',
    emails: 'applicant',
    schema: caseSchema('application.decided', {
      outcome: str('The decision', { enum: ['approved', 'rejected'] }),
      permitNumber: nullableStr('The permit issued (approvals)', { examples: ['REKLAME/2026/000001'] }),
      fromState: str('The state the decision was taken in'),
      comment: nullableStr("The decision's reasons"),
    }),
    example: { ...CASE_EXAMPLE, state: 'approved', outcome: 'approved', permitNumber: 'REKLAME/2026/000001', fromState: 'approval', comment: 'Memenuhi syarat' },
  },
  {
    type: 'application.deemed-approved',
    schemaVersion: 1,
    summary: 'The statutory time ran out on a deemed-approval permit type: approved by law (fiktif positif)',
    emails: 'applicant',
    schema: caseSchema('application.deemed-approved', {
      permitNumber: nullableStr('The permit issued by deemed approval'),
      fromState: str('The state the case was in'),
    }),
    example: { ...CASE_EXAMPLE, state: 'approved', permitNumber: 'REKLAME/2026/000002', fromState: 'technical-review' },
  },
  {
    type: 'application.escalated',
    schemaVersion: 1,
    summary: "The statutory time ran out on an escalating permit type: the case went to the agency's supervisors",
    emails: 'none',
    schema: caseSchema('application.escalated', {
      assigneeId: nullableStr('The supervisor it was assigned to', { format: 'uuid' }),
      previousAssigneeId: nullableStr('Who held it before', { format: 'uuid' }),
    }),
    example: { ...CASE_EXAMPLE, state: 'technical-review', assigneeId: '6c1b3f8e-1f0a-4a8e-8d65-0a7a8f5d7e21', previousAssigneeId: null },
  },
  {
    type: 'sla.warning',
    schemaVersion: 1,
    summary: 'A clock reached its warning share (80 % of the budget by default)',
    emails: 'none',
    schema: caseSchema('sla.warning', {
      clock: clockKind,
      clockState: nullableStr('The state a state SLA or response window measures (null for the statutory clock)'),
      warnAt: dateTime('The warning instant'),
      deadline: nullableDateTime('The deadline it warns of'),
    }),
    example: { ...CASE_EXAMPLE, state: 'verification', clock: 'statutory', clockState: null, warnAt: '2026-03-20T16:59:59.999Z', deadline: '2026-03-23T16:59:59.999Z' },
  },
  {
    type: 'sla.breached',
    schemaVersion: 1,
    summary: 'A statutory or state deadline passed with the case still open',
    emails: 'applicant',
    schema: caseSchema('sla.breached', {
      clock: clockKind,
      clockState: nullableStr('The state a state SLA measures (null for the statutory clock)'),
      deadline: dateTime('The deadline that passed'),
      lateMs: { type: 'integer', minimum: 0, description: 'How late the flag was set after the deadline' },
      policy: str('What the permit type does on breach', { enum: ['flag', 'escalate', 'deemed-approval'] }),
    }),
    example: { ...CASE_EXAMPLE, state: 'verification', clock: 'statutory', clockState: null, deadline: '2026-03-23T16:59:59.999Z', lateMs: 120, policy: 'escalate' },
  },
  {
    type: 'permit.revoked',
    schemaVersion: 1,
    summary: 'An issued permit was revoked',
    emails: 'applicant',
    schema: caseSchema('permit.revoked', { permitNumber: str('The revoked permit'), reason: nullableStr('Why') }),
    example: { ...CASE_EXAMPLE, state: 'approved', permitNumber: 'REKLAME/2026/000002', reason: 'Post-issuance supervision found the billboard unsafe' },
  },
  {
    type: 'complaint.filed',
    schemaVersion: 1,
    summary: 'The applicant filed a complaint about the handling of the case',
    emails: 'none',
    schema: caseSchema('complaint.filed', {
      complaintId: str('The complaint', { format: 'uuid' }),
      category: str('Complaint category'),
      status: str('Handling status'),
    }),
    example: { ...CASE_EXAMPLE, state: 'verification', complaintId: '1d6c2a1e-5b7e-4f9e-9e39-7b1d3c7d2a55', category: 'delay', status: 'received' },
  },
  {
    type: 'complaint.updated',
    schemaVersion: 1,
    summary: 'The ombudsman recorded a new handling status or findings of a complaint',
    emails: 'applicant',
    schema: caseSchema('complaint.updated', {
      complaintId: str('The complaint', { format: 'uuid' }),
      status: str('Handling status now'),
      previousStatus: nullableStr('Handling status before'),
      findings: nullableStr('Findings recorded'),
    }),
    example: { ...CASE_EXAMPLE, state: 'verification', complaintId: '1d6c2a1e-5b7e-4f9e-9e39-7b1d3c7d2a55', status: 'investigating', previousStatus: 'received', findings: null },
  },
];

const BY_TYPE = new Map<string, EventTypeSpec>(EVENT_CATALOGUE.map((s) => [s.type, s]));

export function eventSpec(type: EventType): EventTypeSpec {
  return BY_TYPE.get(type) as EventTypeSpec;
}

/**
 * The envelope every channel carries (webhook body, feed item, live stream `data`): the same
 * bytes for the same event on every channel and every retry.
 */
export interface EventEnvelope {
  id: string;
  type: EventType;
  schemaVersion: number;
  /** When the change happened (ISO 8601). */
  timestamp: string;
  /** The feed cursor of the event (a decimal string, increasing in delivery order). */
  position: string;
  caseId: string | null;
  agency: string | null;
  data: Record<string, unknown>;
}

export const ENVELOPE_SCHEMA: JsonSchema = {
  $schema: JSON_SCHEMA_DIALECT,
  title: 'Tenggat event envelope',
  type: 'object',
  properties: {
    id: str('Stable event id: the webhook-id header, the same on every retry and replay', { format: 'uuid' }),
    type: str('The event type', { enum: [...EVENT_TYPES] }),
    schemaVersion: { type: 'integer', minimum: 1, description: 'Version of the data schema of this type' },
    timestamp: dateTime('When the change happened'),
    position: str('Feed cursor (decimal), increasing in delivery order', { pattern: '^[0-9]+$' }),
    caseId: nullableStr('The case it concerns', { format: 'uuid' }),
    agency: nullableStr('The agency of the case'),
    data: { type: 'object', description: 'Per type: see the type schema' },
  },
  required: ['id', 'type', 'schemaVersion', 'timestamp', 'position', 'caseId', 'agency', 'data'],
  additionalProperties: false,
};
