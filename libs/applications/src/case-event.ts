import type { AuditEntry } from '@tenggat/audit';

/** Who did it, for a case's record (`id` null for the system). */
export interface CaseActor {
  id: string | null;
  role: string;
}

/** What happened to a case; the entity defaults to the case itself. */
export type CaseEventInput = Omit<AuditEntry, 'stream' | 'caseId' | 'actorId' | 'actorRole' | 'entityType' | 'entityId'> & {
  actor: CaseActor;
  entityType?: string;
  entityId?: string;
};

/**
 * The one way to write an entry of a case's audit stream (`case:<id>`), wherever it happens
 * (applications, enforcement, SLA administration, oversight): `audit.append(m, caseEvent(id, {...}))`.
 */
export function caseEvent(caseId: string, e: CaseEventInput): AuditEntry {
  const { actor, entityType, entityId, ...rest } = e;
  return {
    ...rest,
    stream: `case:${caseId}`,
    caseId,
    actorId: actor.id,
    actorRole: actor.role,
    entityType: entityType ?? 'application',
    entityId: entityId ?? caseId,
  };
}
