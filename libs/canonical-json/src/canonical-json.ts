/**
 * The one canonical JSON of Tenggat, used for every hash (audit chains, permit-type versions).
 * Pure: no framework, no I/O. Frozen: changing its output for a value that was valid before would
 * break stored hashes, so new cases may only be added for values that used to be refused.
 */

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Thrown for a value that has no canonical JSON form (a bigint). */
export class NotCanonicalizable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotCanonicalizable';
  }
}

/**
 * Text as Postgres gives it back: the driver encodes strings as UTF-8, which turns every lone
 * surrogate into U+FFFD, so hashing does the same (and the hash is over what is stored).
 * Well-formed text is returned unchanged, so no hash of a storable event changes.
 */
export function storedText(s: string): string {
  return s.replace(LONE_SURROGATE, '\ufffd');
}

/**
 * JSON with object keys sorted at every depth and no whitespace: the same value always gives
 * the same text, whatever order its keys were built (or jsonb stored them) in. Defined for every
 * value, the way JSON.stringify reads it: `toJSON` is honoured (Dates), undefined, functions and
 * symbols are dropped from objects and are null elsewhere, non-finite numbers are null, strings
 * (and keys) are taken as stored (lone surrogates as U+FFFD; two keys equal once stored keep the
 * last, as jsonb does). A bigint has no JSON form and is refused.
 */
export function canonicalJson(value: unknown): string {
  return canonical(value) ?? 'null';
}

/** The canonical text of a value, or undefined for what JSON leaves out of an object. */
function canonical(value: unknown): string | undefined {
  switch (typeof value) {
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'string':
      return JSON.stringify(storedText(value));
    case 'bigint':
      throw new NotCanonicalizable('a bigint has no JSON form; store it as a string');
    case 'object':
      break;
  }
  if (value === null) return 'null';
  if (value instanceof String || value instanceof Number || value instanceof Boolean) return canonical(value.valueOf());
  const withJson = value as { toJSON?: unknown };
  if (typeof withJson.toJSON === 'function') return canonical((withJson.toJSON as () => unknown).call(value));
  if (Array.isArray(value)) return `[${value.map((v) => canonical(v) ?? 'null').join(',')}]`;
  const members = new Map<string, string>();
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const text = canonical(v);
    const key = storedText(k);
    members.delete(key); // a later duplicate wins, as in jsonb
    if (text !== undefined) members.set(key, text);
  }
  const keys = [...members.keys()].sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${members.get(k)}`).join(',')}}`;
}

