import { ClockEntity, ClockEventEntity } from './clock.entity';

export { SlaModule } from './sla.module';
export { ClockService, ClockActor, ClockOwner } from './clock.service';
export { ClockRepository, clockChanged } from './clock.repository';
export { ClockWriteBatch } from './clock-write-batch';
export { TimerQueue } from './timer-queue';
export { BullTimerQueue, timersArmed } from './bull-timer-queue';
export { InMemoryTimerQueue, InMemoryTimerQueueModule } from './in-memory-timer-queue';
export { SlaTimersModule } from './sla-timers.module';
export { ClockEntity, ClockEventEntity, ClockKind, ClockStatus, ClockEventKind } from './clock.entity';
export { SLA_QUEUE, SlaJob, ClockDuePayload, DueAlarm, DueInstantPayload, TimerRequest, TimerKind, timerJobId, alarmJobId, coalesce } from './sla.queues';
export * as clockMath from './clock-math';
export type { ClockUnit, ClockFigures } from './clock-math';
export { WorkingCalendar } from './working-calendar';

export const SLA_ENTITIES: Function[] = [ClockEntity, ClockEventEntity];
export { CLOCK_EVENTS_HISTORY } from './clock-history';
