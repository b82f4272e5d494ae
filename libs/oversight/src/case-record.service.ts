import { Injectable } from '@nestjs/common';
import { ApplicationsService, CaseReader, DocumentsService, figuresOfView, figuresView } from '@tenggat/applications';
import { AuditService } from '@tenggat/audit';
import { AuthUser } from '@tenggat/identity';
import { ClockRepository, clockMath } from '@tenggat/sla';
import { AssignmentSnapshot, CaseRecord } from './oversight.views';

const days = clockMath.toDays;
const ASSIGNMENT_ACTIONS = ['claimed', 'released', 'assigned', 'escalated'];

/** The whole record of one case for the ombudsman: read-only, every agency. */
@Injectable()
export class CaseRecordService {
  constructor(
    private readonly clockRows: ClockRepository,
    private readonly reader: CaseReader,
    private readonly applications: ApplicationsService,
    private readonly documents: DocumentsService,
    private readonly audit: AuditService,
  ) {}

  async record(user: AuthUser, id: string): Promise<CaseRecord> {
    const app = await this.reader.load(user, id);
    const [caseView, timeline, clocks, events, documents, events2, chain] = await Promise.all([
      this.reader.view(user, app),
      this.applications.timeline(user, id),
      this.clockRows.ofCase(id),
      this.clockRows.eventsOfCase(id),
      this.documents.list(user, id),
      this.audit.listForCase(id),
      this.audit.verify(`case:${id}`),
    ]);
    // each clock's figures as the case shows them: in its unit, within its budget, overdue apart
    const live = new Map(caseView.clocks.map((v) => [v.id, v]));
    return {
      case: { ...caseView, allowedActions: [] },
      clocks: clocks.map((c) => ({
        id: c.id,
        kind: c.kind,
        state: c.stateName,
        status: c.status,
        ...figuresOfView(live.get(c.id) ?? figuresView(clockMath.figuresOf('working-days', c.budgetMs, c.consumedMs))),
        deadline: c.deadlineAt?.toISOString() ?? null,
        warnedAt: c.warnedAt?.toISOString() ?? null,
        breachedAt: c.breachedAt?.toISOString() ?? null,
        stops: c.stops,
        stoppedCalendarDays: days(c.stoppedMs),
        startedAt: c.startedAt.toISOString(),
        finishedAt: c.finishedAt?.toISOString() ?? null,
        history: events
          .filter((e) => e.clockId === c.id)
          .map((e) => ({
            at: e.at.toISOString(),
            kind: e.kind,
            actorId: e.actorId,
            actorRole: e.actorRole,
            reason: e.reason,
            ...figuresView(clockMath.figuresOf(live.get(c.id)?.unit ?? 'working-days', e.consumedMs + e.remainingMs, e.consumedMs)),
            deadline: e.deadlineAt?.toISOString() ?? null,
          })),
      })),
      assignments: events2
        .filter((e) => ASSIGNMENT_ACTIONS.includes(e.action))
        .map((e) => ({
          at: e.occurredAt.toISOString(),
          action: e.action,
          actorId: e.actorId,
          actorRole: e.actorRole,
          // the queue and the escalation record these snapshots (assignee, version, supervisors)
          before: (e.before ?? null) as AssignmentSnapshot | null,
          after: (e.after ?? null) as AssignmentSnapshot | null,
        })),
      documents,
      timeline,
      auditChain: { stream: `case:${id}`, ...chain },
    };
  }
}
