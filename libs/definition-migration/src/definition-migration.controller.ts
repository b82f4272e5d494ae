import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, AuthUser, CurrentUser } from '@tenggat/identity';
import { ApiProblems } from '@tenggat/platform';
import {
  ApplyMigrationDto,
  ApplyView,
  CreateMigrationPlanDto,
  DryRunView,
  MigrationPath,
  MigrationPlanView,
  MigrationResultsView,
  PermitTypeCodePath,
} from './definition-migration.dto';
import { DefinitionMigrationService } from './definition-migration.service';

@ApiTags('admin')
@Controller('v1/admin/permit-types/:code/migrations')
export class DefinitionMigrationController {
  constructor(private readonly migrations: DefinitionMigrationService) {}

  @Post()
  @Access('admin')
  @ApiOperation({
    operationId: 'createMigrationPlan',
    summary: 'Plan moving open cases of a permit type to a newer version',
    description:
      'Admins only. From version, to version (newer), a state map (old -> new; a state not named maps to the same name when ' +
      'the new version has it) and which cases (all open on the from-version, or only some states or cases). Audited. 404 ' +
      '`permit-type-not-found`; 422 `to-version-not-newer`, `unknown-version` or `invalid-migration-plan` (a state that does ' +
      'not exist, or a final one), each naming the field; 400 `invalid-state-map`.',
  })
  @ApiCreatedResponse({ type: MigrationPlanView, description: 'The plan, not yet applied' })
  @ApiProblems(400, 404, 422)
  create(@CurrentUser() user: AuthUser, @Param() p: PermitTypeCodePath, @Body() dto: CreateMigrationPlanDto): Promise<MigrationPlanView> {
    return this.migrations.create(user, p.code, dto);
  }

  @Get()
  @Access('admin', 'supervisor')
  @ApiOperation({
    operationId: 'listMigrationPlans',
    summary: 'Migration plans of a permit type, newest first',
    description: 'Admins, and supervisors of the agency that owns the permit type (403 `other-agency` otherwise). 404 `permit-type-not-found`.',
  })
  @ApiOkResponse({ type: [MigrationPlanView], description: 'The plans with their result counts' })
  @ApiProblems(400, 404)
  list(@CurrentUser() user: AuthUser, @Param() p: PermitTypeCodePath): Promise<MigrationPlanView[]> {
    return this.migrations.list(user, p.code);
  }

  @Get(':id')
  @Access('admin', 'supervisor')
  @ApiOperation({ operationId: 'getMigrationPlan', summary: 'One migration plan', description: 'As listMigrationPlans. 404 `migration-plan-not-found`.' })
  @ApiOkResponse({ type: MigrationPlanView, description: 'The plan' })
  @ApiProblems(400, 404)
  get(@CurrentUser() user: AuthUser, @Param() p: MigrationPath): Promise<MigrationPlanView> {
    return this.migrations.get(user, p.code, p.id);
  }

  @Get(':id/dry-run')
  @Access('admin', 'supervisor')
  @ApiOperation({
    operationId: 'dryRunMigrationPlan',
    summary: 'What applying the plan now would do, case by case (changes nothing)',
    description:
      'Per open case on the from-version: the new state, each clock with its budget and deadline before and after, the timers ' +
      'that would be armed, and the statutory rule applied (a submitted case\'s deadline never moves later; a shorter processing ' +
      'time only when the new version says `openCases.processingTime: shorten`); or why it cannot move (`unmapped-state`, ' +
      '`stopped-clock-state-gone`, `would-stop-clock`, `would-resume-clock`, `claimed`).',
  })
  @ApiOkResponse({ type: DryRunView, description: 'The report' })
  @ApiProblems(400, 404)
  dryRun(@CurrentUser() user: AuthUser, @Param() p: MigrationPath): Promise<DryRunView> {
    return this.migrations.dryRun(user, p.code, p.id);
  }

  @Post(':id/apply')
  @HttpCode(200)
  @Access('admin')
  @ApiOperation({
    operationId: 'applyMigrationPlan',
    summary: 'Move the plan\'s cases, batch by batch, each in its own guarded transaction',
    description:
      'Admins only. Each case that can move is moved in one transaction guarded by its version, state and permit-type version, ' +
      'with an audit event `definition.migrated` naming the plan; its timers are armed after commit. A case that cannot move is ' +
      'reported and untouched; one that changed meanwhile is reported `failed` and untouched (apply again). Idempotent: applying a ' +
      'finished plan again changes nothing.',
  })
  @ApiOkResponse({ type: ApplyView, description: 'One result per case this run looked at' })
  @ApiProblems(400, 404)
  apply(@CurrentUser() user: AuthUser, @Param() p: MigrationPath, @Body() dto: ApplyMigrationDto): Promise<ApplyView> {
    return this.migrations.apply(user, p.code, p.id, dto);
  }

  @Get(':id/results')
  @Access('admin', 'supervisor')
  @ApiOperation({ operationId: 'listMigrationResults', summary: 'The recorded result of every case the plan has touched', description: 'As listMigrationPlans.' })
  @ApiOkResponse({ type: MigrationResultsView, description: 'The plan and one line per case (the latest attempt)' })
  @ApiProblems(400, 404)
  results(@CurrentUser() user: AuthUser, @Param() p: MigrationPath): Promise<MigrationResultsView> {
    return this.migrations.results(user, p.code, p.id);
  }
}
