import { validateDefinition, type Fault, type ValidationContext } from '@tenggat/workflow';
import { validRaw, type RawDefinition } from '../test-fixtures/definition.factory';

function faultsOf(patch: (raw: RawDefinition) => void, ctx?: ValidationContext): readonly Fault[] {
  const raw = validRaw();
  patch(raw);
  const result = validateDefinition(raw, ctx);
  return result.ok ? [] : result.faults;
}

function expectFault(faults: readonly Fault[], path: string, message: string | RegExp): void {
  const atPath = faults.filter((f) => f.path === path);
  if (atPath.length === 0) {
    throw new Error(`no fault at ${path}; got:\n${faults.map((f) => `${f.path}: ${f.message}`).join('\n')}`);
  }
  expect(atPath.map((f) => f.message)).toContainEqual(typeof message === 'string' ? message : expect.stringMatching(message));
}

function transitionIndex(raw: RawDefinition, action: string, from?: string): number {
  return raw.transitions.findIndex((t) => t['action'] === action && (from === undefined || t['from'] === from));
}

describe('validateDefinition', () => {
  it('accepts the valid factory definition and returns a deep-frozen copy', () => {
    const raw = validRaw();
    const result = validateDefinition(raw, { agencies: ['dpmptsp-kota-contoh'] });
    expect(result).toMatchObject({ ok: true });
    if (!result.ok) return;
    expect(result.definition).toEqual(raw);
    expect(result.definition).not.toBe(raw);
    expect(Object.isFrozen(result.definition.states['submitted'])).toBe(true);
    expect(Object.isFrozen(result.definition.transitions[0].roles)).toBe(true);
  });

  describe('structural faults (JSON Schema), with plain messages', () => {
    it('refuses a document that is not a mapping', () => {
      expect(validateDefinition(null)).toEqual({ ok: false, faults: [{ path: '(root)', message: 'must be a mapping' }] });
      expect(validateDefinition([1])).toMatchObject({ ok: false, faults: [{ path: '(root)', message: 'must be a mapping' }] });
    });

    it('names a missing required field', () => {
      expectFault(faultsOf((d) => delete d['product']), 'product', 'is required');
    });

    it('lists the allowed values of an enum', () => {
      expectFault(
        faultsOf((d) => (d['onBreach'] = 'ignore')),
        'onBreach',
        'must be one of: flag, escalate, deemed-approval',
      );
      expectFault(faultsOf((d) => (d['risk'] = 'extreme')), 'risk', 'must be one of: low, medium-low, medium-high, high');
    });

    it('refuses an unknown field and suggests the known one', () => {
      const faults = faultsOf((d) => (d.states['submitted']['sla'] = { workingday: 3 }));
      expectFault(faults, 'states.submitted.sla.workingday', 'is not a known field (did you mean "workingDays"?)');
      expectFault(faults, 'states.submitted.sla.workingDays', 'is required');
    });

    it('names the expected type', () => {
      expectFault(faultsOf((d) => (d['processingTime'] = { workingDays: 'ten' })), 'processingTime.workingDays', 'must be an integer');
      expectFault(faultsOf((d) => (d['roles'] = 'verifier')), 'roles', 'must be a list');
      expectFault(faultsOf((d) => (d['fee'] = 0)), 'fee', 'must be a mapping');
    });

    it('explains a pattern in words', () => {
      expectFault(faultsOf((d) => (d['code'] = 'Izin Contoh')), 'code', /lowercase slug/);
      expectFault(faultsOf((d) => ((d['fee'] as Record<string, unknown>)['currency'] = 'idr')), 'fee.currency', /ISO 4217/);
      expectFault(faultsOf((d) => (d.transitions[0]['from'] = 'Sub mitted')), 'transitions[0].from', 'must be a state name (lowercase slug) or "*"');
    });

    it('refuses a badly named state under its own key', () => {
      const faults = faultsOf((d) => (d.states['Bad Name'] = { role: 'verifier' }));
      expectFault(faults, 'states["Bad Name"]', /^name must be a lowercase slug/);
    });

    it('checks numeric bounds: warningAt in (0, 1), deficiencyNotices.max >= 0, SLA >= 1', () => {
      expectFault(faultsOf((d) => (d['warningAt'] = 1)), 'warningAt', 'must be less than 1');
      expectFault(faultsOf((d) => (d['warningAt'] = 0)), 'warningAt', 'must be greater than 0');
      expectFault(faultsOf((d) => (d['deficiencyNotices'] = { max: -1 })), 'deficiencyNotices.max', 'must be at least 0');
      expectFault(faultsOf((d) => (d.states['submitted']['sla'] = { workingDays: 0 })), 'states.submitted.sla.workingDays', 'must be at least 1');
    });

    it('checks transition requirements by name', () => {
      expectFault(
        faultsOf((d) => (d.transitions[3]['requires'] = ['signature'])),
        'transitions[3].requires[0]',
        'must be one of: comment, missingDocuments, feePaid',
      );
    });

    it('refuses empty lists where one item is needed', () => {
      expectFault(faultsOf((d) => (d['legalBasis'] = [])), 'legalBasis', 'must list at least one item');
      expectFault(faultsOf((d) => (d.transitions[0]['roles'] = [])), 'transitions[0].roles', 'must list at least one item');
    });
  });

  describe('semantic faults', () => {
    it('unknown state in from, to, initial and onTimeout', () => {
      const faults = faultsOf((d) => {
        d.transitions[2]['to'] = 'technical-reveiw';
        d.transitions[3]['from'] = 'nowhere';
        d['initial'] = 'start';
        d.states['deficient']['applicantResponse'] = { calendarDays: 30, onTimeout: 'gone' };
      });
      expectFault(faults, 'transitions[2].to', /^unknown state "technical-reveiw" \(did you mean "technical-review"\?\)/);
      expectFault(faults, 'transitions[3].from', /^unknown state "nowhere"/);
      expectFault(faults, 'initial', /^unknown state "start"/);
      expectFault(faults, 'states.deficient.applicantResponse.onTimeout', /^unknown state "gone"/);
    });

    it('unknown role in a state and in a transition; built-in roles are known', () => {
      const faults = faultsOf((d) => {
        d.states['submitted']['role'] = 'verifer';
        d.transitions[2]['roles'] = ['supervisor', 'inspector'];
      });
      expectFault(faults, 'states.submitted.role', /^unknown role "verifer" \(did you mean "verifier"\?\)/);
      expectFault(faults, 'transitions[2].roles[1]', /^unknown role "inspector"/);
      expect(faults.find((f) => f.path === 'transitions[2].roles[0]')).toBeUndefined();
    });

    it('unknown agency, only when agencies are given', () => {
      const ctx = { agencies: ['kementerian-investasi', 'dlh-provinsi-sulsel'] };
      expectFault(faultsOf(() => undefined, ctx), 'agency', /^unknown agency "dpmptsp-kota-contoh"/);
      expect(faultsOf(() => undefined)).toEqual([]);
    });

    it('a state unreachable from the initial state', () => {
      const faults = faultsOf((d) => (d.states['archive'] = { role: 'verifier' }));
      expectFault(faults, 'states.archive', 'is not reachable from the initial state "submitted"');
    });

    it('a non-final state with no path to a final state', () => {
      const faults = faultsOf((d) => {
        d.transitions = d.transitions.filter((t) => t['from'] !== '*');
        d.states['parked'] = { role: 'verifier' };
        d.transitions.push({ from: 'submitted', action: 'park', to: 'parked', roles: ['verifier'] });
      });
      expectFault(faults, 'states.parked', 'has no path to a final state');
    });

    it('a workflow without any final state', () => {
      const faults = faultsOf((d) => {
        for (const name of ['approved', 'rejected', 'withdrawn']) delete d.states[name];
        d.transitions = d.transitions.slice(0, 3);
      });
      expectFault(faults, 'states', 'must include at least one final state');
    });

    it('two transitions with one action out of one state, also through "*"', () => {
      const explicit = faultsOf((d) => d.transitions.push({ from: 'technical-review', action: 'approve', to: 'rejected', roles: ['reviewer'] }));
      expectFault(explicit, 'transitions[6].action', 'action "approve" already leaves state "technical-review" (transitions[3])');
      const wildcard = faultsOf((d) => d.transitions.push({ from: '*', action: 'accept', to: 'rejected', roles: ['supervisor'] }));
      expectFault(wildcard, 'transitions[6].action', 'action "accept" already leaves state "submitted" (transitions[2])');
    });

    it('"*" expands to non-final states other than its target, so it does not clash with itself', () => {
      expect(faultsOf((d) => d.transitions.push({ from: '*', action: 'escalate', to: 'technical-review', roles: ['supervisor'] }))).toEqual([]);
    });

    it('a stopped-clock state with no transition back to a running state', () => {
      const faults = faultsOf((d) => (d.transitions = d.transitions.filter((t) => t['action'] !== 'resubmit')));
      expectFault(faults, 'states.deficient.clock', 'the clock is stopped but no transition leads back to a state where it runs');
    });

    it('deemed-approval without a final approved state', () => {
      const faults = faultsOf((d) => {
        d['onBreach'] = 'deemed-approval';
        d.states['approved'] = { final: 'rejected' };
      });
      expectFault(faults, 'onBreach', 'deemed-approval needs a state with final: approved');
      expect(faultsOf((d) => (d['onBreach'] = 'deemed-approval'))).toEqual([]);
    });

    it('per-state SLAs that cannot fit the statutory time, naming the path', () => {
      const faults = faultsOf((d) => (d.states['technical-review']['sla'] = { workingDays: 8 }));
      expectFault(
        faults,
        'processingTime.workingDays',
        'per-state SLAs along submitted -> technical-review -> approved sum to 11 working days, more than the statutory 10',
      );
    });

    it('SLA sums skip stopped states and use only simple paths', () => {
      expect(faultsOf((d) => (d.states['deficient']['sla'] = { workingDays: 40 }))).toEqual([]);
      // a loop back does not count twice
      expect(faultsOf((d) => d.transitions.push({ from: 'technical-review', action: 'return', to: 'submitted', roles: ['reviewer'] }))).toEqual([]);
    });

    it('SLA sums take the worst of several paths', () => {
      const faults = faultsOf((d) => {
        d.states['legal-review'] = { role: 'reviewer', sla: { workingDays: 9 } };
        d.transitions.push({ from: 'submitted', action: 'refer', to: 'legal-review', roles: ['verifier'] });
        d.transitions.push({ from: 'legal-review', action: 'approve', to: 'approved', roles: ['reviewer'], requires: ['comment'] });
      });
      expectFault(faults, 'processingTime.workingDays', /submitted -> legal-review -> approved sum to 12 working days/);
    });

    it('a response window without onTimeout, or with neither or both lengths', () => {
      expectFault(
        faultsOf((d) => (d.states['deficient']['applicantResponse'] = { calendarDays: 30 })),
        'states.deficient.applicantResponse.onTimeout',
        /^is required/,
      );
      expectFault(
        faultsOf((d) => (d.states['deficient']['applicantResponse'] = { onTimeout: 'withdrawn' })),
        'states.deficient.applicantResponse',
        'must set exactly one of calendarDays or workingDays (neither set)',
      );
      expectFault(
        faultsOf((d) => (d.states['deficient']['applicantResponse'] = { calendarDays: 30, workingDays: 20, onTimeout: 'withdrawn' })),
        'states.deficient.applicantResponse',
        'must set exactly one of calendarDays or workingDays (both set)',
      );
    });

    it('a stopped state without a response window', () => {
      const faults = faultsOf((d) => delete d.states['deficient']['applicantResponse']);
      expectFault(faults, 'states.deficient.applicantResponse', /^is required when the clock is stopped/);
    });

    it('a final state with outgoing transitions, or with a clock', () => {
      const faults = faultsOf((d) => {
        d.transitions.push({ from: 'rejected', action: 'reopen', to: 'technical-review', roles: ['supervisor'] });
        d.states['approved']['sla'] = { workingDays: 1 };
      });
      expectFault(faults, 'transitions[6].from', 'state "rejected" is final and cannot have outgoing transitions');
      expectFault(faults, 'states.approved.sla', 'a final state has no clock, so no SLA');
    });

    it('a transition into a stopped state must require missingDocuments, and only such transitions may', () => {
      expectFault(
        faultsOf((d) => (d.transitions[0]['requires'] = ['comment'])),
        'transitions[0].requires',
        'must include missingDocuments: it stops the clock by entering "deficient"',
      );
      expectFault(
        faultsOf((d) => (d.transitions[2]['requires'] = ['missingDocuments'])),
        'transitions[2].requires',
        /^missingDocuments belongs only on transitions into a stopped-clock state/,
      );
    });

    it('the deficiency cap must match the stopped states', () => {
      const noStopped = faultsOf((d) => {
        delete d.states['deficient'];
        d.transitions = d.transitions.slice(2);
      });
      expectFault(noStopped, 'deficiencyNotices.max', 'allows 1 deficiency notice(s) but no state stops the clock');
      expectFault(faultsOf((d) => (d['deficiencyNotices'] = { max: 0 })), 'deficiencyNotices.max', /^is 0, so the transitions into stopped-clock state\(s\) deficient/);
    });

    it('the initial state may be neither final nor stopped', () => {
      expectFault(faultsOf((d) => (d['initial'] = 'approved')), 'initial', 'the initial state "approved" must not be final');
      expectFault(faultsOf((d) => (d['initial'] = 'deficient')), 'initial', 'the initial state "deficient" must not stop the clock');
    });

    it('document and form field names are unique; form options fit the field type', () => {
      const faults = faultsOf((d) => {
        const requirements = d['requirements'] as Array<Record<string, unknown>>;
        requirements.push({ ...requirements[0] });
        const fields = (d['form'] as { fields: Array<Record<string, unknown>> }).fields;
        fields.push({ name: 'floors', label: 'Lagi', type: 'date', min: 1, pattern: '[' });
        fields.push({ name: 'size', label: 'Ukuran', type: 'number', min: 5, max: 1, enum: ['a'] });
      });
      expectFault(faults, 'requirements[3].code', 'duplicate requirement code "site-plan" (also requirements[0])');
      expectFault(faults, 'form.fields[8].name', 'duplicate field name "floors" (also form.fields[1])');
      expectFault(faults, 'form.fields[8].min', 'min applies only to number and integer fields, not date');
      expectFault(faults, 'form.fields[8].pattern', /^pattern applies only to string and email fields/);
      expectFault(faults, 'form.fields[9].max', 'must be at least min (5)');
      expectFault(faults, 'form.fields[9].enum', 'enum applies only to string fields, not number');
    });

    it('a form pattern must be a valid regular expression', () => {
      const faults = faultsOf((d) => ((d['form'] as { fields: Array<Record<string, unknown>> }).fields[7]['pattern'] = '(unclosed'));
      expectFault(faults, 'form.fields[7].pattern', /^is not a valid regular expression/);
    });

    it('delay compensation cap below the daily amount', () => {
      const faults = faultsOf((d) => (d['delayCompensation'] = { perWorkingDay: 50000, cap: 10000, currency: 'IDR' }));
      expectFault(faults, 'delayCompensation.cap', 'must be at least perWorkingDay (50000)');
    });
  });

  it('reports every fault at once, structural and semantic together', () => {
    const raw = validRaw();
    raw['onBreach'] = 'ignore';
    raw.states['submitted']['role'] = 'nobody';
    raw.transitions[transitionIndex(raw, 'accept')]['to'] = 'review';
    raw.states['archive'] = { clock: 'stopped' };
    const result = validateDefinition(raw);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const paths = result.faults.map((f) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'onBreach',
        'states.submitted.role',
        'transitions[2].to',
        'states.archive',
        'states.archive.applicantResponse',
        'states.archive.clock',
      ]),
    );
  });

  it('keeps checking the parts that are well-formed when others are not', () => {
    const faults = faultsOf((d) => {
      d.transitions[0] = 'not a transition' as unknown as Record<string, unknown>;
      d.transitions[2]['to'] = 'nowhere';
    });
    expectFault(faults, 'transitions[0]', 'must be a mapping');
    expectFault(faults, 'transitions[2].to', /^unknown state "nowhere"/);
  });
});
