import type { FormField } from './definition.types';
import { fault, type PathFault } from './fault-path';
import { compileFeeFormula } from './fee-formula';

const record = (v: unknown): Record<string, unknown> | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);

/**
 * The fee's own checks (the structure is JSON Schema's): exactly one of amount and formula; a
 * formula that parses, names only form fields and rates, and is typed right (a number field
 * where a number is needed ...); a transition that waits for payment needs a fee to pay.
 */
export function feeFaults(raw: unknown): PathFault[] {
  const root = record(raw);
  const fee = record(root?.['fee']);
  if (!root || !fee) return [];
  const faults: PathFault[] = [];
  const hasAmount = typeof fee['amount'] === 'number';
  const formula = typeof fee['formula'] === 'string' ? fee['formula'] : undefined;
  if (hasAmount && formula !== undefined) faults.push(fault(['fee'], 'give either a fixed amount or a formula, not both'));
  if (!hasAmount && formula === undefined) faults.push(fault(['fee'], 'give a fixed amount (0 when there is none) or a formula'));
  const rates: Record<string, number> = {};
  for (const [k, v] of Object.entries(record(fee['rates']) ?? {})) if (typeof v === 'number' && Number.isFinite(v)) rates[k] = v;
  if (fee['rates'] !== undefined && formula === undefined) faults.push(fault(['fee', 'rates'], 'rates are used only by a formula'));
  if (formula !== undefined) {
    const fields = (Array.isArray(record(root['form'])?.['fields']) ? (record(root['form'])?.['fields'] as unknown[]) : [])
      .map(record)
      .filter((f): f is Record<string, unknown> => f !== undefined && typeof f['name'] === 'string' && typeof f['type'] === 'string') as unknown as FormField[];
    const compiled = compileFeeFormula(formula, fields, rates);
    if (!compiled.ok) for (const m of compiled.faults) faults.push(fault(['fee', 'formula'], m));
    else for (const r of Object.keys(rates)) if (!compiled.rates.includes(r)) faults.push(fault(['fee', 'rates', r], `the formula does not use ${r}`));
  }
  const charges = formula !== undefined || (hasAmount && (fee['amount'] as number) > 0);
  const transitions = Array.isArray(root['transitions']) ? root['transitions'] : [];
  transitions.forEach((t, i) => {
    const requires = record(t)?.['requires'];
    if (!charges && Array.isArray(requires) && requires.includes('feePaid')) {
      faults.push(fault(['transitions', i, 'requires'], 'feePaid needs a fee: this permit type charges none'));
    }
  });
  return faults;
}
