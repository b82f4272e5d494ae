import type { FormField, PermitTypeDefinition } from './definition.types';

export interface FormError {
  /** The field name, or `(form)` when the data as a whole is wrong. */
  readonly field: string;
  readonly message: string;
}

export type FormValue = Readonly<Record<string, string | number | boolean>>;

export type FormResult =
  | { readonly ok: true; readonly value: FormValue }
  | { readonly ok: false; readonly errors: readonly FormError[] };

export const FORM_ROOT = '(form)';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/**
 * Checks the applicant's form data against the permit type's form. Refuses unknown fields;
 * `null` counts as absent. Reports every error at once; on success returns the data with
 * absent optional fields left out.
 */
export function validateForm(def: PermitTypeDefinition, data: unknown): FormResult {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { ok: false, errors: [{ field: FORM_ROOT, message: 'must be an object of field values' }] };
  }
  const input = data as Readonly<Record<string, unknown>>;
  const fields = new Map(def.form.fields.map((f) => [f.name, f]));
  const errors: FormError[] = [];
  const value: Record<string, string | number | boolean> = {};

  for (const name of Object.keys(input)) {
    if (!fields.has(name)) errors.push({ field: name, message: 'is not a field of this form' });
  }
  for (const field of def.form.fields) {
    const given = Object.prototype.hasOwnProperty.call(input, field.name) ? input[field.name] : undefined;
    if (given === undefined || given === null || (typeof given === 'string' && given.trim() === '')) {
      if (field.required) errors.push({ field: field.name, message: 'is required' });
      continue;
    }
    const problem = checkField(field, given);
    if (problem !== undefined) errors.push({ field: field.name, message: problem });
    else value[field.name] = given as string | number | boolean;
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: Object.freeze(value) };
}

/** The first thing wrong with a present value, if anything. */
function checkField(field: FormField, value: unknown): string | undefined {
  switch (field.type) {
    case 'string':
    case 'email':
      if (typeof value !== 'string') return 'must be a string';
      if (field.maxLength !== undefined && [...value].length > field.maxLength) {
        return `must be at most ${field.maxLength} characters`;
      }
      if (field.type === 'email' && !EMAIL.test(value)) return 'must be an email address';
      if (field.enum && !field.enum.includes(value)) return `must be one of: ${field.enum.join(', ')}`;
      if (field.pattern !== undefined && !compiled(field.pattern).test(value)) {
        return 'is not in the expected format';
      }
      return undefined;
    case 'number':
    case 'integer':
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number';
      if (field.type === 'integer' && !Number.isInteger(value)) return 'must be a whole number';
      if (field.min !== undefined && value < field.min) return `must be at least ${field.min}`;
      if (field.max !== undefined && value > field.max) return `must be at most ${field.max}`;
      return undefined;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'date':
      return typeof value === 'string' && isCalendarDate(value) ? undefined : 'must be a date as YYYY-MM-DD';
    default: {
      const _exhaustive: never = field.type;
      return _exhaustive;
    }
  }
}

const patterns = new Map<string, RegExp>();

/** Patterns were checked to compile when the definition was validated. */
function compiled(pattern: string): RegExp {
  let re = patterns.get(pattern);
  if (!re) {
    re = new RegExp(pattern, 'u');
    patterns.set(pattern, re);
  }
  return re;
}

function isCalendarDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
