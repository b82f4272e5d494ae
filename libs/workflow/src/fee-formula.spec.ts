import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDefinition } from './definition-parser';
import type { FormField, PermitTypeDefinition } from './definition.types';
import { assessFee, compileFeeFormula, evaluateFee } from './fee-formula';

const FIELDS: FormField[] = [
  { name: 'area', label: 'Luas', type: 'number' },
  { name: 'sides', label: 'Sisi', type: 'integer' },
  { name: 'lit', label: 'Bersinar', type: 'boolean' },
  { name: 'kind', label: 'Jenis', type: 'string', enum: ['usaha', 'hunian'] },
  { name: 'note', label: 'Catatan', type: 'string' },
];
const RATES = { rate: 1000 };

const compile = (text: string) => compileFeeFormula(text, FIELDS, RATES);
const value = (text: string, form: Record<string, unknown> = {}): number => {
  const c = compile(text);
  if (!c.ok) throw new Error(c.faults.join('; '));
  return evaluateFee(c.expr, form, RATES);
};
const faults = (text: string): readonly string[] => {
  const c = compile(text);
  return c.ok ? [] : c.faults;
};

const shipped = (code: string): PermitTypeDefinition => {
  const r = parseDefinition(readFileSync(join(__dirname, '../../../config/permit-types', `${code}.yaml`), 'utf8'));
  if (!r.ok) throw new Error(JSON.stringify(r.faults));
  return r.definition;
};

describe('fee formulas', () => {
  it('evaluates arithmetic, conditions on enums and booleans, and the allowed functions', () => {
    expect(value('area * sides * rate', { area: 12, sides: 2 })).toBe(24000);
    expect(value('area * (lit ? 1.25 : 1)', { area: 100, lit: true })).toBe(125);
    expect(value('kind == "usaha" ? 2 : 1', { kind: 'usaha' })).toBe(2);
    expect(value('max(area - 10, 0) + min(sides, 1) + round(2.5) + ceil(0.1) + floor(1.9)', { area: 4, sides: 3 })).toBe(0 + 1 + 3 + 1 + 1);
    expect(value('-area + 1 <= 0 && !lit ? 1 : 0', { area: 3 })).toBe(1);
    expect(value('area * rate')).toBe(0); // an optional field left empty counts as 0
  });

  it('refuses unknown names, wrong types and anything beyond the language, with a reason', () => {
    expect(faults('areaa * rate')).toEqual(['areaa is neither a form field nor a rate']);
    expect(faults('area * kind')).toEqual(['the right side of * must be a number, not a string']);
    expect(faults('lit + 1')).toEqual(['the left side of + must be a number, not a boolean']);
    expect(faults('kind == "pabrik" ? 1 : 2')).toEqual(['"pabrik" is not a value of kind (usaha, hunian)']);
    expect(faults('area == "x" ? 1 : 2')).toEqual(['== compares a number with a string']);
    expect(faults('lit')).toEqual(['the formula must give a number, not a boolean']);
    expect(faults('area ? 1 : 2')).toEqual(['the condition of ?: must be a boolean, not a number']);
    expect(faults('constructor.constructor("return 1")()')[0]).toMatch(/may be called|not allowed/);
    expect(faults('this')).toEqual(['ThisExpression is not allowed in a fee formula']);
    expect(faults('[1, 2]')).toEqual(['ArrayExpression is not allowed in a fee formula']);
    expect(faults('area.toString')).toEqual(['MemberExpression is not allowed in a fee formula']);
    expect(faults('eval(1)')).toEqual(['only min, max, round, ceil, floor may be called']);
    expect(faults('round(1, 2)')).toEqual(['round takes 1 argument(s)']);
    expect(faults('area *')[0]).toMatch(/^cannot be parsed/);
    expect(faults('1'.repeat(501))[0]).toMatch(/longer than 500/);
    expect(compileFeeFormula('area', FIELDS, { area: 1 }).ok).toBe(false);
  });

  it('never throws on arbitrary text: it compiles or it names faults', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        const r = compile(text);
        expect(r.ok || r.faults.length > 0).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with arithmetic on random expression trees over the fields and rates', () => {
    type Tree = { n: number } | { f: 'area' | 'sides' | 'rate' } | { op: '+' | '-' | '*'; l: Tree; r: Tree } | { neg: Tree };
    const tree: fc.Arbitrary<Tree> = fc.letrec<{ t: Tree }>((tie) => ({
      t: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.integer({ min: 0, max: 1000 }).map((n): Tree => ({ n })),
        fc.constantFrom('area', 'sides', 'rate').map((f): Tree => ({ f: f })),
        fc.record({ op: fc.constantFrom('+', '-', '*'), l: tie('t'), r: tie('t') }).map((x): Tree => x as Tree),
        tie('t').map((t): Tree => ({ neg: t })),
      ),
    })).t;
    const text = (t: Tree): string =>
      'n' in t ? String(t.n) : 'f' in t ? t.f : 'neg' in t ? `-(${text(t.neg)})` : `(${text(t.l)} ${t.op} ${text(t.r)})`;
    const reference = (t: Tree, env: { area: number; sides: number; rate: number }): number =>
      'n' in t ? t.n : 'f' in t ? env[t.f] : 'neg' in t ? -reference(t.neg, env) : t.op === '+' ? reference(t.l, env) + reference(t.r, env) : t.op === '-' ? reference(t.l, env) - reference(t.r, env) : reference(t.l, env) * reference(t.r, env);
    fc.assert(
      fc.property(tree, fc.integer({ min: 0, max: 500 }), fc.integer({ min: 1, max: 4 }), (t, area, sides) => {
        expect(value(text(t), { area, sides })).toBe(reference(t, { area, sides, rate: RATES.rate }));
      }),
      { numRuns: 500 },
    );
  });

  it('reklame reproduces the worked examples in its file (4 m x 3 m, 2 sides, 12 months)', () => {
    const def = shipped('reklame');
    const form = { widthM: 4, heightM: 3, sides: 2, durationMonths: 12, illuminated: true };
    const lit = assessFee(def, form);
    expect(lit.amount).toBe(5_400_000);
    expect(lit.inputs.map((i) => `${i.name}=${String(i.value)}`)).toEqual([
      'widthM=4',
      'heightM=3',
      'sides=2',
      'illuminated=true',
      'durationMonths=12',
      'ratePerM2Month=15000',
      'illuminatedFactor=1.25',
    ]);
    expect(assessFee(def, { ...form, illuminated: false }).amount).toBe(4_320_000);
  });

  it('PBG reproduces the worked examples in its file (a 120 m² house, a 400 m² shop, a mosque)', () => {
    const def = shipped('pbg');
    expect(assessFee(def, { floorAreaM2: 120, buildingFunction: 'hunian' }).amount).toBe(1_500_000);
    expect(assessFee(def, { floorAreaM2: 400, buildingFunction: 'usaha' }).amount).toBe(10_000_000);
    expect(assessFee(def, { floorAreaM2: 400, buildingFunction: 'keagamaan' }).amount).toBe(0);
  });

  it('a fixed fee is its amount, with no breakdown', () => {
    const def = shipped('sertifikat-standar');
    expect(assessFee(def, {})).toMatchObject({ amount: def.fee.amount, formula: null, inputs: [] });
  });
});
