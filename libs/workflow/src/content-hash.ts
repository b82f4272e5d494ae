import { createHash } from 'node:crypto';
import { canonicalJson } from '@tenggat/canonical-json';
import type { PermitTypeDefinition } from './definition.types';
import { parseYaml } from './definition-parser';

/**
 * SHA-256 (hex) of the canonical JSON of a definition: the version key of a permit type.
 * Given YAML text, hashes the data it parses to, so whitespace, comments, key order and
 * quoting do not make a new version. Text that is not valid YAML (it can never be published)
 * is hashed as raw bytes.
 */
export function contentHash(source: PermitTypeDefinition | string): string {
  if (typeof source !== 'string') return sha256(canonicalJson(source));
  const parsed = parseYaml(source);
  return parsed.ok ? sha256(canonicalJson(parsed.data)) : sha256(source);
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
