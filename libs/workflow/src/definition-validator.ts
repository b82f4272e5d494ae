import { semanticFaults } from './definition-semantics';
import { feeFaults } from './fee-faults';
import type { DefinitionResult, Fault, PermitTypeDefinition, ValidationContext } from './definition.types';
import { deepFreeze } from './deep-freeze';
import { formatPath, type PathFault } from './fault-path';
import { structuralFaults } from './structural-validator';

/** All faults of a raw definition: structural (JSON Schema) first, then semantic. */
export function definitionFaults(raw: unknown, ctx: ValidationContext = {}): PathFault[] {
  return [...structuralFaults(raw), ...semanticFaults(raw, ctx), ...feeFaults(raw)];
}

/**
 * Validates an already-parsed definition (e.g. YAML turned into plain data). Reports every
 * fault at once; on success returns a deep-frozen copy, typed.
 */
export function validateDefinition(raw: unknown, ctx: ValidationContext = {}): DefinitionResult {
  const faults = definitionFaults(raw, ctx);
  if (faults.length > 0) return { ok: false, faults: faults.map(toFault) };
  return { ok: true, definition: deepFreeze(structuredClone(raw) as PermitTypeDefinition) };
}

export function toFault(f: PathFault): Fault {
  return { path: formatPath(f.at), message: f.message };
}
