import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

/** ESLint (the repository's config, as CI runs it) on `code` as if it were the file `path`. */
function lint(path: string, code: string): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/eslint/bin/eslint.js'), '--stdin', '--stdin-filename', path, '--max-warnings', '0'], {
    cwd: ROOT,
    input: code,
    encoding: 'utf8',
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

const PLANTED = `import { DataSource } from 'typeorm';

export async function countCases(db: DataSource): Promise<number> {
  const rows = await db.query<{ n: number }[]>('SELECT count(*)::int AS n FROM applications');
  const open = await db.createQueryBuilder().select('1').from('applications', 'a').getCount();
  return (rows[0]?.n ?? 0) + open;
}
`;

/**
 * Issue 11: SQL only in a repository of the table's owner, a read model or a migration. The rule
 * is ESLint's no-restricted-syntax in eslint.config.mjs (so `npm run lint` in CI enforces it).
 */
describe('the SQL-owner lint rule', () => {
  it('fails on SQL planted in a service, and names the rule', () => {
    const r = lint('libs/applications/src/queue.service.ts', PLANTED);
    expect(r.status).toBe(1);
    expect(r.out).toContain('no-restricted-syntax');
    expect(r.out).toContain('SQL (.query) only in a *.repository.ts');
    expect(r.out).toContain('SQL (.createQueryBuilder) only in a *.repository.ts');
  });

  it('lets the same code be in a repository (or a *.read-model.ts, a migration, a test)', () => {
    expect(lint('libs/applications/src/case.repository.ts', PLANTED)).toMatchObject({ status: 0 });
  });
});
