import { applyAction, transitionOf, validateDefinition, type PermitTypeDefinition } from '@tenggat/workflow';
import { validRaw } from '../test-fixtures/definition.factory';

function definition(): PermitTypeDefinition {
  const result = validateDefinition(validRaw());
  if (!result.ok) throw new Error(result.faults.map((f) => `${f.path}: ${f.message}`).join('\n'));
  return result.definition;
}

const def = definition();

/** The one lookup of "which transition did this action take out of this state" ('*' resolved once, in the library). */
describe('transitionOf', () => {
  it('finds a concrete transition by action and from-state', () => {
    expect(transitionOf(def, 'accept', 'submitted')).toMatchObject({ from: 'submitted', to: 'technical-review', roles: ['verifier'], wildcard: false });
    expect(transitionOf(def, 'accept', 'technical-review')).toBeUndefined();
  });

  it('resolves a "*" transition for every non-final state but its target, never for a final one', () => {
    for (const from of ['submitted', 'deficient', 'technical-review']) {
      expect(transitionOf(def, 'withdraw', from)).toMatchObject({ from, to: 'withdrawn', roles: ['applicant'], wildcard: true });
    }
    expect(transitionOf(def, 'withdraw', 'approved')).toBeUndefined();
    expect(transitionOf(def, 'withdraw', 'withdrawn')).toBeUndefined();
  });

  it('names the transition the state machine took, with its roles', () => {
    const r = applyAction(def, { state: 'deficient', deficiencyNoticesSent: 1 }, { roles: ['applicant'], isOwner: true }, { action: 'withdraw' });
    if (!r.ok) throw new Error(r.error.message);
    expect(transitionOf(def, r.action, r.from)?.roles).toEqual(['applicant']);
  });
});
