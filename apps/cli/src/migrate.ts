import 'reflect-metadata';
import { validateEnv } from '@tenggat/platform';
import { runMigrations } from '@tenggat/schema';

/** `npm run migration:run`: applies pending migrations under the advisory lock. */
async function main(): Promise<void> {
  const env = validateEnv(process.env);
  const applied = await runMigrations(env.DATABASE_URL);
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'no pending migrations');
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
