import type { HashedFields } from './audit-hash';

/** What a module records. Written inside the caller's transaction by `AuditService.append`. */
export interface AuditEntry {
  /** The chain it belongs to: `case:<uuid>`, `identity`, `config`, ... */
  stream: string;
  /** null for the system or an anonymous caller. */
  actorId: string | null;
  /** The role the actor acted in (`verifier`, `applicant`, `system`, `anonymous`, ...). */
  actorRole: string;
  action: string;
  entityType: string;
  entityId: string;
  caseId?: string | null;
  before?: unknown;
  after?: unknown;
  comment?: string | null;
  data?: unknown;
  /** Defaults to the current request's id (RequestContext). */
  requestId?: string | null;
  /** When it happened: take it from the injected Clock. */
  at: Date;
}

export interface AppendedEvent {
  seq: number;
  stream: string;
  streamSeq: number;
  hash: string;
}

export type BrokenLinkReason = 'sequence-gap' | 'prev-hash-mismatch' | 'hash-mismatch';

export interface BrokenLink {
  /** Global sequence number of the first event that does not verify. */
  seq: number;
  stream: string;
  streamSeq: number;
  reason: BrokenLinkReason;
  detail: string;
}

export interface VerifyResult {
  ok: boolean;
  /** Events that verified (all of them when ok; those before the broken one otherwise). */
  checked: number;
  firstBroken?: BrokenLink;
}

/** An audit event as read back (e.g. for a case timeline): the hashed fields, its place and hash. */
export interface AuditEventView extends HashedFields {
  seq: number;
  hash: string;
}
