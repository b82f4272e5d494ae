import { NotCanonicalizable } from '@tenggat/canonical-json';
import fc from 'fast-check';
import { canonicalJson, chainLinks, GENESIS_HASH, hashEvent, HashedFields, storableText, toJsonValue } from './audit-hash';

const base: HashedFields = {
  stream: 'case:5f0c7a4e-1b1d-4c8e-9a7e-2f4d8b6c1a00',
  streamSeq: 1,
  occurredAt: new Date('2026-03-02T01:02:03.456Z'),
  actorId: null,
  actorRole: 'system',
  action: 'submitted',
  entityType: 'case',
  entityId: '5f0c7a4e-1b1d-4c8e-9a7e-2f4d8b6c1a00',
  caseId: '5f0c7a4e-1b1d-4c8e-9a7e-2f4d8b6c1a00',
  before: null,
  after: { state: 'submitted', n: 1 },
  comment: null,
  data: null,
  requestId: 'req-1',
  prevHash: GENESIS_HASH,
};

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined properties', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it('gives the same text whatever the key order', () => {
    expect(canonicalJson({ x: 1, y: [1, 2] })).toBe(canonicalJson({ y: [1, 2], x: 1 }));
  });

  it('prints null for null and undefined', () => {
    expect(canonicalJson(null)).toBe('null');
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('reads every value the way JSON.stringify does', () => {
    const value = {
      at: new Date('2026-01-01T00:00:00Z'),
      nan: NaN,
      inf: -Infinity,
      zero: -0,
      big: 1e21,
      fn: () => 1,
      sym: Symbol('s'),
      list: [undefined, () => 1, NaN, new String('s'), new Number(2), new Boolean(false)],
      text: 'Café "q" \\ \n\t\u001f ✓ 𝄞',
    };
    expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
    expect(canonicalJson(new Date('2026-01-01T00:00:00Z'))).toBe('"2026-01-01T00:00:00.000Z"');
    expect(canonicalJson(() => 1)).toBe('null');
  });

  it('takes text as Postgres stores it: a lone surrogate is U+FFFD, in values and keys', () => {
    expect(canonicalJson('a\udc00b')).toBe(canonicalJson('a\ufffdb'));
    expect(canonicalJson('\ud800')).toBe('"\ufffd"');
    expect(canonicalJson({ 'k\ud800': ['\udc00x\ud800'] })).toBe('{"k\ufffd":["\ufffdx\ufffd"]}');
    expect(canonicalJson('𝄞')).toBe('"𝄞"'); // a proper pair stays
    // two keys equal once stored: the later one wins, as in jsonb
    expect(canonicalJson({ 'a\udc00': 1, 'a\ufffd': 2 })).toBe('{"a\ufffd":2}');
  });

  it('refuses a bigint, which has no JSON form', () => {
    expect(() => canonicalJson({ n: BigInt(1) })).toThrow(NotCanonicalizable);
  });
});

describe('storableText', () => {
  it('keeps well-formed text as it is and stores lone surrogates as U+FFFD', () => {
    expect(storableText('Warung Kopi Budi ✓ 𝄞', 'comment')).toBe('Warung Kopi Budi ✓ 𝄞');
    expect(storableText('x\udc00', 'comment')).toBe('x\ufffd');
  });

  it('refuses U+0000, which Postgres cannot store', () => {
    expect(() => storableText('a\u0000b', 'comment')).toThrow('audit: comment contains U+0000');
  });
});

describe('toJsonValue', () => {
  it('turns what jsonb cannot keep into what it gives back', () => {
    expect(toJsonValue({ at: new Date('2026-01-01T00:00:00Z'), gone: undefined })).toEqual({ at: '2026-01-01T00:00:00.000Z' });
    expect(toJsonValue(undefined)).toBeNull();
    expect(toJsonValue({ s: 'x\udc00', [`k\ud800`]: 1 })).toEqual({ s: 'x\ufffd', 'k\ufffd': 1 });
  });

  it('refuses U+0000 in a value or a key, which jsonb cannot store', () => {
    expect(() => toJsonValue({ a: ['x\u0000'] }, 'after')).toThrow('audit: after contains U+0000');
    expect(() => toJsonValue({ 'k\u0000': 1 }, 'data')).toThrow('audit: data has a key containing U+0000');
  });

  it('hashes what it stores: the hash of the stored value equals the hash of the input', () => {
    const input = { d: 'x\udc00', at: new Date('2026-01-01T00:00:00Z') };
    expect(canonicalJson(toJsonValue(input))).toBe(canonicalJson(input));
  });
});

describe('hashEvent', () => {
  it('keeps the hash of every event that could be stored before (existing chains still verify)', () => {
    // computed by the implementation before text was normalised: must never change
    expect(hashEvent(base)).toBe('6c6b326a6718b2c2160170ef05d94553728635fdcc745837f4800a43f22e4aa7');
    expect(
      hashEvent({
        ...base,
        comment: 'Café ✓ 𝄞 "q" \\ \n\t',
        after: { é: [1.5, -0, 1e21, true, null, 'ü'], z: { y: 'x' } },
        data: { ok: false },
      }),
    ).toBe('aa8714ba5c1334ec903c358e09bb6ca92387a695b5ddd609ba82568dd5f632c5');
  });

  it('hashes a lone surrogate as the U+FFFD that Postgres stores for it', () => {
    expect(hashEvent({ ...base, comment: 'rusak \udc00' })).toBe(hashEvent({ ...base, comment: 'rusak \ufffd' }));
  });

  it('is a 64-hex sha256, stable for equal content', () => {
    const h = hashEvent(base);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(hashEvent({ ...base, after: { n: 1, state: 'submitted' } })).toBe(h);
  });

  it.each<[string, Partial<HashedFields>]>([
    ['stream', { stream: 'identity' }],
    ['streamSeq', { streamSeq: 2 }],
    ['occurredAt', { occurredAt: new Date('2026-03-02T01:02:03.457Z') }],
    ['actorId', { actorId: '00000000-0000-4000-8000-000000000000' }],
    ['actorRole', { actorRole: 'verifier' }],
    ['action', { action: 'approved' }],
    ['entityType', { entityType: 'document' }],
    ['entityId', { entityId: 'x' }],
    ['caseId', { caseId: null }],
    ['before', { before: {} }],
    ['after', { after: { state: 'approved', n: 1 } }],
    ['comment', { comment: 'ok' }],
    ['data', { data: { a: 1 } }],
    ['requestId', { requestId: null }],
    ['prevHash', { prevHash: 'f'.repeat(64) }],
  ])('changes when %s changes', (_field, change) => {
    expect(hashEvent({ ...base, ...change })).not.toBe(hashEvent(base));
  });
});

describe('chainLinks (a batch of appends at once)', () => {
  const { streamSeq: _seq, prevHash: _prev, ...unlinked } = base;
  const entry = (stream: string, n: number): Omit<HashedFields, 'streamSeq' | 'prevHash'> => ({ ...unlinked, stream, data: { n } });

  it('writes exactly the links one-by-one appends would, interleaved streams and existing tips included', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('case:a', 'case:b', 'case:c'), { maxLength: 30 }), fc.boolean(), (streams, withTip) => {
        const entries = streams.map((s, i) => entry(s, i));
        const tips = new Map(withTip ? [['case:b', { streamSeq: 7, hash: 'f'.repeat(64) }]] : []);
        const links = chainLinks(entries, tips);
        // the same, one append at a time, each reading the stream's last link
        const last = new Map(tips);
        for (const [i, e] of entries.entries()) {
          const prev = last.get(e.stream);
          const fields: HashedFields = { ...e, streamSeq: prev ? prev.streamSeq + 1 : 1, prevHash: prev ? prev.hash : GENESIS_HASH };
          const hash = hashEvent(fields);
          expect(links[i]).toEqual({ fields, hash });
          last.set(e.stream, { streamSeq: fields.streamSeq, hash });
        }
      }),
    );
  });

  it('continues a stream from its last link and starts an empty one at the genesis', () => {
    const [a1, b1, a2] = chainLinks([entry('case:a', 1), entry('case:b', 2), entry('case:a', 3)], new Map([['case:a', { streamSeq: 4, hash: 'e'.repeat(64) }]]));
    expect([a1.fields.streamSeq, a1.fields.prevHash]).toEqual([5, 'e'.repeat(64)]);
    expect([b1.fields.streamSeq, b1.fields.prevHash]).toEqual([1, GENESIS_HASH]);
    expect([a2.fields.streamSeq, a2.fields.prevHash]).toEqual([6, a1.hash]);
  });
});
