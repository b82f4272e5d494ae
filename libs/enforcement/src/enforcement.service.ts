import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApplicationEntity, CaseActionsService, CaseReader } from '@tenggat/applications';
import { AuditService } from '@tenggat/audit';
import { Clock } from '@tenggat/platform';
import { ClockDuePayload, ClockEntity, ClockService } from '@tenggat/sla';
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
    private readonly actions: CaseActionsService,
    private readonly reader: CaseReader,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Returns true when this call set the flag (and wrote the events). */
  async onDue(p: ClockDuePayload, source: DueSource = 'timer'): Promise<boolean> {
    const now = this.clock.now();
    const column = p.kind === 'warning' ? 'warned_at' : 'breached_at';
    const instant = p.kind === 'warning' ? 'warn_at' : 'deadline_at';
    let flagged: ClockEntity | null = null;
    await this.db.transaction(async (m) => {
      const rows = await m.query<[{ id: string }[], number]>(
        `UPDATE clocks SET ${column} = $3
         WHERE id = $1 AND epoch = $2 AND status = 'running' AND ${column} IS NULL AND ${instant} <= $3
         RETURNING id`,
        [p.clockId, p.epoch, now],
      );
      if (rows[0].length === 0) return;
      const clock = await m.findOneByOrFail(ClockEntity, { id: p.clockId });
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
    const [column, instant] = p.kind === 'warning' ? ['warned_at', 'warn_at'] : ['breached_at', 'deadline_at'];
    const rows = await this.db.query<{ due: Date | null }[]>(
      `SELECT ${instant} AS due FROM clocks WHERE id = $1 AND epoch = $2 AND status = 'running' AND ${column} IS NULL`,
      [p.clockId, p.epoch],
    );
    const due = rows[0]?.due;
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
    const app = await m.findOneByOrFail(ApplicationEntity, { id: clock.applicationId });
    const def = (await this.reader.permitType(app)).definition;
    const labels = { agency: clock.agencyCode, permit_type: clock.permitTypeCode, clock: clock.kind };
    await this.clocks.recordEvent(m, clock, kind === 'warning' ? 'warning' : 'breach', now, { id: null, role: 'system' }, null);
    if (kind === 'warning') {
      slaWarnings.inc(labels);
      if (clock.kind !== 'response') await m.query('UPDATE applications SET warned_at = COALESCE(warned_at, $2) WHERE id = $1', [app.id, now]);
      await this.audit.append(m, {
        stream: `case:${app.id}`,
        caseId: app.id,
        actorId: null,
        actorRole: 'system',
        action: 'sla.warning',
        entityType: 'clock',
        entityId: clock.id,
        data: { clock: clock.kind, state: clock.stateName, warnAt: due.toISOString(), deadline: clock.deadlineAt?.toISOString() },
        at: now,
      });
      return;
    }
    if (clock.kind === 'response') return; // a lapse, not a breach: the timeout transition is the record
    slaBreaches.inc(labels);
    const lateMs = now.getTime() - due.getTime();
    await m.query('UPDATE clocks SET breach_late_ms = $2 WHERE id = $1', [clock.id, lateMs]);
    if (clock.kind === 'statutory') {
      await m.query('UPDATE applications SET breached_at = COALESCE(breached_at, $2) WHERE id = $1', [app.id, now]);
    }
    await this.audit.append(m, {
      stream: `case:${app.id}`,
      caseId: app.id,
      actorId: null,
      actorRole: 'system',
      action: clock.kind === 'statutory' ? 'sla.breached' : 'sla.state-breached',
      entityType: 'clock',
      entityId: clock.id,
      data: { clock: clock.kind, state: clock.stateName, deadline: due.toISOString(), lateMs, policy: clock.kind === 'statutory' ? def.onBreach : 'flag' },
      at: now,
    });
    if (clock.kind === 'statutory' && def.onBreach === 'escalate') await this.actions.escalate(m, app, now);
  }
}
