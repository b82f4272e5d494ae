/**
 * What went wrong, in domain terms. The single exception filter maps the kind to an HTTP
 * status; the code is stable and becomes the problem `type` (`urn:tenggat:problem:<code>`).
 */
export type DomainErrorKind =
  | 'invalid' // 400: malformed input
  | 'unprocessable' // 422: well-formed but the domain refuses (incomplete application, missing comment)
  | 'unauthorized' // 401
  | 'forbidden' // 403: the caller may see it but may not do this
  | 'not-found' // 404: absent, or the caller may not see it
  | 'conflict' // 409: stale version, wrong state
  | 'too-many-requests'; // 429

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string, id: string): DomainError =>
  new DomainError('not-found', 'not-found', `${what} ${id} was not found`);
