import fc from 'fast-check';
import { DomainError } from '../errors/domain-error';
import { applyTextRule, checkText, jsonDepthExceeds, jsonDepthGuard, MAX_JSON_DEPTH, textFault, TextRulePipe } from './input-text';

describe('textFault', () => {
  it.each([
    ['plain text', 'Warung Kopi Budi, Jl. Merdeka No. 10'],
    ['tab, line feed, carriage return', 'a\tb\nc\r\nd'],
    ['a surrogate pair', 'clef 𝄞 and emoji 😀'],
    ['bidi controls and U+FFFD', '\u202eabc\u202c \ufffd'],
    ['the empty string', ''],
  ])('lets %s in', (_what, s) => {
    expect(textFault(s)).toBeUndefined();
  });

  it.each([
    ['U+0000', 'ab\u0000c', 'contains U+0000 (NUL) at position 2'],
    ['another C0 control', 'a\u001bb', 'contains the control character U+001B at position 1'],
    ['a lone low surrogate', 'x\udc00', 'contains a lone surrogate (U+DC00) at position 1: not well-formed Unicode'],
    ['a lone high surrogate at the end', 'x\ud800', 'contains a lone surrogate (U+D800) at position 1: not well-formed Unicode'],
    ['a high surrogate before a non-surrogate', '\ud800a', 'contains a lone surrogate (U+D800) at position 0: not well-formed Unicode'],
    ['two low surrogates', '\udc00\udc00', 'contains a lone surrogate (U+DC00) at position 0: not well-formed Unicode'],
  ])('refuses %s', (_what, s, fault) => {
    expect(textFault(s)).toBe(fault);
  });

  it('agrees with String.prototype.isWellFormed and the control-character rule on any string', () => {
    const isWellFormed = (s: string): boolean => (s as unknown as { isWellFormed(): boolean }).isWellFormed();
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 40 }), (a, b) => {
        for (const s of [a, b, a + b]) {
          const bad = !isWellFormed(s) || [...s].some((ch) => ch.charCodeAt(0) < 0x20 && !'\t\n\r'.includes(ch));
          expect(textFault(s) !== undefined).toBe(bad);
        }
      }),
    );
  });
});

describe('checkText', () => {
  it('normalises to NFC', () => {
    expect(checkText('Cafe\u0301')).toEqual({ text: 'Café' });
    expect(checkText('\ufb01')).toEqual({ text: '\ufb01' }); // NFC, not NFKC: the ligature stays
  });
});

describe('applyTextRule', () => {
  it('normalises every string and key at every depth, and keeps other values', () => {
    const at = new Date('2026-01-01T00:00:00Z');
    const { value, errors } = applyTextRule({ 'nam\u0065\u0301': 'Jose\u0301', form: { list: ['e\u0301', 1, true, null], at } });
    expect(errors).toEqual([]);
    expect(value).toEqual({ namé: 'José', form: { list: ['é', 1, true, null], at } });
  });

  it('names every field at fault by its path', () => {
    const { errors } = applyTextRule({ name: 'a\u0000', form: { items: ['ok', 'x\udc00'] }, ['k\u0001']: 1 });
    expect(errors).toEqual([
      { field: 'name', message: 'contains U+0000 (NUL) at position 1' },
      { field: 'form.items.1', message: 'contains a lone surrogate (U+DC00) at position 1: not well-formed Unicode' },
      { field: 'k\\u0001', message: 'has a name that contains the control character U+0001 at position 1' },
    ]);
  });

  it('keeps a "__proto__" member a member, never the prototype', () => {
    const parsed = JSON.parse('{"__proto__": {"admin": true}, "a": "b"}') as unknown;
    const { value } = applyTextRule(parsed);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value as object)).toEqual(['__proto__', 'a']);
    expect((value as { admin?: boolean }).admin).toBeUndefined();
  });

  it('keeps objects without a prototype (parsed query strings) without one', () => {
    const q = Object.assign(Object.create(null) as Record<string, unknown>, { agency: 'e\u0301' });
    const { value } = applyTextRule(q);
    expect(Object.getPrototypeOf(value)).toBeNull();
    expect({ ...(value as object) }).toEqual({ agency: 'é' });
  });

  it('names a top-level string by the root it is given', () => {
    expect(applyTextRule('a\u0000', 'id').errors).toEqual([{ field: 'id', message: 'contains U+0000 (NUL) at position 1' }]);
  });

  it('refuses a value nested deeper than the limit instead of recursing', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 5000; i++) deep = [deep];
    const { errors } = applyTextRule(deep);
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toBe(`is nested more than ${MAX_JSON_DEPTH} levels deep`);
  });
});

describe('jsonDepthExceeds', () => {
  it('counts brackets outside strings only', () => {
    expect(jsonDepthExceeds('{"a":[1,{"b":2}]}', 3)).toBe(false);
    expect(jsonDepthExceeds('{"a":[1,{"b":[2]}]}', 3)).toBe(true);
    expect(jsonDepthExceeds(JSON.stringify({ s: '[[[[[[{{{{{{\\"[[[[' }), 1)).toBe(false);
  });

  it('stops at the limit on a 5,000-deep body', () => {
    expect(jsonDepthExceeds('['.repeat(5000) + ']'.repeat(5000), MAX_JSON_DEPTH)).toBe(true);
    expect(jsonDepthExceeds('['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH), MAX_JSON_DEPTH)).toBe(false);
  });

  it('agrees with the real depth of any JSON value', () => {
    const depth = (v: unknown): number => (Array.isArray(v) ? 1 + Math.max(0, ...v.map(depth)) : typeof v === 'object' && v !== null ? 1 + Math.max(0, ...Object.values(v).map(depth)) : 0);
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.integer({ min: 0, max: 7 }), (v, max) => {
        expect(jsonDepthExceeds(JSON.stringify(v), max)).toBe(depth(v) > max);
      }),
    );
  });

  it('is the body parser hook: a 400 invalid error for too deep a body', () => {
    const body = Buffer.from('{"a":' + '['.repeat(40) + ']'.repeat(40) + '}');
    expect(() => jsonDepthGuard(undefined, undefined, body, 'utf-8')).toThrow(DomainError);
    expect(() => jsonDepthGuard(undefined, undefined, Buffer.from('{"a":[1]}'), 'utf-8')).not.toThrow();
  });
});

describe('TextRulePipe', () => {
  const pipe = new TextRulePipe();
  it('checks bodies, queries and params, and leaves custom arguments alone', () => {
    expect(pipe.transform({ requirement: 'e\u0301' }, { type: 'body' })).toEqual({ requirement: 'é' });
    expect(() => pipe.transform('a\u0000', { type: 'param', data: 'id' })).toThrow(expect.objectContaining({ kind: 'invalid', code: 'invalid-text' }));
    expect(pipe.transform('a\u0000', { type: 'custom' })).toBe('a\u0000');
  });
});
