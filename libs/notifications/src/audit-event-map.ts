import { BUILT_IN_ROLES, type PermitTypeDefinition, stateDefinition, transitionsFrom } from '@tenggat/workflow';
import type { EventType } from './event-catalogue';

/** The parts of an audit entry the map reads (see AuditEntry in @tenggat/audit). */
export interface AuditFacts {
  action: string;
  actorRole: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  comment?: string | null;
  data?: unknown;
  at: Date;
}

/** The case an audit event concerns, as it is inside the event's transaction. */
export interface CaseFacts {
  applicationId: string;
  reference: string | null;
  permitType: string;
  agency: string;
  applicantId: string;
  status: string;
  state: string;
  deficiencyNotices: number;
  def: PermitTypeDefinition;
}

/** What the caller looked up for the map (it does no I/O itself). */
export interface Lookups {
  /** The deadline of the response window just opened (a deficiency notice). */
  responseDeadline?: string | null;
  /** The deadline of the statutory clock (submission). */
  legalDeadline?: string | null;
}

export interface MappedEvent {
  type: EventType;
  data: Record<string, unknown>;
  /** Officer roles that work the case in the state before or after the event (the live stream's scope). */
  roles: string[];
}

const OUTCOMES = ['approved', 'rejected', 'withdrawn'] as const;
type Outcome = (typeof OUTCOMES)[number];

const obj = (v: unknown): Record<string, unknown> => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const outcomeOf = (v: unknown): Outcome | null => ((OUTCOMES as readonly unknown[]).includes(v) ? (v as Outcome) : null);

const BUILT_IN: readonly string[] = BUILT_IN_ROLES;

/** The officer roles that work cases in a state (its role and the roles of its transitions out). */
export function officerRolesIn(def: PermitTypeDefinition, state: string | null): string[] {
  if (!state) return [];
  const s = stateDefinition(def, state);
  if (!s || s.final !== undefined) return [];
  const roles = new Set<string>();
  if (s.role !== undefined) roles.add(s.role);
  for (const t of transitionsFrom(def, state)) for (const r of t.roles) if (!BUILT_IN.includes(r)) roles.add(r);
  return [...roles];
}

/** Does the audit action record a workflow transition (it lists the transition's effects)? */
const isTransition = (e: AuditFacts): boolean => e.entityType === 'application' && Array.isArray(obj(e.data).effects);

/**
 * Which catalogue event (if any) an audit event is, with its data. Events of drafts, documents,
 * configuration and accounts are not published: they return null.
 */
export function mapAuditEvent(e: AuditFacts, c: CaseFacts, look: Lookups = {}): MappedEvent | null {
  if (c.status === 'draft') return null;
  const before = obj(e.before);
  const after = obj(e.after);
  const data = obj(e.data);
  const fromState = text(before.state);
  const base = { applicationId: c.applicationId, reference: c.reference ?? '', permitType: c.permitType, agency: c.agency, state: c.state };
  const roles = [...new Set([...officerRolesIn(c.def, fromState), ...officerRolesIn(c.def, c.state)])];
  const event = (type: EventType, fields: Record<string, unknown>): MappedEvent => ({ type, data: { ...base, ...fields }, roles });

  if (isTransition(e)) return transitionEvent(e, c, look, { fromState: fromState ?? '', after, data, event });
  switch (e.action) {
    case 'submit':
      return event('application.submitted', {
        submittedAt: e.at.toISOString(),
        legalDeadline: look.legalDeadline ?? text(after.deadline),
        processingWorkingDays: c.def.processingTime.workingDays,
      });
    case 'escalated':
      return event('application.escalated', { assigneeId: text(after.assigneeId), previousAssigneeId: text(before.assigneeId) });
    case 'claimed':
    case 'released':
    case 'assigned':
      return event('application.assigned', { kind: e.action, assigneeId: text(after.assigneeId), previousAssigneeId: text(before.assigneeId) });
    case 'sla.warning':
      return event('sla.warning', { clock: text(data.clock), clockState: text(data.state), warnAt: text(data.warnAt), deadline: text(data.deadline) });
    case 'sla.breached':
    case 'sla.state-breached':
      return event('sla.breached', {
        clock: text(data.clock),
        clockState: text(data.state),
        deadline: text(data.deadline),
        lateMs: Math.max(0, Math.round(Number(data.lateMs) || 0)),
        policy: text(data.policy) ?? 'flag',
      });
    case 'permit.revoked':
    case 'revoke-permit': // the agency's revocation (POST /v1/permits/{number}/revocation)
      return event('permit.revoked', { permitNumber: text(data.permitNumber) ?? text(after.permitNumber) ?? '', reason: e.comment ?? null });
    case 'complaint.filed':
      return event('complaint.filed', { complaintId: e.entityId, category: text(after.category) ?? '', status: text(after.status) ?? '' });
    case 'complaint.handled':
      return event('complaint.updated', {
        complaintId: e.entityId,
        status: text(after.status) ?? '',
        previousStatus: text(before.status),
        findings: text(after.findings),
      });
    default:
      return null;
  }
}

function transitionEvent(
  e: AuditFacts,
  c: CaseFacts,
  look: Lookups,
  t: { fromState: string; after: Record<string, unknown>; data: Record<string, unknown>; event: (type: EventType, fields: Record<string, unknown>) => MappedEvent },
): MappedEvent {
  const effects = (t.data.effects as unknown[]).filter((x): x is string => typeof x === 'string');
  const outcome = outcomeOf(t.after.outcome);
  const comment = e.comment ?? null;
  if (effects.includes('deficiency-notice')) {
    const codes = Array.isArray(t.data.missingDocuments) ? t.data.missingDocuments.filter((x): x is string => typeof x === 'string') : [];
    const names = new Map(c.def.requirements.map((r) => [r.code, r.name]));
    return t.event('application.deficiency-notice-sent', {
      fromState: t.fromState,
      missingDocuments: codes.map((code) => ({ code, name: names.get(code) ?? code })),
      comment,
      responseDeadline: look.responseDeadline ?? null,
      noticeNumber: Math.max(1, c.deficiencyNotices),
    });
  }
  if (t.data.deemedApproval === true) return t.event('application.deemed-approved', { permitNumber: text(t.data.permitNumber), fromState: t.fromState });
  if (e.actorRole === 'system' && stateDefinition(c.def, t.fromState)?.applicantResponse) {
    return t.event('application.response-window-lapsed', { fromState: t.fromState, outcome });
  }
  if (outcome === 'approved' || outcome === 'rejected') {
    return t.event('application.decided', { outcome, permitNumber: text(t.data.permitNumber), fromState: t.fromState, comment });
  }
  if (outcome === 'withdrawn') return t.event('application.withdrawn', { fromState: t.fromState, comment });
  if (effects.includes('statutory-clock:resume')) return t.event('application.resubmitted', { fromState: t.fromState });
  return t.event('application.transitioned', { action: e.action, fromState: t.fromState, actorRole: e.actorRole });
}
