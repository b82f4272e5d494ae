import { canonicalJson, NotCanonicalizable, storedText } from '@tenggat/canonical-json';
import { createHash } from 'node:crypto';

export { canonicalJson };

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

/** Thrown when a value cannot be stored as it would be hashed (e.g. U+0000, which Postgres refuses). */
export class UnstorableAuditValue extends NotCanonicalizable {
  constructor(message: string) {
    super(message);
    this.name = 'UnstorableAuditValue';
  }
}

/** A text field of an event, or a refusal when Postgres could not store it as it is hashed. */
export function storableText(s: string, field: string): string {
  if (s.includes('\u0000')) throw new UnstorableAuditValue(`audit: ${field} contains U+0000, which Postgres cannot store`);
  return storedText(s);
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

/**
 * Continues each stream's chain over `entries` (in the order given, several per stream allowed)
 * from its last link (`last`; a stream absent there starts at the genesis): pure, so a batch's
 * links are exactly those one-by-one appends would have written.
 */
export function chainLinks(
  entries: readonly Omit<HashedFields, 'streamSeq' | 'prevHash'>[],
  last: ReadonlyMap<string, { streamSeq: number; hash: string }>,
): { fields: HashedFields; hash: string }[] {
  const tip = new Map(last);
  return entries.map((e) => {
    const prev = tip.get(e.stream);
    const fields: HashedFields = { ...e, streamSeq: prev ? prev.streamSeq + 1 : 1, prevHash: prev ? prev.hash : GENESIS_HASH };
    const hash = hashEvent(fields);
    tip.set(e.stream, { streamSeq: fields.streamSeq, hash });
    return { fields, hash };
  });
}
