import { migrate } from '@tenggat/platform';
import { dataSourceOptions } from './data-source-options';

export const runMigrations = (url: string): Promise<string[]> => migrate(dataSourceOptions(url));
