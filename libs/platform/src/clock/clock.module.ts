import { Global, Module } from '@nestjs/common';
import { AdjustableClock, Clock } from './clock';

/**
 * Provides the clock, one per application. It is an AdjustableClock with no offset
 * (identical to system time) unless a test or a demo endpoint moves it.
 */
@Global()
@Module({ providers: [{ provide: Clock, useFactory: () => new AdjustableClock() }], exports: [Clock] })
export class ClockModule {}
