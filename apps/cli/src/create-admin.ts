import 'reflect-metadata';
import { AuditService } from '@tenggat/audit';
import { User, UsersService } from '@tenggat/identity';
import { DomainError, SystemClock, validateEnv } from '@tenggat/platform';
import { dataSourceOptions, runMigrations } from '@tenggat/schema';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { runCli } from './run-cli';

const USAGE = 'usage: npm run admin:create -- --email <email> --name <name>   (password from ADMIN_PASSWORD, or generated)';

/**
 * Creates the first admin (or another one). Applies pending migrations first, so it works on a
 * fresh database. Needs only Postgres. The account is audited as created by the system.
 */
async function main(): Promise<number> {
  const { values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' } } });
  if (!values.email || !/^[^@\s]+@[^@\s]+$/.test(values.email) || !values.name?.trim()) {
    console.error(USAGE);
    return 2;
  }
  const env = validateEnv(process.env);
  const given = process.env.ADMIN_PASSWORD;
  const password = given ?? randomBytes(16).toString('hex');
  await runMigrations(env.DATABASE_URL);
  const db = new DataSource(dataSourceOptions(env.DATABASE_URL));
  await db.initialize();
  try {
    // admins have no agency, so the agency directory is never consulted
    const users = new UsersService(db.getRepository(User), db, new AuditService(db), new SystemClock(), {
      exists: () => Promise.resolve(false),
    });
    const admin = await users.provision({ email: values.email, name: values.name.trim(), password, roles: ['admin'] });
    console.log(`created admin ${admin.email} (${admin.id})`);
    if (given === undefined) console.log(`generated password: ${password}\nstore it now; it is not shown again`);
    return 0;
  } catch (e) {
    if (e instanceof DomainError) {
      console.error(`${e.code}: ${e.message}`);
      return 1;
    }
    throw e;
  } finally {
    await db.destroy();
  }
}

runCli(main);
