import en from './public.en.json';
import id from './public.id.json';

/** The public pages' messages (their own files, merged under `public`): the same keys in both languages, none empty. */
function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`]));
}
function values(o: object): string[] {
  return Object.values(o).flatMap((v) => (typeof v === 'string' ? [v] : values(v as object)));
}

describe('public page messages', () => {
  it('has the same keys in Bahasa Indonesia and English (plural forms aside), none empty', () => {
    const base = (m: object) => [...new Set(keys(m).map((k) => k.replace(/_(zero|one|two|few|many|other)$/, '')))].sort();
    expect(base(en)).toEqual(base(id));
    for (const v of [...values(en), ...values(id)]) expect(v.trim().length).toBeGreaterThan(0);
  });
});
