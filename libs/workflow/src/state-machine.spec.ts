import {
  applyAction,
  approvingFinalState,
  clockStopped,
  deemedApproval,
  expandTransitions,
  initialEffects,
  initialState,
  isFinal,
  listActions,
  rolesActingOn,
  SYSTEM_ACTOR,
  timeoutTransition,
  validateDefinition,
  type Actor,
  type PermitTypeDefinition,
  type TransitionResult,
} from '@tenggat/workflow';
import { validRaw, type RawDefinition } from '../test-fixtures/definition.factory';

function definition(patch: (raw: RawDefinition) => void = () => undefined): PermitTypeDefinition {
  const raw = validRaw();
  patch(raw);
  const result = validateDefinition(raw);
  if (!result.ok) throw new Error(result.faults.map((f) => `${f.path}: ${f.message}`).join('\n'));
  return result.definition;
}

const def = definition();
const verifier: Actor = { roles: ['verifier'], isOwner: false };
const reviewer: Actor = { roles: ['reviewer'], isOwner: false };
const owner: Actor = { roles: ['applicant'], isOwner: true };
const otherApplicant: Actor = { roles: ['applicant'], isOwner: false };
const supervisor: Actor = { roles: ['supervisor'], isOwner: false };
const at = (state: string, deficiencyNoticesSent = 0) => ({ state, deficiencyNoticesSent });

function expectError(result: TransitionResult, code: string): Record<string, unknown> {
  if (result.ok) throw new Error(`expected ${code}, got ok -> ${result.to}`);
  expect(result.error.code).toBe(code);
  expect(result.error.message).toEqual(expect.any(String));
  return { ...result.error.details };
}

describe('listActions', () => {
  it('lists every transition out of the current state, allowed or not', () => {
    const options = listActions(def, at('submitted'), verifier);
    expect(options.map((o) => [o.action, o.to, o.allowed])).toEqual([
      ['request-documents', 'deficient', true],
      ['accept', 'technical-review', true],
      ['withdraw', 'withdrawn', false],
    ]);
    expect(options[0].requires).toEqual(['comment', 'missingDocuments']);
    expect(options[2].reason).toEqual({ code: 'FORBIDDEN_ROLE', message: expect.stringContaining('applicant') });
  });

  it('lets the applicant act only on their own case', () => {
    expect(listActions(def, at('deficient'), owner).filter((o) => o.allowed).map((o) => o.action)).toEqual(['resubmit', 'withdraw']);
    expect(listActions(def, at('deficient'), otherApplicant).every((o) => !o.allowed)).toBe(true);
    // owning the case without the applicant role is not enough either
    expect(listActions(def, at('deficient'), { roles: ['verifier'], isOwner: true }).every((o) => !o.allowed)).toBe(true);
  });

  it('forbids an officer outside the transition roles', () => {
    const options = listActions(def, at('technical-review'), verifier);
    expect(options.filter((o) => o.action !== 'withdraw').every((o) => o.reason?.code === 'FORBIDDEN_ROLE')).toBe(true);
    expect(listActions(def, at('technical-review'), reviewer).filter((o) => o.allowed).map((o) => o.action)).toEqual(['approve', 'reject']);
  });

  it('lets a supervisor do what officers may, but not what only the applicant may', () => {
    const allowed = listActions(def, at('submitted'), supervisor).filter((o) => o.allowed).map((o) => o.action);
    expect(allowed).toEqual(['request-documents', 'accept']);
    expect(listActions(def, at('deficient'), supervisor).some((o) => o.allowed)).toBe(false);
  });

  it('marks deficiency notices beyond the cap', () => {
    const [requestDocuments] = listActions(def, at('submitted', 1), verifier);
    expect(requestDocuments).toMatchObject({ action: 'request-documents', allowed: false, reason: { code: 'DEFICIENCY_CAP_REACHED' } });
  });

  it('offers nothing in a final state or an unknown state', () => {
    expect(listActions(def, at('approved'), supervisor)).toEqual([]);
    expect(listActions(def, at('nowhere'), supervisor)).toEqual([]);
  });
});

describe('applyAction refusals', () => {
  it('UNKNOWN_ACTION when no transition has the action', () => {
    expectError(applyAction(def, at('submitted'), verifier, { action: 'teleport' }), 'UNKNOWN_ACTION');
  });

  it('WRONG_STATE when the action exists but not from this state', () => {
    const details = expectError(applyAction(def, at('submitted'), reviewer, { action: 'approve', comment: 'ok' }), 'WRONG_STATE');
    expect(details).toMatchObject({ state: 'submitted', availableIn: ['technical-review'] });
  });

  it('CASE_CLOSED in a final state', () => {
    expectError(applyAction(def, at('rejected'), owner, { action: 'withdraw' }), 'CASE_CLOSED');
  });

  it('FORBIDDEN_ROLE for the wrong role or somebody else’s case', () => {
    expect(expectError(applyAction(def, at('submitted'), reviewer, { action: 'accept' }), 'FORBIDDEN_ROLE')).toEqual({ roles: ['verifier'] });
    expectError(applyAction(def, at('submitted'), otherApplicant, { action: 'withdraw' }), 'FORBIDDEN_ROLE');
  });

  it('DEFICIENCY_CAP_REACHED once the permit type’s notices are used up', () => {
    const input = { action: 'request-documents', comment: 'lengkapi', missingDocuments: ['site-plan'] };
    expect(applyAction(def, at('submitted', 0), verifier, input).ok).toBe(true);
    expect(expectError(applyAction(def, at('submitted', 1), verifier, input), 'DEFICIENCY_CAP_REACHED')).toEqual({ max: 1, sent: 1 });
  });

  it('MISSING_REQUIREMENT lists what is missing; a blank comment is no comment', () => {
    expect(expectError(applyAction(def, at('submitted'), verifier, { action: 'request-documents' }), 'MISSING_REQUIREMENT')).toEqual({
      missing: ['comment', 'missingDocuments'],
    });
    expect(
      expectError(applyAction(def, at('technical-review'), reviewer, { action: 'approve', comment: '   ' }), 'MISSING_REQUIREMENT'),
    ).toEqual({ missing: ['comment'] });
    expect(
      expectError(
        applyAction(def, at('submitted'), verifier, { action: 'request-documents', comment: 'x', missingDocuments: [] }),
        'MISSING_REQUIREMENT',
      ),
    ).toEqual({ missing: ['missingDocuments'] });
  });

  it('INVALID_DOCUMENTS when a missing document is not a requirement', () => {
    const details = expectError(
      applyAction(def, at('submitted'), verifier, { action: 'request-documents', comment: 'x', missingDocuments: ['site-plan', 'passport'] }),
      'INVALID_DOCUMENTS',
    );
    expect(details).toEqual({ unknown: ['passport'], known: ['site-plan', 'land-title', 'photo'] });
  });
});

describe('applyAction effects', () => {
  it('a deficiency notice stops the state clock and the statutory clock and opens the response window', () => {
    const result = applyAction(def, at('submitted'), verifier, {
      action: 'request-documents',
      comment: '  Lengkapi gambar situasi  ',
      missingDocuments: ['site-plan', 'site-plan', 'photo'],
    });
    expect(result).toEqual({
      ok: true,
      action: 'request-documents',
      from: 'submitted',
      to: 'deficient',
      effects: [
        { kind: 'state-clock', op: 'stop', state: 'submitted' },
        { kind: 'statutory-clock', op: 'stop', state: 'deficient' },
        { kind: 'deficiency-notice', state: 'deficient', missingDocuments: ['site-plan', 'photo'], comment: 'Lengkapi gambar situasi' },
        { kind: 'response-window', op: 'start', state: 'deficient', calendarDays: 30, onTimeout: 'withdrawn' },
      ],
    });
  });

  it('a resubmission closes the window and resumes the statutory clock', () => {
    const result = applyAction(def, at('deficient', 1), owner, { action: 'resubmit' });
    expect(result).toEqual({
      ok: true,
      action: 'resubmit',
      from: 'deficient',
      to: 'submitted',
      effects: [
        { kind: 'response-window', op: 'stop', state: 'deficient' },
        { kind: 'statutory-clock', op: 'resume', state: 'deficient' },
        { kind: 'state-clock', op: 'start', state: 'submitted', workingDays: 3 },
      ],
    });
  });

  it('moving between running states swaps the state clocks only', () => {
    const result = applyAction(def, at('submitted'), verifier, { action: 'accept' });
    expect(result).toMatchObject({
      ok: true,
      effects: [
        { kind: 'state-clock', op: 'stop', state: 'submitted' },
        { kind: 'state-clock', op: 'start', state: 'technical-review', workingDays: 7 },
      ],
    });
  });

  it('a decision finishes the statutory clock and records the outcome with the comment', () => {
    const result = applyAction(def, at('technical-review'), reviewer, { action: 'approve', comment: 'Memenuhi standar teknis' });
    expect(result).toMatchObject({
      ok: true,
      to: 'approved',
      effects: [
        { kind: 'state-clock', op: 'stop', state: 'technical-review' },
        { kind: 'statutory-clock', op: 'finish', outcome: 'approved' },
        { kind: 'decision', outcome: 'approved', state: 'approved', comment: 'Memenuhi standar teknis' },
      ],
    });
  });

  it('withdrawing while the clock is stopped closes the window and finishes the clock', () => {
    expect(applyAction(def, at('deficient', 1), owner, { action: 'withdraw' })).toMatchObject({
      ok: true,
      to: 'withdrawn',
      effects: [
        { kind: 'response-window', op: 'stop', state: 'deficient' },
        { kind: 'statutory-clock', op: 'finish', outcome: 'withdrawn' },
        { kind: 'decision', outcome: 'withdrawn', state: 'withdrawn' },
      ],
    });
  });

  it('a response window in working days is passed on as such', () => {
    const wd = definition((d) => (d.states['deficient']['applicantResponse'] = { workingDays: 10, onTimeout: 'withdrawn' }));
    const result = applyAction(wd, at('submitted'), verifier, { action: 'request-documents', comment: 'x', missingDocuments: ['photo'] });
    expect(result.ok && result.effects[3]).toEqual({ kind: 'response-window', op: 'start', state: 'deficient', workingDays: 10, onTimeout: 'withdrawn' });
  });

  it('a self-transition restarts no clock', () => {
    const loop = definition((d) => d.transitions.push({ from: 'technical-review', action: 'note', to: 'technical-review', roles: ['reviewer'] }));
    expect(applyAction(loop, at('technical-review'), reviewer, { action: 'note' })).toEqual({
      ok: true,
      action: 'note',
      from: 'technical-review',
      to: 'technical-review',
      effects: [],
    });
  });
});

describe('system moves and helpers', () => {
  it('initialEffects start the statutory clock and the initial state clock', () => {
    expect(initialEffects(def)).toEqual([
      { kind: 'statutory-clock', op: 'start', workingDays: 10 },
      { kind: 'state-clock', op: 'start', state: 'submitted', workingDays: 3 },
    ]);
  });

  it('timeoutTransition moves a lapsed response window to its onTimeout state', () => {
    expect(timeoutTransition(def, 'deficient')).toEqual({
      ok: true,
      action: 'response-timeout',
      from: 'deficient',
      to: 'withdrawn',
      effects: [
        { kind: 'response-window', op: 'stop', state: 'deficient' },
        { kind: 'statutory-clock', op: 'finish', outcome: 'withdrawn' },
        { kind: 'decision', outcome: 'withdrawn', state: 'withdrawn' },
      ],
    });
    expect(timeoutTransition(def, 'submitted')).toBeUndefined();
    expect(timeoutTransition(def, 'withdrawn')).toBeUndefined();
  });

  it('deemedApproval moves an open case to the approving final state as the system', () => {
    expect(deemedApproval(def, at('technical-review'))).toEqual({
      ok: true,
      action: 'deemed-approval',
      from: 'technical-review',
      to: 'approved',
      effects: [
        { kind: 'state-clock', op: 'stop', state: 'technical-review' },
        { kind: 'statutory-clock', op: 'finish', outcome: 'approved' },
        { kind: 'decision', outcome: 'approved', state: 'approved' },
      ],
    });
    expectError(deemedApproval(def, at('rejected')), 'CASE_CLOSED');
    const noApproval = definition((d) => {
      d.states['approved'] = { final: 'rejected' };
    });
    expectError(deemedApproval(noApproval, at('submitted')), 'UNKNOWN_ACTION');
  });

  it('the system actor is an actor like any other', () => {
    const timed = definition((d) => d.transitions.push({ from: 'technical-review', action: 'auto-close', to: 'rejected', roles: ['system'] }));
    expect(applyAction(timed, at('technical-review'), SYSTEM_ACTOR, { action: 'auto-close' }).ok).toBe(true);
    expectError(applyAction(timed, at('technical-review'), supervisor, { action: 'auto-close' }), 'FORBIDDEN_ROLE');
  });

  it('answers questions about states', () => {
    expect(initialState(def)).toBe('submitted');
    const explicit = definition((d) => {
      d.states['intake'] = { role: 'verifier' };
      d['initial'] = 'intake';
      d.transitions.push({ from: 'intake', action: 'register', to: 'submitted', roles: ['verifier'] });
    });
    expect(initialState(explicit)).toBe('intake');
    expect(initialEffects(explicit)).toEqual([{ kind: 'statutory-clock', op: 'start', workingDays: 10 }]);
    expect(approvingFinalState(def)).toBe('approved');
    expect([isFinal(def, 'approved'), isFinal(def, 'submitted'), isFinal(def, 'nowhere')]).toEqual([true, false, false]);
    expect([clockStopped(def, 'deficient'), clockStopped(def, 'submitted')]).toEqual([true, false]);
    expect(rolesActingOn(def)).toEqual(new Map([['verifier', ['submitted']], ['reviewer', ['technical-review']]]));
  });

  it('expands "*" to every non-final state except the target', () => {
    const withdraw = expandTransitions(def).filter((t) => t.action === 'withdraw');
    expect(withdraw.map((t) => t.from)).toEqual(['submitted', 'deficient', 'technical-review']);
    expect(withdraw.every((t) => t.wildcard && t.index === 5)).toBe(true);
  });
});
