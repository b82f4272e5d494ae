import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDefinition } from '@tenggat/workflow';
import { stringify } from 'yaml';
import { validRaw } from '../test-fixtures/definition.factory';

const FIXTURES = join(__dirname, '..', 'test-fixtures');
const AGENCIES = { agencies: ['dpmptsp-kota-contoh', 'kementerian-investasi'] };

describe('parseDefinition', () => {
  it('parses and validates YAML text', () => {
    const result = parseDefinition(stringify(validRaw()), AGENCIES);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.definition.code).toBe('izin-contoh');
      expect(Object.isFrozen(result.definition)).toBe(true);
    }
  });

  it('turns a YAML syntax error into a fault with line and column', () => {
    const result = parseDefinition('code: pbg\nname: [unclosed\nagency: x\n');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.faults.length).toBeGreaterThan(0);
    const [first] = result.faults;
    expect(first.path).toMatch(/^line \d+, column \d+$/);
    expect(first.line).toBeGreaterThanOrEqual(2);
    expect(first.column).toBeGreaterThanOrEqual(1);
    expect(first.message).not.toMatch(/\n/);
  });

  it('refuses duplicate keys', () => {
    const result = parseDefinition('code: pbg\ncode: pbg2\n');
    expect(result).toMatchObject({ ok: false, faults: [{ path: 'line 2, column 1', line: 2, column: 1 }] });
    if (!result.ok) expect(result.faults[0].message).toMatch(/unique/i);
  });

  it('refuses several YAML documents in one file', () => {
    expect(parseDefinition('code: a\n---\ncode: b\n').ok).toBe(false);
  });

  it('refuses an empty file as a whole', () => {
    expect(parseDefinition('')).toEqual({ ok: false, faults: [{ path: '(root)', message: 'must be a mapping' }] });
  });

  it('refuses an alias bomb instead of expanding it', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i++) {
      const prev = String.fromCharCode(96 + i);
      const next = String.fromCharCode(97 + i);
      bomb.push(`${next}: &${next} [*${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}]`);
    }
    expect(parseDefinition(bomb.join('\n'))).toEqual({
      ok: false,
      faults: [{ path: '(root)', message: expect.stringMatching(/alias/i) }],
    });
  });

  it('points validation faults at the line of the offending value', () => {
    const text = [
      'code: izin-contoh',
      'name: Izin',
      'states:',
      '  submitted: {role: verifer}',
      '',
    ].join('\n');
    const result = parseDefinition(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.faults.find((f) => f.path === 'states.submitted.role')).toMatchObject({ line: 4 });
    // a missing field points at the mapping that should hold it
    expect(result.faults.find((f) => f.path === 'agency')).toMatchObject({ message: 'is required', line: 1 });
  });

  describe('the broken fixture', () => {
    const text = readFileSync(join(FIXTURES, 'broken.yaml'), 'utf8');
    const result = parseDefinition(text, AGENCIES);

    it('reports all its faults at once, in document order, each with a line', () => {
      expect(result.ok).toBe(false);
      if (result.ok) return;
      const byPath = new Map(result.faults.map((f) => [f.path, f.message]));
      const expected: Array<[string, RegExp]> = [
        ['code', /lowercase slug/],
        ['agency', /^unknown agency "dinas-tidak-ada"/],
        ['legalBasis', /at least one/],
        ['risk', /^must be one of: low, medium-low, medium-high, high$/],
        ['form.fields[0].maxLength', /only to string and email/],
        ['fee.currency', /ISO 4217/],
        ['onBreach', /needs a state with final: approved/],
        ['states.submitted.role', /^unknown role "verifer" \(did you mean "verifier"\?\)/],
        ['processingTime.workingDays', /submitted -> review -> rejected sum to 7 working days, more than the statutory 5/],
        ['states.deficient.applicantResponse', /^is required when the clock is stopped/],
        ['states.deficient.clock', /no transition leads back/],
        ['states.orphan', /not reachable/],
        ['states.orphan.sla.workingdays', /did you mean "workingDays"/],
        ['transitions[1].requires', /must include missingDocuments/],
        ['transitions[3].action', /^action "reject" already leaves state "review" \(transitions\[2\]\)$/],
        ['transitions[4].to', /^unknown state "aproved"/],
        ['transitions[5].from', /state "rejected" is final/],
      ];
      for (const [path, message] of expected) {
        expect({ path, message: byPath.get(path) }).toEqual({ path, message: expect.stringMatching(message) });
      }
      expect(result.faults.every((f) => typeof f.line === 'number')).toBe(true);
      const lines = result.faults.map((f) => f.line ?? 0);
      expect(lines).toEqual([...lines].sort((a, b) => a - b));
    });

    it('points each fault at a line the fixture marks as FAULT', () => {
      if (result.ok) return;
      const sourceLines = text.split('\n');
      for (const f of result.faults) {
        if (f.path === 'processingTime.workingDays') continue; // the budget fault sits on the budget
        expect({ path: f.path, line: sourceLines[(f.line ?? 1) - 1] }).toEqual({ path: f.path, line: expect.stringContaining('FAULT') });
      }
    });
  });
});
