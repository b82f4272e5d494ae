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
  /** Global sequence number of the first event of its stream that does not verify. */
  seq: number;
  stream: string;
  streamSeq: number;
  reason: BrokenLinkReason;
  detail: string;
}

/**
 * The outcome of walking the chains. Every stream is walked to its end or to its first broken
 * link, so a break in one stream never hides a break in another.
 */
export interface VerifyResult {
  /** true when no stream is broken. */
  ok: boolean;
  /** Streams walked. */
  streams: number;
  /** Events that verified (in a broken stream, those before its first broken link). */
  checked: number;
  /** Streams with a broken link. */
  brokenStreams: number;
  /** The first broken link of each broken stream, in stream order (at most `maxReported`). */
  broken: BrokenLink[];
  /** The first of `broken`, when there is one. */
  firstBroken?: BrokenLink;
}

/** What an audit stream is called: `identity`, `config`, `case:<uuid>`, ... */
export const AUDIT_STREAM_NAME = /^[a-z][a-z0-9-]{0,62}(?::[A-Za-z0-9._-]{1,128})?$/;

/** An audit event as read back (e.g. for a case timeline): the hashed fields, its place and hash. */
export interface AuditEventView extends HashedFields {
  seq: number;
  hash: string;
}
