import { DomainError } from '@tenggat/platform';

/** The case's problems that more than one service answers with, each defined once. */

export const caseNotFound = (id: string): DomainError =>
  new DomainError('not-found', 'application-not-found', `Application ${id} was not found`);

export const readOnly = (): DomainError =>
  new DomainError('forbidden', 'read-only', 'The ombudsman has read-only access to cases');

/** A guarded write found another version than the caller read (409, with the version there is now). */
export const staleVersion = (currentVersion: number): DomainError =>
  new DomainError('conflict', 'stale-version', 'The application has changed since you read it', { currentVersion });
