import { AuthUser, isApplicant, isStaff } from '@tenggat/identity';
import { DomainError } from '@tenggat/platform';
import { SelectQueryBuilder } from 'typeorm';
import { ApplicationEntity } from './application.entity';

/**
 * Who may see which case, enforced in the query: applicants see their own, staff their
 * agency's submitted cases, the ombudsman every submitted case. A draft is its applicant's
 * alone until it is submitted. Anything else sees nothing (404, not 403).
 */
export function scopeToCaller(qb: SelectQueryBuilder<ApplicationEntity>, user: AuthUser, alias = 'a'): SelectQueryBuilder<ApplicationEntity> {
  if (user.roles.includes('ombudsman')) return qb.andWhere(`${alias}.status <> 'draft'`);
  if (isStaff(user) && user.agency) return qb.andWhere(`${alias}.agency_code = :scopeAgency AND ${alias}.status <> 'draft'`, { scopeAgency: user.agency });
  if (isApplicant(user)) return qb.andWhere(`${alias}.applicant_id = :scopeApplicant`, { scopeApplicant: user.id });
  return qb.andWhere('false');
}

export const caseNotFound = (id: string): DomainError =>
  new DomainError('not-found', 'application-not-found', `Application ${id} was not found`);

export const readOnly = (): DomainError =>
  new DomainError('forbidden', 'read-only', 'The ombudsman has read-only access to cases');
