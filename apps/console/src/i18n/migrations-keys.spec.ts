import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import en from './migrations.en.json';
import id from './migrations.id.json';

/** The `migrations` namespace is not in the typed resources: the keys its screen uses are checked here instead. */
const source = readFileSync(join(__dirname, '..', 'pages', 'AdminMigrationsPage.tsx'), 'utf8');
const lookup = (messages: object, key: string): unknown => key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], messages);

describe('the case-migration screen', () => {
  const fixed = [...source.matchAll(/\bm\('([^']+)'/g)].map((x) => x[1]);
  const templated = [...source.matchAll(/\bm\(`([^`$]+)\$\{/g)].map((x) => x[1].replace(/\.$/, ''));

  it('uses keys, and each one is a message in Bahasa Indonesia and English', () => {
    expect(fixed.length).toBeGreaterThan(20);
    for (const messages of [id, en]) expect(fixed.filter((k) => typeof lookup(messages, k) !== 'string')).toEqual([]);
  });

  it('builds keys only under groups that exist in both languages', () => {
    expect(templated.length).toBeGreaterThan(0);
    for (const messages of [id, en]) expect(templated.filter((k) => typeof lookup(messages, k) !== 'object')).toEqual([]);
  });
});
