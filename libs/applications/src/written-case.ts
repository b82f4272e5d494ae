import type { ClockEntity } from '@tenggat/sla';
import type { ApplicationEntity } from './application.entity';

/**
 * A case as the transaction acting on it wrote it: the row its guarded update returned and its
 * clocks after the step. Given to `AuditService.appendAbout` as the event's subject, so that
 * what listens to the event (the outbox) need not read the case again.
 */
export class WrittenCase {
  constructor(
    readonly app: ApplicationEntity,
    readonly clocks: readonly ClockEntity[],
  ) {}

  /** The running response window of `state` (the latest), if the case has one. */
  responseWindow(state: string): ClockEntity | null {
    const windows = this.clocks.filter((c) => c.kind === 'response' && c.stateName === state && c.status === 'running');
    return windows.reduce<ClockEntity | null>((a, c) => (a === null || c.startedAt.getTime() > a.startedAt.getTime() ? c : a), null);
  }
}
