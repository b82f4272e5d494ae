import fc from 'fast-check';
import { canonicalJson } from './canonical-json';

describe('canonicalJson (the one used by audit chains and permit-type versions)', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1], c: null, e: undefined } })).toBe('{"a":{"c":null,"d":[3,1]},"b":1}');
  });
  it('writes -0 as 0 and non-finite numbers as null', () => {
    expect(canonicalJson({ a: -0, b: NaN, c: Infinity })).toBe('{"a":0,"b":null,"c":null}');
  });
  it('is JSON.stringify with sorted keys for plain JSON values (so stored hashes keep verifying)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(JSON.parse(canonicalJson(v))).toEqual(JSON.parse(JSON.stringify(v) ?? 'null'));
      }),
    );
  });
  it('gives the same text whatever the key order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (o) => {
        const reversed = Object.fromEntries(Object.entries(o).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(o));
      }),
    );
  });
});
