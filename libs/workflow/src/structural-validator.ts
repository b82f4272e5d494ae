import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { PATTERN_DESCRIPTIONS, permitTypeSchema } from './definition.schema';
import { fault, type PathFault, type PathSegment } from './fault-path';
import { didYouMean } from './suggest';

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: true });
    compiled = ajv.compile(permitTypeSchema);
  }
  return compiled;
}

/** Structural faults (JSON Schema), with plain messages and definition paths. */
export function structuralFaults(raw: unknown): PathFault[] {
  const validate = validator();
  if (validate(raw)) return [];
  const faults: PathFault[] = [];
  const seen = new Set<string>();
  for (const error of validate.errors ?? []) {
    const translated = translate(error, raw);
    if (!translated) continue;
    const key = JSON.stringify(translated);
    if (seen.has(key)) continue;
    seen.add(key);
    faults.push(translated);
  }
  return faults;
}

function translate(error: ErrorObject, raw: unknown): PathFault | undefined {
  const at = pointerToSegments(error.instancePath, raw);
  const params: Record<string, unknown> = error.params;
  // A bad key under `propertyNames`: Ajv reports the inner failure with the key attached.
  if (error.keyword === 'propertyNames') return undefined;
  if (error.propertyName !== undefined) {
    return fault([...at, error.propertyName], `name ${describe(error, params)}`);
  }
  switch (error.keyword) {
    case 'required':
      return fault([...at, String(params['missingProperty'])], 'is required');
    case 'additionalProperties': {
      const name = String(params['additionalProperty']);
      return fault([...at, name], unknownFieldMessage(name, error.parentSchema));
    }
    default:
      return fault(at, describe(error, params));
  }
}

function describe(error: ErrorObject, params: Record<string, unknown>): string {
  switch (error.keyword) {
    case 'type':
      return `must be ${typeName(params['type'])}`;
    case 'enum':
      return `must be one of: ${(params['allowedValues'] as readonly unknown[]).map(String).join(', ')}`;
    case 'pattern': {
      const pattern = String(params['pattern']);
      return PATTERN_DESCRIPTIONS[pattern] ?? `must match the pattern ${pattern}`;
    }
    case 'minimum':
      return `must be at least ${String(params['limit'])}`;
    case 'maximum':
      return `must be at most ${String(params['limit'])}`;
    case 'exclusiveMinimum':
      return `must be greater than ${String(params['limit'])}`;
    case 'exclusiveMaximum':
      return `must be less than ${String(params['limit'])}`;
    case 'minLength':
      return params['limit'] === 1 ? 'must not be empty' : `must be at least ${String(params['limit'])} characters`;
    case 'maxLength':
      return `must be at most ${String(params['limit'])} characters`;
    case 'minItems':
      return params['limit'] === 1 ? 'must list at least one item' : `must list at least ${String(params['limit'])} items`;
    case 'minProperties':
      return params['limit'] === 1 ? 'must not be empty' : `must have at least ${String(params['limit'])} entries`;
    case 'uniqueItems':
      return `must not repeat items (items ${String(params['j'])} and ${String(params['i'])} are equal)`;
    default:
      return error.message ?? `fails ${error.keyword}`;
  }
}

function typeName(type: unknown): string {
  const one = (t: string): string => {
    switch (t) {
      case 'object':
        return 'a mapping';
      case 'array':
        return 'a list';
      case 'integer':
        return 'an integer';
      case 'string':
      case 'number':
      case 'boolean':
        return `a ${t}`;
      default:
        return t;
    }
  };
  return Array.isArray(type) ? type.map((t) => one(String(t))).join(' or ') : one(String(type));
}

function unknownFieldMessage(name: string, parentSchema: unknown): string {
  return `is not a known field${didYouMean(name, knownProperties(parentSchema))}`;
}

function knownProperties(schema: unknown): string[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const properties = (schema as { properties?: unknown }).properties;
  return typeof properties === 'object' && properties !== null ? Object.keys(properties) : [];
}

/** `/transitions/3/to` -> ['transitions', 3, 'to'], numbering only real array indices. */
function pointerToSegments(pointer: string, raw: unknown): PathSegment[] {
  if (pointer === '') return [];
  const segments: PathSegment[] = [];
  let node: unknown = raw;
  for (const escaped of pointer.slice(1).split('/')) {
    const key = escaped.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node) && /^\d+$/.test(key)) {
      const index = Number(key);
      segments.push(index);
      node = node[index];
    } else {
      segments.push(key);
      node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined;
    }
  }
  return segments;
}
