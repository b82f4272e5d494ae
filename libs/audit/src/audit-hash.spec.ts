import { canonicalJson, GENESIS_HASH, hashEvent, HashedFields, toJsonValue } from './audit-hash';

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
});

describe('toJsonValue', () => {
  it('turns what jsonb cannot keep into what it gives back', () => {
    expect(toJsonValue({ at: new Date('2026-01-01T00:00:00Z'), gone: undefined })).toEqual({ at: '2026-01-01T00:00:00.000Z' });
    expect(toJsonValue(undefined)).toBeNull();
  });
});

describe('hashEvent', () => {
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
