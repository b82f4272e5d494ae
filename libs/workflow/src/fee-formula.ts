import jsep from 'jsep';
import type { FormField } from './definition.types';

/**
 * Fees as rules: a permit type's fee as a formula over its form fields and named rates, e.g.
 * `widthM * heightM * sides * durationMonths * rate * (illuminated ? 1.25 : 1)`.
 *
 * The text is parsed by jsep (a small, well-kept expression parser that only builds a syntax
 * tree) into {@link FeeExpr}, our own closed data structure: numbers, strings (only to compare
 * an enum field with), fields, rates, + - * /, comparisons, && || !, `c ? a : b` and the calls
 * min, max, round, ceil, floor. Anything else (members, `this`, arrays, other calls) is refused.
 * The tree is type-checked against the form (a number where a number is needed, a boolean where a
 * condition is) and evaluated by a plain interpreter: there is no `eval` and no way to reach a
 * JavaScript object. Optional fields left empty count as 0, false or "".
 */

export type FeeType = 'number' | 'boolean' | 'string';
export type FeeBinaryOp = '+' | '-' | '*' | '/' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '&&' | '||';
export type FeeFunction = 'min' | 'max' | 'round' | 'ceil' | 'floor';

export type FeeExpr =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'field'; readonly name: string; readonly type: FeeType }
  | { readonly kind: 'rate'; readonly name: string }
  | { readonly kind: 'unary'; readonly op: '-' | '!'; readonly arg: FeeExpr }
  | { readonly kind: 'binary'; readonly op: FeeBinaryOp; readonly left: FeeExpr; readonly right: FeeExpr }
  | { readonly kind: 'cond'; readonly test: FeeExpr; readonly then: FeeExpr; readonly otherwise: FeeExpr }
  | { readonly kind: 'call'; readonly fn: FeeFunction; readonly args: readonly FeeExpr[] };

export type FeeCompileResult =
  | { readonly ok: true; readonly expr: FeeExpr; readonly fields: readonly string[]; readonly rates: readonly string[] }
  | { readonly ok: false; readonly faults: readonly string[] };

const ARITHMETIC = ['+', '-', '*', '/'];
const ORDER = ['<', '<=', '>', '>='];
const EQUALITY = ['==', '!=', '===', '!=='];
const LOGIC = ['&&', '||'];
const FUNCTIONS: Readonly<Record<FeeFunction, { min: number; max: number }>> = {
  min: { min: 2, max: 10 },
  max: { min: 2, max: 10 },
  round: { min: 1, max: 1 },
  ceil: { min: 1, max: 1 },
  floor: { min: 1, max: 1 },
};
/** Formulas are short; a long one is a mistake or an attack on the parser. */
export const MAX_FORMULA_LENGTH = 500;

const fieldType = (f: FormField): FeeType => (f.type === 'number' || f.type === 'integer' ? 'number' : f.type === 'boolean' ? 'boolean' : 'string');

/** Parses and type-checks a formula against the form's fields and the named rates; every fault at once. */
export function compileFeeFormula(text: string, fields: readonly FormField[], rates: Readonly<Record<string, number>>): FeeCompileResult {
  if (text.length > MAX_FORMULA_LENGTH) return { ok: false, faults: [`is longer than ${MAX_FORMULA_LENGTH} characters`] };
  let ast: jsep.Expression;
  try {
    ast = jsep(text);
  } catch (e) {
    return { ok: false, faults: [`cannot be parsed: ${e instanceof Error ? e.message : String(e)}`] };
  }
  const faults: string[] = [];
  const used = { fields: new Set<string>(), rates: new Set<string>() };
  const byName = new Map(fields.map((f) => [f.name, f]));
  for (const name of Object.keys(rates)) if (byName.has(name)) faults.push(`rate ${name} has the name of a form field`);

  const build = (n: jsep.Expression): { expr: FeeExpr; type: FeeType } | null => {
    switch (n.type) {
      case 'Literal': {
        const v = (n as jsep.Literal).value;
        if (typeof v === 'number' && Number.isFinite(v)) return { expr: { kind: 'number', value: v }, type: 'number' };
        if (typeof v === 'string') return { expr: { kind: 'string', value: v }, type: 'string' };
        faults.push(`${String((n as jsep.Literal).raw)} is not a number or a string`);
        return null;
      }
      case 'Identifier': {
        const name = (n as jsep.Identifier).name;
        const f = byName.get(name);
        if (f) {
          used.fields.add(name);
          return { expr: { kind: 'field', name, type: fieldType(f) }, type: fieldType(f) };
        }
        if (Object.prototype.hasOwnProperty.call(rates, name)) {
          used.rates.add(name);
          return { expr: { kind: 'rate', name }, type: 'number' };
        }
        faults.push(`${name} is neither a form field nor a rate`);
        return null;
      }
      case 'UnaryExpression': {
        const u = n as jsep.UnaryExpression;
        const arg = build(u.argument);
        if (!arg) return null;
        if (u.operator === '-' && expect(arg, 'number', `the operand of -`)) return { expr: { kind: 'unary', op: '-', arg: arg.expr }, type: 'number' };
        if (u.operator === '!' && expect(arg, 'boolean', 'the operand of !')) return { expr: { kind: 'unary', op: '!', arg: arg.expr }, type: 'boolean' };
        if (u.operator === '+' && expect(arg, 'number', 'the operand of +')) return arg;
        if (!['-', '!', '+'].includes(u.operator)) faults.push(`operator ${u.operator} is not allowed`);
        return null;
      }
      case 'BinaryExpression': {
        const b = n as jsep.BinaryExpression;
        const left = build(b.left);
        const right = build(b.right);
        if (!left || !right) return null;
        const op = b.operator;
        if (ARITHMETIC.includes(op) || ORDER.includes(op)) {
          const ok = [expect(left, 'number', `the left side of ${op}`), expect(right, 'number', `the right side of ${op}`)].every(Boolean);
          return ok ? { expr: { kind: 'binary', op: op as FeeBinaryOp, left: left.expr, right: right.expr }, type: ARITHMETIC.includes(op) ? 'number' : 'boolean' } : null;
        }
        if (EQUALITY.includes(op)) {
          if (left.type !== right.type) {
            faults.push(`${op} compares a ${left.type} with a ${right.type}`);
            return null;
          }
          const strict = op.length === 3 ? (op.slice(0, 2) as FeeBinaryOp) : (op as FeeBinaryOp);
          checkEnum(left.expr, right.expr);
          checkEnum(right.expr, left.expr);
          return { expr: { kind: 'binary', op: strict, left: left.expr, right: right.expr }, type: 'boolean' };
        }
        if (LOGIC.includes(op)) {
          const ok = [expect(left, 'boolean', `the left side of ${op}`), expect(right, 'boolean', `the right side of ${op}`)].every(Boolean);
          return ok ? { expr: { kind: 'binary', op: op as FeeBinaryOp, left: left.expr, right: right.expr }, type: 'boolean' } : null;
        }
        faults.push(`operator ${op} is not allowed`);
        return null;
      }
      case 'ConditionalExpression': {
        const c = n as jsep.ConditionalExpression;
        const test = build(c.test);
        const then = build(c.consequent);
        const otherwise = build(c.alternate);
        if (!test || !then || !otherwise) return null;
        if (!expect(test, 'boolean', 'the condition of ?:')) return null;
        if (then.type !== otherwise.type) {
          faults.push(`the two branches of ?: are a ${then.type} and a ${otherwise.type}`);
          return null;
        }
        return { expr: { kind: 'cond', test: test.expr, then: then.expr, otherwise: otherwise.expr }, type: then.type };
      }
      case 'CallExpression': {
        const c = n as jsep.CallExpression;
        const name = c.callee.type === 'Identifier' ? (c.callee as jsep.Identifier).name : null;
        if (name === null || !Object.prototype.hasOwnProperty.call(FUNCTIONS, name)) {
          faults.push(`only ${Object.keys(FUNCTIONS).join(', ')} may be called`);
          return null;
        }
        const fn = name as FeeFunction;
        const arity = FUNCTIONS[fn];
        if (c.arguments.length < arity.min || c.arguments.length > arity.max) {
          faults.push(`${fn} takes ${arity.min === arity.max ? arity.min : `${arity.min} to ${arity.max}`} argument(s)`);
          return null;
        }
        const args = c.arguments.map(build);
        if (args.some((a) => a === null)) return null;
        const typed = args as { expr: FeeExpr; type: FeeType }[];
        if (!typed.map((a, i) => expect(a, 'number', `argument ${i + 1} of ${fn}`)).every(Boolean)) return null;
        return { expr: { kind: 'call', fn, args: typed.map((a) => a.expr) }, type: 'number' };
      }
      default:
        faults.push(`${n.type} is not allowed in a fee formula`);
        return null;
    }
  };
  const expect = (x: { type: FeeType }, type: FeeType, where: string): boolean => {
    if (x.type === type) return true;
    faults.push(`${where} must be a ${type}, not a ${x.type}`);
    return false;
  };
  const checkEnum = (a: FeeExpr, b: FeeExpr): void => {
    if (a.kind !== 'field' || b.kind !== 'string') return;
    const allowed = byName.get(a.name)?.enum;
    if (allowed && !allowed.includes(b.value)) faults.push(`"${b.value}" is not a value of ${a.name} (${allowed.join(', ')})`);
  };

  const root = build(ast);
  if (root && root.type !== 'number') faults.push(`the formula must give a number, not a ${root.type}`);
  if (!root || faults.length) return { ok: false, faults: faults.length ? faults : ['is not a formula'] };
  return { ok: true, expr: root.expr, fields: [...used.fields], rates: [...used.rates] };
}

type Value = number | boolean | string;

/** Evaluates a compiled formula. Missing optional fields count as 0, false or "". Throws only on a non-finite result. */
export function evaluateFee(expr: FeeExpr, form: Readonly<Record<string, unknown>>, rates: Readonly<Record<string, number>>): number {
  const v = run(expr, form, rates);
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new RangeError('the fee formula did not give a finite number (a division by zero?)');
  return v;
}

function run(e: FeeExpr, form: Readonly<Record<string, unknown>>, rates: Readonly<Record<string, number>>): Value {
  switch (e.kind) {
    case 'number':
    case 'string':
      return e.value;
    case 'rate':
      return rates[e.name];
    case 'field': {
      const v = Object.prototype.hasOwnProperty.call(form, e.name) ? form[e.name] : undefined;
      if (e.type === 'number') return typeof v === 'number' ? v : 0;
      if (e.type === 'boolean') return v === true;
      return typeof v === 'string' ? v : '';
    }
    case 'unary': {
      const a = run(e.arg, form, rates);
      return e.op === '-' ? -(a as number) : !(a as boolean);
    }
    case 'binary': {
      if (e.op === '&&') return (run(e.left, form, rates) as boolean) && (run(e.right, form, rates));
      if (e.op === '||') return (run(e.left, form, rates)) || (run(e.right, form, rates));
      const a = run(e.left, form, rates);
      const b = run(e.right, form, rates);
      switch (e.op) {
        case '==':
          return a === b;
        case '!=':
          return a !== b;
        case '+':
          return (a as number) + (b as number);
        case '-':
          return (a as number) - (b as number);
        case '*':
          return (a as number) * (b as number);
        case '/':
          return (a as number) / (b as number);
        case '<':
          return (a as number) < (b as number);
        case '<=':
          return (a as number) <= (b as number);
        case '>':
          return (a as number) > (b as number);
        case '>=':
          return (a as number) >= (b as number);
      }
      return a;
    }
    case 'cond':
      return run(e.test, form, rates) ? run(e.then, form, rates) : run(e.otherwise, form, rates);
    case 'call': {
      const args = e.args.map((a) => run(a, form, rates) as number);
      if (e.fn === 'min') return Math.min(...args);
      if (e.fn === 'max') return Math.max(...args);
      return Math[e.fn](args[0]);
    }
  }
}

/** One input of a fee as the receipt shows it: a form field's answer or a named rate. */
export interface FeeInput {
  readonly name: string;
  readonly label: string;
  readonly value: number | boolean | string;
  readonly source: 'field' | 'rate';
}

/** A fee worked out for a form: the amount (whole currency units) and how it was reached. */
export interface FeeAssessment {
  readonly amount: number;
  readonly currency: string;
  readonly basis: string;
  readonly formula: string | null;
  readonly inputs: readonly FeeInput[];
}

/**
 * The fee of a permit type for these form answers: its fixed amount, or its formula evaluated and
 * rounded to whole units, with every field and rate the formula used. Throws a RangeError when the
 * formula gives no finite number (a division by zero).
 */
export function assessFee(
  def: { readonly fee: { readonly amount?: number; readonly currency: string; readonly basis: string; readonly formula?: string; readonly rates?: Readonly<Record<string, number>> }; readonly form: { readonly fields: readonly FormField[] } },
  form: Readonly<Record<string, unknown>>,
): FeeAssessment {
  const { fee } = def;
  if (fee.formula === undefined) return { amount: fee.amount ?? 0, currency: fee.currency, basis: fee.basis, formula: null, inputs: [] };
  const rates = fee.rates ?? {};
  const compiled = compileFeeFormula(fee.formula, def.form.fields, rates);
  if (!compiled.ok) throw new RangeError(`the fee formula is invalid: ${compiled.faults.join('; ')}`);
  const amount = Math.round(evaluateFee(compiled.expr, form, rates));
  const inputs: FeeInput[] = [
    ...def.form.fields
      .filter((f) => compiled.fields.includes(f.name))
      .map((f): FeeInput => {
        const v = form[f.name];
        const value = typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string' ? v : fieldType(f) === 'number' ? 0 : fieldType(f) === 'boolean' ? false : '';
        return { name: f.name, label: f.label, value, source: 'field' };
      }),
    ...compiled.rates.map((r): FeeInput => ({ name: r, label: r, value: rates[r], source: 'rate' })),
  ];
  return { amount: Math.max(0, amount), currency: fee.currency, basis: fee.basis, formula: fee.formula, inputs };
}
