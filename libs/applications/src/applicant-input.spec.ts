import { DomainError } from '@tenggat/platform';
import fc from 'fast-check';
import { isStorableText, MAX_VERSION, parseIfMatch } from './applications.dto';
import { mergeForm } from './applications.service';
import { cleanFileName } from './documents.service';

describe('parseIfMatch', () => {
  it('reads a version from the body first, else from If-Match in its usual spellings', () => {
    expect(parseIfMatch('7', 3)).toBe(3);
    expect(parseIfMatch(undefined)).toBeUndefined();
    expect(parseIfMatch('*')).toBeUndefined();
    expect(parseIfMatch('4')).toBe(4);
    expect(parseIfMatch('"4"')).toBe(4);
    expect(parseIfMatch('W/"4"')).toBe(4);
    expect(parseIfMatch(String(MAX_VERSION))).toBe(MAX_VERSION);
  });

  it('refuses anything else with a 400 that names If-Match', () => {
    for (const bad of ['', 'abc', '0', '-1', '1.5', '1e3', String(MAX_VERSION + 1), '99999999999', 'W/4x', '4, 5']) {
      let thrown: unknown;
      try {
        parseIfMatch(bad);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(DomainError);
      expect((thrown as DomainError).kind).toBe('invalid');
      expect((thrown as DomainError).details).toEqual({ errors: [expect.objectContaining({ field: 'If-Match' })] });
    }
  });
});

describe('isStorableText', () => {
  it('accepts well-formed text, astral characters included, and refuses NUL and lone surrogates', () => {
    expect(isStorableText('')).toBe(true);
    expect(isStorableText('Gedung 🏢 Jl. Merdeka')).toBe(true);
    expect(isStorableText('a\u0000b')).toBe(false);
    expect(isStorableText('\ud800')).toBe(false);
    expect(isStorableText('x\udc00')).toBe(false);
    expect(isStorableText('\ud83c')).toBe(false);
    expect(isStorableText('\udfe2\ud83c')).toBe(false);
  });

  it('agrees with what survives a round trip through UTF-8, for any code units', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const wellFormed = Buffer.from(s, 'utf8').toString('utf8') === s;
        expect(isStorableText(s)).toBe(wellFormed && !s.includes('\u0000'));
      }),
    );
  });
});

describe('cleanFileName', () => {
  it('keeps ordinary names, UTF-8 included', () => {
    expect(cleanFileName('sertifikat tanah.pdf', 'x')).toBe('sertifikat tanah.pdf');
    expect(cleanFileName('gambar-ñ-🏢.pdf', 'x')).toBe('gambar-ñ-🏢.pdf');
  });

  it('drops what Postgres, headers or a screen would choke on, and falls back when nothing is left', () => {
    expect(cleanFileName('a\u0000b\u0007"c\r\n\u202egpj.pdf', 'x')).toBe('abcgpj.pdf');
    expect(cleanFileName('../../etc/passwd', 'x')).toBe('....etcpasswd');
    expect(cleanFileName('\ud800.pdf', 'x')).toBe('.pdf');
    expect(cleanFileName(' \u0000 ', 'site-plan')).toBe('site-plan');
    expect(cleanFileName('..', 'site-plan')).toBe('site-plan');
  });

  it('never yields more than 255 code units nor a broken surrogate pair', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (s) => {
        const out = cleanFileName(s, 'fallback');
        expect(out.length).toBeGreaterThan(0);
        expect(out.length).toBeLessThanOrEqual(255);
        expect(isStorableText(out)).toBe(true);
      }),
    );
  });
});

describe('mergeForm (JSON merge patch of a flat form)', () => {
  it('replaces the fields sent, removes those sent as null, keeps the rest', () => {
    expect(mergeForm({ a: 1, b: 'x', c: true }, { b: 'y', c: null, d: 2 })).toEqual({ a: 1, b: 'y', d: 2 });
    expect(mergeForm({ a: 1 }, {})).toEqual({ a: 1 });
  });

  it('does not change the stored form', () => {
    const stored = { a: 1 };
    mergeForm(stored, { a: null });
    expect(stored).toEqual({ a: 1 });
  });
});
