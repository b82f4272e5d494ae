import migrationsEn from './migrations.en.json';
import migrationsId from './migrations.id.json';
import oversightEn from './oversight.en.json';
import oversightId from './oversight.id.json';
import portalEn from './portal.en.json';
import portalId from './portal.id.json';

function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`]));
}
const base = (m: object): string[] => [...new Set(keys(m).map((k) => k.replace(/_(zero|one|two|few|many|other)$/, '')))].sort();
const values = (o: object): string[] => Object.values(o).flatMap((v) => (typeof v === 'string' ? [v] : typeof v === 'object' && v !== null ? values(v as object) : []));

describe.each([
  ['oversight', oversightId, oversightEn],
  ['portal', portalId, portalEn],
  ['migrations', migrationsId, migrationsEn],
])('the %s messages', (_ns, id, en) => {
  it('have the same keys in Bahasa Indonesia and English, none empty', () => {
    expect(base(en)).toEqual(base(id));
    for (const m of [id, en]) expect(values(m).filter((v) => v.trim() === '')).toEqual([]);
  });
});

it('name all 10 maladministration categories in both languages', () => {
  for (const m of [oversightId, oversightEn]) expect(Object.keys(m.categories)).toHaveLength(10);
});
