export { runMigrations } from './run-migrations';
export { dataSourceOptions, DEFAULT_DATABASE_URL } from './data-source-options';
export { ALL_ENTITIES } from './entities';
export { ALL_MIGRATIONS } from './migrations';
