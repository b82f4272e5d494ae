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

/**
 * JSON with object keys sorted at every depth and no whitespace: the same value always gives
 * the same text, whatever order its keys were built (or jsonb stored them) in.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * What a value becomes after a round trip through jsonb: Dates become ISO strings, undefined
 * properties disappear, undefined itself becomes SQL NULL. Hash and store this, never the raw
 * input, so that verification recomputes the same hash from what it reads.
 */
export function toJsonValue(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  return JSON.parse(JSON.stringify(value)) as unknown;
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
