import type { ClockEntity, ClockEventEntity } from './clock.entity';

/** A lifecycle step kept by a batch: the clock as it leaves it, and the epoch it was read at. */
export interface BatchedAdvance {
  clock: ClockEntity;
  fromEpoch: number;
  step: 'stop' | 'resume' | 'finish';
}

/**
 * What a `ClockWriteBatch` kept, as `ClockRepository.writeBatch` and `deadlinesAfter` read it
 * (a type of its own, so that the repository and the batch, which extends it, do not import
 * each other).
 */
export interface BatchedWrites {
  readonly caseId: string;
  readonly started: ClockEntity[];
  readonly advanced: BatchedAdvance[];
  readonly events: Omit<ClockEventEntity, 'id'>[];
  touched(): ClockEntity[];
  isEmpty(): boolean;
}
