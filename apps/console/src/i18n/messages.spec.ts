import en from './en.json';
import id from './id.json';

/** Every message exists in both languages. */
function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

describe('console messages', () => {
  it('has the same keys in Bahasa Indonesia and English, none empty', () => {
    // plural forms differ by language (English has one and other, Indonesian only other)
    const base = (m: object) => [...new Set(keys(m).map((k) => k.replace(/_(zero|one|two|few|many|other)$/, '')))].sort();
    expect(base(en)).toEqual(base(id));
    for (const m of [id, en]) for (const [k, v] of Object.entries(flat(m))) expect([k, v.trim().length > 0]).toEqual([k, true]);
  });
});

function flat(o: object, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(o)) {
    if (typeof v === 'string') out[`${prefix}${k}`] = v;
    else if (typeof v === 'object' && v !== null) Object.assign(out, flat(v as object, `${prefix}${k}.`));
  }
  return out;
}
