import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsObject, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';

const SLUG = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** `{code}` and `{id}` of /v1/admin/permit-types/{code}/migrations/{id}. */
export class PermitTypeCodePath {
  @ApiProperty({ example: 'reklame', description: 'Permit type code' })
  @IsString()
  @MaxLength(64)
  @Matches(SLUG, { message: 'code must be a permit type code such as "pbg"' })
  code: string;
}

export class MigrationPath extends PermitTypeCodePath {
  @ApiProperty({ format: 'uuid', description: 'The plan id' })
  @IsUUID()
  id: string;
}

/** Which open cases a plan covers; empty: every open case on the from-version. */
export class MigrationFilterDto {
  @ApiPropertyOptional({ type: [String], example: ['verification'], description: 'Only cases in these states (of the from-version)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(SLUG, { each: true, message: 'each state must be a state name' })
  states?: string[];

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Only these cases' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10000)
  @IsUUID('all', { each: true })
  caseIds?: string[];
}

export class CreateMigrationPlanDto {
  @ApiProperty({ type: 'integer', minimum: 1, example: 1, description: 'The version the cases are on' })
  @IsInt()
  @Min(1)
  fromVersion: number;

  @ApiProperty({ type: 'integer', minimum: 1, example: 2, description: 'A newer published version to move them to' })
  @IsInt()
  @Min(1)
  toVersion: number;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { verification: 'verification' },
    description: 'Old state -> new state. A state not named maps to the same name when the new version has it (identity by default).',
  })
  @IsOptional()
  @IsObject()
  stateMap?: Record<string, string>;

  @ApiPropertyOptional({ type: MigrationFilterDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => MigrationFilterDto)
  filter?: MigrationFilterDto;

  @ApiPropertyOptional({ example: 'Perwali 12/2026 adds a site inspection', description: 'Why (kept with the plan and on its audit event)' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class ApplyMigrationDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 500, default: 50, description: 'Cases read per batch (each case still moves in its own transaction)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(500)
  batchSize?: number;
}

// ---- answers -------------------------------------------------------------------------------

export class MigrationCountsView {
  @ApiProperty({ type: 'integer', minimum: 0 }) moved: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) blocked: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) failed: number;
}

export class MigrationFilterView {
  @ApiPropertyOptional({ type: [String] }) states?: string[];
  @ApiPropertyOptional({ type: [String], format: 'uuid' }) caseIds?: string[];
}

export class MigrationPlanView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'reklame' }) permitType: string;
  @ApiProperty({ type: 'integer' }) fromVersion: number;
  @ApiProperty({ type: 'integer' }) toVersion: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'The map as given' }) stateMap: Record<string, string>;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string', nullable: true },
    description: 'Every non-final state of the from-version and where its cases go (null: they cannot move)',
  })
  effectiveMap: Record<string, string | null>;
  @ApiProperty({ type: MigrationFilterView }) filter: MigrationFilterView;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
  @ApiProperty({ enum: ['planned', 'applied'] }) status: 'planned' | 'applied';
  @ApiProperty({ enum: ['keep', 'shorten'], description: 'What the to-version says about a shorter processing time for open cases' })
  processingTimePolicy: 'keep' | 'shorten';
  @ApiProperty({ type: 'integer' }) processingWorkingDaysFrom: number;
  @ApiProperty({ type: 'integer' }) processingWorkingDaysTo: number;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) createdBy: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) appliedAt: string | null;
  @ApiProperty({ type: MigrationCountsView, description: 'Results recorded so far' }) results: MigrationCountsView;
}

export class ClockChangeView {
  @ApiProperty({ enum: ['statutory', 'state', 'response'] }) kind: 'statutory' | 'state' | 'response';
  @ApiProperty({ type: String, nullable: true }) state: string | null;
  @ApiProperty({ enum: ['keep', 'rebudget', 'finish', 'start'] }) op: 'keep' | 'rebudget' | 'finish' | 'start';
  @ApiProperty({ type: Number, nullable: true, description: 'Budget before, in the clock\'s unit (working days; calendar days for such a response window)' })
  budgetWorkingDaysBefore: number | null;
  @ApiProperty({ type: Number, nullable: true }) budgetWorkingDaysAfter: number | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deadlineBefore: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deadlineAfter: string | null;
}

export class TimerView {
  @ApiProperty({ enum: ['statutory', 'state', 'response'] }) clock: 'statutory' | 'state' | 'response';
  @ApiProperty({ type: String, nullable: true }) state: string | null;
  @ApiProperty({ enum: ['warning', 'deadline'] }) kind: 'warning' | 'deadline';
  @ApiProperty({ format: 'date-time' }) dueAt: string;
}

export class DryRunCaseView {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ type: String, nullable: true }) reference: string | null;
  @ApiProperty() state: string;
  @ApiProperty({ type: String, nullable: true, description: 'The state it would be in (null when it cannot move)' }) newState: string | null;
  @ApiProperty() canMove: boolean;
  @ApiPropertyOptional({
    enum: ['unmapped-state', 'stopped-clock-state-gone', 'would-stop-clock', 'would-resume-clock', 'claimed', 'not-on-from-version', 'not-open'],
  })
  reason?: string;
  @ApiPropertyOptional() message?: string;
  @ApiPropertyOptional({
    enum: ['unchanged', 'longer-not-applied', 'shorter-not-applied', 'shortened', 'breached-kept'],
    description: 'How the statutory time is treated: it never moves later',
  })
  statutoryRule?: string;
  @ApiProperty({ type: [ClockChangeView] }) clocks: ClockChangeView[];
  @ApiProperty({ type: [TimerView], description: 'Timers armed after commit' }) timers: TimerView[];
}

export class DryRunView {
  @ApiProperty({ type: MigrationPlanView }) plan: MigrationPlanView;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ type: 'integer' }) canMove: number;
  @ApiProperty({ type: 'integer' }) cannotMove: number;
  @ApiProperty({ type: [DryRunCaseView] }) cases: DryRunCaseView[];
}

export class MigrationResultView {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ type: String, nullable: true }) reference: string | null;
  @ApiProperty({ enum: ['moved', 'blocked', 'failed'] }) outcome: 'moved' | 'blocked' | 'failed';
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
  @ApiProperty({ type: String, nullable: true }) message: string | null;
  @ApiProperty() fromState: string;
  @ApiProperty({ type: String, nullable: true }) toState: string | null;
  @ApiProperty({ type: [ClockChangeView] }) clocks: ClockChangeView[];
  @ApiProperty({ format: 'date-time' }) at: string;
}

export class ApplyView {
  @ApiProperty({ type: MigrationPlanView }) plan: MigrationPlanView;
  @ApiProperty({ type: 'integer', description: 'Cases this run moved' }) moved: number;
  @ApiProperty({ type: 'integer', description: 'Cases this run found unable to move (untouched)' }) blocked: number;
  @ApiProperty({ type: 'integer', description: 'Cases that changed meanwhile (untouched; apply again)' }) failed: number;
  @ApiProperty({ type: 'integer', description: 'Batches read' }) batches: number;
  @ApiProperty({ type: [MigrationResultView], description: 'One line per case this run looked at' }) results: MigrationResultView[];
}

export class MigrationResultsView {
  @ApiProperty({ type: MigrationPlanView }) plan: MigrationPlanView;
  @ApiProperty({ type: [MigrationResultView] }) results: MigrationResultView[];
}
