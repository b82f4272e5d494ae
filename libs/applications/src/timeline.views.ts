import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ClockFiguresView } from './case-views';

/**
 * One entry of a case's timeline: an audit event (`type: event`: action, states, comment) or a
 * clock event (`type: clock`: `clock.started|stopped|resumed|...`, the clock, its figures).
 */
export class TimelineEntryView extends ClockFiguresView {
  @ApiProperty() at: string;
  @ApiProperty({ enum: ['event', 'clock'] }) type: string;
  @ApiProperty() action: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) actorId: string | null;
  @ApiProperty({ type: String, nullable: true }) actorRole: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) fromState?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) toState?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) comment?: string | null;
  @ApiPropertyOptional({ type: 'object', nullable: true, additionalProperties: true }) data?: Record<string, unknown> | null;
  @ApiPropertyOptional({ description: 'statutory | state | response (clock events)' }) clock?: string;
  @ApiPropertyOptional({ type: String, nullable: true }) state?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) reason?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) deadline?: string | null;
  @ApiProperty({ description: 'Order within its kind (audit stream sequence or clock event id)' }) seq: number;
}
