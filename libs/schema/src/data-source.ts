import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions, DEFAULT_DATABASE_URL } from './data-source-options';

/** For the TypeORM CLI (migration:generate and the drift check). */
export default new DataSource(dataSourceOptions(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL));
