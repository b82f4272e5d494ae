import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CaseActionsService, caseEvent, CaseReader, CaseRepository } from '@tenggat/applications';
import { AuditService } from '@tenggat/audit';
import { Clock } from '@tenggat/platform';
import { ClockDuePayload, ClockEntity, ClockRepository, ClockService } from '@tenggat/sla';
import { DataSource, EntityManager } from 'typeorm';
import { slaBreaches, slaWarnings, timerLag } from './sla-metrics';

export type DueSource = 'timer' | 'reconciler';

/**
 * What happens when a clock's warning or deadline instant arrives. Every flag is set by a
 * guarded UPDATE on the exact clock epoch, so a stale, duplicate or late job changes nothing.
 */
@Injectable()
export class EnforcementService {
  private readonly logger = new Logger(EnforcementService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clocks: ClockService,
    private readonly clockRows: ClockRepository,
    private readonly cases: CaseRepository,
    private readonly actions: CaseActionsService,
    private readonly reader: CaseReader,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Returns true when this call set the flag (and wrote the events). */
  async onDue(p: ClockDuePayload, source: DueSource = 'timer'): Promise<boolean> {
    const now = this.clock.now();
    let flagged: ClockEntity | null = null;
    await this.db.transaction(async (m) => {
      const clock = await this.clockRows.flagDue(m, p, now);
      if (!clock) return;
      flagged = clock;
      const due = (p.kind === 'warning' ? clock.warnAt : clock.deadlineAt) as Date;
      timerLag.observe({ kind: p.kind, source }, Math.max(0, now.getTime() - due.getTime()) / 1000);
      await this.flagCase(m, clock, p.kind, now, due);
    });
    // nothing flagged: stale epoch, already flagged, finished, or not yet due (the reconciler
    // re-arms a timer that fired early once its job is gone)
    if (!flagged) return false;
    await this.afterBreach(flagged, p.kind);
    return true;
  }

  /**
   * When a job fired before its instant (the clock was moved back, or another process's clock
   * runs behind): the time still to wait, if that clock epoch is still current and unflagged.
   * Null when there is nothing to wait for.
   */
  async pendingMs(p: ClockDuePayload): Promise<number | null> {
    const due = await this.clockRows.dueInstant(p);
    if (!due) return null;
    const wait = due.getTime() - this.clock.now().getTime();
    return wait > 0 ? wait : null;
  }

  /** Policies that move the case run after the flag is committed; the reconciler retries them. */
  async afterBreach(clock: ClockEntity, kind: 'warning' | 'deadline'): Promise<void> {
    if (kind !== 'deadline') return;
    if (clock.kind === 'response' && clock.stateName) {
      await this.actions.responseTimeout(clock.applicationId, clock.stateName);
    } else if (clock.kind === 'statutory') {
      const app = await this.reader.byId(clock.applicationId);
      if (!app?.isOpen()) return;
      const def = (await this.reader.permitType(app)).definition;
      if (def.onBreach === 'deemed-approval') await this.actions.deemApprove(app.id);
    }
  }

  private async flagCase(m: EntityManager, clock: ClockEntity, kind: 'warning' | 'deadline', now: Date, due: Date): Promise<void> {
    const app = await this.cases.byId(clock.applicationId, m);
    if (!app) throw new Error(`clock ${clock.id} belongs to no case`);
    const def = (await this.reader.permitType(app)).definition;
    const labels = { agency: clock.agencyCode, permit_type: clock.permitTypeCode, clock: clock.kind };
    await this.clocks.recordEvent(m, clock, kind === 'warning' ? 'warning' : 'breach', now, { id: null, role: 'system' }, null);
    if (kind === 'warning') {
      slaWarnings.inc(labels);
      if (clock.kind !== 'response') await this.cases.markWarned(m, app.id, now);
      await this.audit.append(m, caseEvent(app.id, {
        actor: { id: null, role: 'system' },
        action: 'sla.warning',
        entityType: 'clock',
        entityId: clock.id,
        data: { clock: clock.kind, state: clock.stateName, warnAt: due.toISOString(), deadline: clock.deadlineAt?.toISOString() },
        at: now,
      }));
      return;
    }
    if (clock.kind === 'response') return; // a lapse, not a breach: the timeout transition is the record
    slaBreaches.inc(labels);
    const lateMs = now.getTime() - due.getTime(); // as flagDue stored it (breach_late_ms)
    if (clock.kind === 'statutory') await this.cases.markBreached(m, app.id, now);
    await this.audit.append(m, caseEvent(app.id, {
      actor: { id: null, role: 'system' },
      action: clock.kind === 'statutory' ? 'sla.breached' : 'sla.state-breached',
      entityType: 'clock',
      entityId: clock.id,
      data: { clock: clock.kind, state: clock.stateName, deadline: due.toISOString(), lateMs, policy: clock.kind === 'statutory' ? def.onBreach : 'flag' },
      at: now,
    }));
    if (clock.kind === 'statutory' && def.onBreach === 'escalate') await this.actions.escalate(m, app, now);
  }
}
