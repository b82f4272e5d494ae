import { MigrationPlanEntity, MigrationResultEntity } from './migration.entities';

export { DefinitionMigrationModule } from './definition-migration.module';
export { DefinitionMigrationService } from './definition-migration.service';

export const DEFINITION_MIGRATION_ENTITIES: Function[] = [MigrationPlanEntity, MigrationResultEntity];
