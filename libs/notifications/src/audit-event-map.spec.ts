import Ajv2020 from 'ajv/dist/2020';
import { validDefinition } from '../../workflow/test-fixtures/definition.factory';
import { AuditFacts, CaseFacts, mapAuditEvent, officerRolesIn } from './audit-event-map';
import { EVENT_CATALOGUE, eventSpec } from './event-catalogue';

const def = validDefinition();
const at = new Date('2026-03-16T02:00:00.000Z');
const facts = (over: Partial<CaseFacts> = {}): CaseFacts => ({
  applicationId: '0b7c6f1e-4a55-4a53-9d7e-6f2f0c7f1a10',
  reference: 'IZIN-CONTOH-2026-000001',
  permitType: def.code,
  agency: def.agency,
  applicantId: '6c1b3f8e-1f0a-4a8e-8d65-0a7a8f5d7e21',
  status: 'open',
  state: 'submitted',
  deficiencyNotices: 0,
  def,
  ...over,
});
const transition = (action: string, from: string, to: string, effects: string[], extra: Partial<AuditFacts> & { data?: Record<string, unknown> } = {}): AuditFacts => ({
  action,
  actorRole: 'verifier',
  entityType: 'application',
  entityId: 'x',
  before: { state: from, version: 2 },
  after: { state: to, version: 3 },
  at,
  ...extra,
  data: { effects, ...(extra.data ?? {}) },
});

const ajv = new Ajv2020({ strict: false, validateFormats: false });
const conforms = (type: Parameters<typeof eventSpec>[0], data: unknown): boolean => ajv.validate(eventSpec(type).schema, data);

describe('the event catalogue', () => {
  it.each(EVENT_CATALOGUE.map((s) => [s.type, s] as const))('%s: its example conforms to its schema', (_type, spec) => {
    expect(ajv.validate(spec.schema, spec.example)).toBe(true);
  });
});

describe('mapAuditEvent: which published event an audit event is', () => {
  it('a deficiency notice names the missing documents by code and name, the deadline and the notice number', () => {
    const e = transition('request-documents', 'submitted', 'deficient', ['statutory-clock:stop', 'deficiency-notice', 'response-window:start'], {
      comment: 'kurang',
      data: { missingDocuments: ['land-title'] },
    });
    const m = mapAuditEvent(e, facts({ state: 'deficient', deficiencyNotices: 1 }), { responseDeadline: '2026-04-15T16:59:59.999Z' });
    expect(m).toMatchObject({
      type: 'application.deficiency-notice-sent',
      data: { missingDocuments: [{ code: 'land-title', name: 'Sertifikat tanah' }], responseDeadline: '2026-04-15T16:59:59.999Z', noticeNumber: 1, comment: 'kurang' },
      roles: ['verifier'],
    });
    expect(conforms('application.deficiency-notice-sent', m?.data)).toBe(true);
  });

  it('tells decisions, deemed approvals, lapses, withdrawals and resubmissions apart', () => {
    const decided = mapAuditEvent(
      transition('approve', 'technical-review', 'approved', ['statutory-clock:finish', 'decision'], { after: { state: 'approved', outcome: 'approved' }, data: { permitNumber: 'P/1' } }),
      facts({ state: 'approved', status: 'closed' }),
    );
    expect(decided).toMatchObject({ type: 'application.decided', data: { outcome: 'approved', permitNumber: 'P/1' } });
    const deemed = mapAuditEvent(
      transition('approve', 'technical-review', 'approved', ['decision'], { actorRole: 'system', after: { state: 'approved', outcome: 'approved' }, data: { deemedApproval: true, permitNumber: 'P/2' } }),
      facts({ state: 'approved', status: 'closed' }),
    );
    expect(deemed).toMatchObject({ type: 'application.deemed-approved', data: { permitNumber: 'P/2' } });
    const lapsed = mapAuditEvent(
      transition('withdraw', 'deficient', 'withdrawn', ['decision'], { actorRole: 'system', after: { state: 'withdrawn', outcome: 'withdrawn' } }),
      facts({ state: 'withdrawn', status: 'closed' }),
    );
    expect(lapsed).toMatchObject({ type: 'application.response-window-lapsed', data: { fromState: 'deficient', outcome: 'withdrawn' } });
    const withdrawn = mapAuditEvent(
      transition('withdraw', 'submitted', 'withdrawn', ['decision'], { actorRole: 'applicant', after: { state: 'withdrawn', outcome: 'withdrawn' } }),
      facts({ state: 'withdrawn', status: 'closed' }),
    );
    expect(withdrawn?.type).toBe('application.withdrawn');
    const resubmitted = mapAuditEvent(transition('resubmit', 'deficient', 'submitted', ['statutory-clock:resume', 'response-window:stop'], { actorRole: 'applicant' }), facts());
    expect(resubmitted?.type).toBe('application.resubmitted');
    const step = mapAuditEvent(transition('accept', 'submitted', 'technical-review', ['state-clock:stop']), facts({ state: 'technical-review' }));
    expect(step).toMatchObject({ type: 'application.transitioned', data: { action: 'accept', fromState: 'submitted' }, roles: ['verifier', 'reviewer'] });
    for (const m of [decided, deemed, lapsed, withdrawn, resubmitted, step]) expect(conforms(m!.type, m!.data)).toBe(true);
  });

  it('maps SLA flags, escalations and complaints, and nothing of drafts, documents or configuration', () => {
    const base = { actorRole: 'system', entityType: 'clock', entityId: 'c', at };
    const breach = mapAuditEvent({ ...base, action: 'sla.breached', data: { clock: 'statutory', state: null, deadline: at.toISOString(), lateMs: 12.4, policy: 'escalate' } }, facts());
    expect(breach).toMatchObject({ type: 'sla.breached', data: { clock: 'statutory', lateMs: 12, policy: 'escalate' } });
    expect(conforms('sla.breached', breach?.data)).toBe(true);
    const complaint = mapAuditEvent(
      { ...base, actorRole: 'ombudsman', entityType: 'complaint', entityId: '1d6c2a1e-5b7e-4f9e-9e39-7b1d3c7d2a55', action: 'complaint.handled', before: { status: 'received' }, after: { status: 'investigating', findings: null } },
      facts(),
    );
    expect(complaint).toMatchObject({ type: 'complaint.updated', data: { status: 'investigating', previousStatus: 'received' } });
    expect(conforms('complaint.updated', complaint?.data)).toBe(true);
    expect(mapAuditEvent({ ...base, action: 'document.uploaded' }, facts())).toBeNull();
    expect(mapAuditEvent({ ...base, action: 'sla.warning', data: {} }, facts({ status: 'draft' }))).toBeNull();
    expect(mapAuditEvent({ ...base, action: 'calendar.published' }, facts())).toBeNull();
  });

  it('officer roles of a state: its role and the roles of its transitions out; none for final or waiting states', () => {
    expect(officerRolesIn(def, 'submitted')).toEqual(['verifier']);
    expect(officerRolesIn(def, 'deficient')).toEqual([]);
    expect(officerRolesIn(def, 'approved')).toEqual([]);
    expect(officerRolesIn(def, null)).toEqual([]);
  });
});
