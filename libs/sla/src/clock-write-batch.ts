import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { ClockEntity, ClockEventEntity, ClockKind } from './clock.entity';
import { BatchedAdvance, BatchedWrites } from './clock-batch.types';
import { ClockRepository } from './clock.repository';


/**
 * The writes of one case's clock steps, kept instead of sent. A ClockService made with it
 * (`ClockService.deferringTo`) starts, stops, resumes and finishes clocks exactly as it does
 * against the database, computing every column and clock event, but the rows stay here;
 * `ClockRepository.writeBatch` then sends them all in one statement (each step still guarded by
 * the epoch it read), and `ClockRepository.deadlinesAfter` gives the case's deadlines as the
 * batch leaves them. Reads of the latest clock answer from the clocks the caller loaded (plus
 * those started here). Recomputations and budget changes are not batched.
 */
export class ClockWriteBatch extends ClockRepository implements BatchedWrites {
  readonly started: ClockEntity[] = [];
  readonly advanced: BatchedAdvance[] = [];
  readonly events: Omit<ClockEventEntity, 'id'>[] = [];

  constructor(
    db: DataSource,
    readonly caseId: string,
    private readonly loaded: readonly ClockEntity[],
  ) {
    super(db);
  }

  /** Every clock the batch writes, as it leaves it. */
  touched(): ClockEntity[] {
    return [...this.started, ...this.advanced.map((a) => a.clock)];
  }

  isEmpty(): boolean {
    return this.started.length === 0 && this.advanced.length === 0 && this.events.length === 0;
  }

  /** As `ClockRepository.latest`, over the loaded clocks and those started in the batch. */
  override latest(_m: EntityManager, caseId: string, kind: ClockKind, stateName: string | null): Promise<ClockEntity | null> {
    const candidates = [...this.loaded, ...this.started].filter(
      (c) =>
        c.applicationId === caseId &&
        c.kind === kind &&
        (stateName === null || c.stateName === stateName) &&
        (kind === 'statutory' || c.status === 'running'),
    );
    const latest = candidates.reduce<ClockEntity | null>((a, c) => (a === null || c.startedAt.getTime() > a.startedAt.getTime() ? c : a), null);
    return Promise.resolve(latest);
  }

  override start(_m: EntityManager, clock: ClockEntity): Promise<ClockEntity> {
    // the columns the table would default (the database fills them in on a save)
    Object.assign(clock, {
      id: clock.id ?? randomUUID(),
      provisional: clock.provisional ?? false,
      warnedAt: clock.warnedAt ?? null,
      breachedAt: clock.breachedAt ?? null,
      breachLateMs: clock.breachLateMs ?? null,
      finishedAt: clock.finishedAt ?? null,
      stops: clock.stops ?? 0,
      stoppedMs: clock.stoppedMs ?? 0,
      stoppedAt: clock.stoppedAt ?? null,
      onTimeout: clock.onTimeout ?? null,
      deadlineAt: clock.deadlineAt ?? null,
      warnAt: clock.warnAt ?? null,
      runStartedAt: clock.runStartedAt ?? null,
    });
    this.started.push(clock);
    return Promise.resolve(clock);
  }

  override stop(_m: EntityManager, clock: ClockEntity, fromEpoch: number): Promise<void> {
    return this.keep(clock, fromEpoch, 'stop');
  }

  override resume(_m: EntityManager, clock: ClockEntity, fromEpoch: number): Promise<void> {
    return this.keep(clock, fromEpoch, 'resume');
  }

  override finish(_m: EntityManager, clock: ClockEntity, fromEpoch: number): Promise<void> {
    return this.keep(clock, fromEpoch, 'finish');
  }

  override rearm(): Promise<void> {
    return Promise.reject(new Error('ClockWriteBatch: recomputations are not batched'));
  }

  override rebudget(): Promise<void> {
    return Promise.reject(new Error('ClockWriteBatch: budget changes are not batched'));
  }

  override recordEvent(_m: EntityManager, event: Omit<ClockEventEntity, 'id'>): Promise<void> {
    this.events.push({ ...event });
    return Promise.resolve();
  }

  /** A clock started in this batch is inserted as it ends up; one stepped twice keeps the epoch it was read at. */
  private keep(clock: ClockEntity, fromEpoch: number, step: BatchedAdvance['step']): Promise<void> {
    if (!this.started.includes(clock) && !this.advanced.some((a) => a.clock === clock)) this.advanced.push({ clock, fromEpoch, step });
    return Promise.resolve();
  }
}
