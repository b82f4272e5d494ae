import { createHash } from 'node:crypto';

/** `prev_hash` of the first event of every stream. */
export const GENESIS_HASH = '0'.repeat(64);

/** Every hashed field of an event, with the values exactly as Postgres will give them back. */
export interface HashedFields {
  stream: string;
  streamSeq: number;
  occurredAt: Date;
  actorId: string | null;
  actorRole: string;
  action: string;
  entityType: string;
  entityId: string;
  caseId: string | null;
  before: unknown;
  after: unknown;
  comment: string | null;
  data: unknown;
  requestId: string | null;
  prevHash: string;
}

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Thrown when a value cannot be stored as it would be hashed (e.g. U+0000, which Postgres refuses). */
export class UnstorableAuditValue extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnstorableAuditValue';
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

/** A text field of an event, or a refusal when Postgres could not store it as it is hashed. */
export function storableText(s: string, field: string): string {
  if (s.includes('\u0000')) throw new UnstorableAuditValue(`audit: ${field} contains U+0000, which Postgres cannot store`);
  return storedText(s);
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
      throw new UnstorableAuditValue('audit: a bigint has no JSON form; store it as a string');
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

/**
 * What a value becomes after a round trip through jsonb: Dates become ISO strings, undefined
 * properties disappear, undefined itself becomes SQL NULL, lone surrogates become U+FFFD. Hash
 * and store this, never the raw input, so that verification recomputes the same hash from what
 * it reads. U+0000 (which jsonb refuses) and bigints are refused here, before anything is written.
 */
export function toJsonValue(value: unknown, field = 'value'): unknown {
  if (value === undefined || value === null) return null;
  return JSON.parse(canonicalJson(value), (key, v: unknown) => {
    if (typeof v === 'string' && v.includes('\u0000')) throw new UnstorableAuditValue(`audit: ${field} contains U+0000, which Postgres cannot store`);
    if (key.includes('\u0000')) throw new UnstorableAuditValue(`audit: ${field} has a key containing U+0000, which Postgres cannot store`);
    return v;
  }) as unknown;
}

/** sha256 (hex) of the canonical JSON of every field but `seq`, `prev_hash` included. */
export function hashEvent(e: HashedFields): string {
  const doc = {
    stream: e.stream,
    stream_seq: e.streamSeq,
    occurred_at: e.occurredAt.toISOString(),
    actor_id: e.actorId,
    actor_role: e.actorRole,
    action: e.action,
    entity_type: e.entityType,
    entity_id: e.entityId,
    case_id: e.caseId,
    before: e.before ?? null,
    after: e.after ?? null,
    comment: e.comment,
    data: e.data ?? null,
    request_id: e.requestId,
    prev_hash: e.prevHash,
  };
  return createHash('sha256').update(canonicalJson(doc), 'utf8').digest('hex');
}
