import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CaseEffects, caseEvent, CaseReader } from '@tenggat/applications';
import { AuditService } from '@tenggat/audit';
import { AuthUser } from '@tenggat/identity';
import { AppConfig, Clock, DomainError } from '@tenggat/platform';
import { ClockRepository, ClockService, TimerQueue } from '@tenggat/sla';
import { DataSource } from 'typeorm';
import { DemoClockDto, DemoClockResult } from './sla-http.dto';

/**
 * Demo and test only (DEMO_ENDPOINTS=true, which env validation refuses in production): moves
 * a running clock of an open case so that its deadline is a given number of seconds away, so a
 * newcomer can watch the real timer fire and the breach policy apply. The clock's consumed time
 * is rewritten, the deadline is set in real time (it ignores the calendar), a new epoch re-arms
 * the timers, and the adjustment is on the case's clock history and audit stream.
 */
@Injectable()
export class DemoClockService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly reader: CaseReader,
    private readonly clocks: ClockService,
    private readonly clockRows: ClockRepository,
    private readonly effects: CaseEffects,
    private readonly timers: TimerQueue,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async setRemaining(admin: AuthUser, id: string, dto: DemoClockDto): Promise<DemoClockResult> {
    if (!this.config.get('DEMO_ENDPOINTS')) {
      throw new DomainError('not-found', 'demo-endpoints-disabled', 'Demo endpoints are off (start with DEMO_ENDPOINTS=true, never in production)');
    }
    const kind = dto.clock ?? 'statutory';
    const app = await this.reader.byId(id);
    if (!app) throw new DomainError('not-found', 'application-not-found', `Application ${id} was not found`);
    if (!app.isOpen()) throw new DomainError('conflict', 'case-not-open', 'Only the clocks of an open case can be moved', { status: app.status });
    const def = (await this.reader.permitType(app)).definition;
    const now = this.clock.now();
    const remainingMs = dto.remainingSeconds * 1000;
    const { result, timers } = await this.db.transaction(async (m) => {
      const clock = await this.clockRows.lockRunning(m, id, kind);
      if (!clock) {
        throw new DomainError('conflict', 'clock-not-running', `The case has no running ${kind} clock (in state "${app.state}")`, { state: app.state });
      }
      if (clock.breachedAt) {
        throw new DomainError('conflict', 'clock-already-breached', `The ${kind} clock has already run out`, { breachedAt: clock.breachedAt.toISOString() });
      }
      const reason = `demo: deadline moved to ${dto.remainingSeconds} s from now`;
      const armed = await this.clocks.adjust(m, clock, now, remainingMs, { id: admin.id, role: 'admin' }, reason, def.warningAt);
      await this.effects.refreshDeadlines(m, id);
      const r: DemoClockResult = {
        applicationId: id,
        clockId: clock.id,
        clock: kind,
        epoch: clock.epoch,
        deadline: (clock.deadlineAt as Date).toISOString(),
        warnAt: clock.warnAt?.toISOString() ?? null,
      };
      await this.audit.append(m, caseEvent(id, {
        actor: { id: admin.id, role: 'admin' },
        action: 'sla.clock-adjusted',
        entityType: 'clock',
        entityId: clock.id,
        comment: reason,
        data: { demo: true, remainingSeconds: dto.remainingSeconds, ...r },
        at: now,
      }));
      return { result: r, timers: armed };
    });
    await this.timers.arm(timers);
    return result;
  }
}
