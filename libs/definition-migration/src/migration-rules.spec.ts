import { PermitTypeDefinition } from '@tenggat/workflow';
import { CaseSnapshot, DAY_MS, decideMove, effectiveMap, planFaults } from './migration-rules';

const v1 = {
  processingTime: { workingDays: 5 },
  states: {
    verification: { role: 'verifier', sla: { workingDays: 2 } },
    deficient: { clock: 'stopped', applicantResponse: { calendarDays: 14, onTimeout: 'withdrawn' } },
    approval: { role: 'approver', sla: { workingDays: 3 } },
    approved: { final: 'approved' },
    withdrawn: { final: 'withdrawn' },
  },
} as unknown as PermitTypeDefinition;

const v2 = (over: Partial<PermitTypeDefinition> = {}, states: Record<string, unknown> = {}): PermitTypeDefinition =>
  ({ ...v1, ...over, states: { ...v1.states, ...states } }) as unknown as PermitTypeDefinition;

const open = (state: string, extra: Partial<CaseSnapshot> = {}): CaseSnapshot => ({
  state,
  status: 'open',
  permitTypeVersion: 1,
  assigneeId: null,
  clocks: [
    { id: 'law', kind: 'statutory', stateName: null, status: state === 'deficient' ? 'stopped' : 'running', budgetMs: 5 * DAY_MS, breached: false },
    ...(state === 'deficient' ? [] : [{ id: 'st', kind: 'state' as const, stateName: state, status: 'running' as const, budgetMs: (state === 'approval' ? 3 : 2) * DAY_MS, breached: false }]),
  ],
  ...extra,
});

describe('definition migration rules', () => {
  it('maps by name by default and refuses maps to unknown or final states', () => {
    const to = v2({}, { inspection: { role: 'verifier' } });
    expect(effectiveMap(v1, to, {})).toEqual({ verification: 'verification', deficient: 'deficient', approval: 'approval' });
    expect(planFaults(v1, to, { approval: 'inspection' })).toEqual([]);
    expect(planFaults(v1, to, { approval: 'nowhere', nope: 'approval', verification: 'approved' }).map((f) => f.field)).toEqual([
      'stateMap.approval',
      'stateMap.nope',
      'stateMap.verification',
    ]);
  });

  it('never moves a statutory deadline later; shortens it only when the new version says so', () => {
    expect(decideMove(v1, v2({ processingTime: { workingDays: 9 } }), 1, {}, open('verification'))).toMatchObject({ ok: true, statutory: 'longer-not-applied' });
    expect(decideMove(v1, v2({ processingTime: { workingDays: 4 } }), 1, {}, open('verification'))).toMatchObject({ ok: true, statutory: 'shorter-not-applied' });
    const shortened = decideMove(v1, v2({ processingTime: { workingDays: 4 }, openCases: { processingTime: 'shorten' } }), 1, {}, open('verification'));
    expect(shortened).toMatchObject({ ok: true, statutory: 'shortened' });
    expect(shortened.ok && shortened.steps[0]).toEqual({ op: 'rebudget', clockId: 'law', kind: 'statutory', state: null, budgetMs: 4 * DAY_MS });
    const breached = open('verification');
    const withBreach = { ...breached, clocks: breached.clocks.map((c) => (c.kind === 'statutory' ? { ...c, breached: true } : c)) };
    expect(decideMove(v1, v2({ processingTime: { workingDays: 4 }, openCases: { processingTime: 'shorten' } }), 1, {}, withBreach)).toMatchObject({ statutory: 'breached-kept' });
  });

  it('recomputes per-state SLAs for the new state', () => {
    const d = decideMove(v1, v2({}, { verification: { role: 'verifier', sla: { workingDays: 4 } } }), 1, {}, open('verification'));
    expect(d.ok && d.steps[1]).toEqual({ op: 'rebudget', clockId: 'st', kind: 'state', state: 'verification', budgetMs: 4 * DAY_MS });
    const moved = decideMove(v1, v2({}, { inspection: { role: 'approver', sla: { workingDays: 1 } } }), 1, { approval: 'inspection' }, open('approval'));
    expect(moved.ok && moved.steps.slice(1)).toEqual([
      { op: 'finish', clockId: 'st', kind: 'state', state: 'approval' },
      { op: 'start', kind: 'state', state: 'inspection', workingDays: 1 },
    ]);
  });

  it('names why a case cannot move', () => {
    const without = (name: string): PermitTypeDefinition => {
      const states: Record<string, unknown> = { ...v1.states };
      delete states[name];
      return { ...v1, states } as unknown as PermitTypeDefinition;
    };
    expect(decideMove(v1, without('approval'), 1, {}, open('approval'))).toMatchObject({ ok: false, reason: 'unmapped-state' });
    expect(decideMove(v1, without('deficient'), 1, {}, open('deficient'))).toMatchObject({ ok: false, reason: 'stopped-clock-state-gone' });
    expect(decideMove(v1, v1, 1, { deficient: 'verification' }, open('deficient'))).toMatchObject({ ok: false, reason: 'stopped-clock-state-gone' });
    expect(decideMove(v1, v1, 1, { verification: 'deficient' }, open('verification'))).toMatchObject({ ok: false, reason: 'would-stop-clock' });
    expect(decideMove(v1, v1, 1, { approval: 'verification' }, open('approval', { assigneeId: 'u1' }))).toMatchObject({ ok: false, reason: 'claimed' });
    expect(decideMove(v1, v1, 1, {}, open('approval', { assigneeId: 'u1' }))).toMatchObject({ ok: true, keepsHolder: true });
    expect(decideMove(v1, v1, 1, {}, open('approval', { permitTypeVersion: 2 }))).toMatchObject({ ok: false, reason: 'not-on-from-version' });
  });
});
