import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { keyId, publicJwk, publicKeyOf, publicKeyX, signPermitFields, verifyPermitFields, type SignedPermitFields } from './permit-signature';

const FIELDS: SignedPermitFields = {
  v: 1,
  permitNumber: 'REKLAME/2026/000001',
  reference: 'REKLAME-2026-000001',
  product: 'Surat Izin Reklame',
  permitType: { code: 'reklame', name: 'Izin Penyelenggaraan Reklame', version: 1 },
  agency: { code: 'dpmptsp-kota-contoh', name: 'DPMPTSP Kota Contoh' },
  holder: 'Budi Santoso',
  permitted: 'Surat Izin Reklame: Izin Penyelenggaraan Reklame',
  issuedAt: '2026-11-30T03:00:00.000Z',
  validUntil: '2027-11-30T03:00:00.000Z',
  legalBasis: ['Perda 1/2020'],
  deemedApproval: false,
};

describe('permit signatures (Ed25519 over canonical JSON)', () => {
  const { privateKey } = generateKeyPairSync('ed25519');
  const pub = publicKeyOf(publicKeyX(privateKey));

  it('is a pure function of the fields and the key, and verifies under the published JWK', () => {
    const a = signPermitFields(FIELDS, privateKey);
    expect(signPermitFields({ ...FIELDS }, privateKey)).toEqual(a);
    expect(a).toMatchObject({ alg: 'EdDSA', kid: keyId(privateKey) });
    expect(a.value).toMatch(/^[A-Za-z0-9_-]{86}$/);
    expect(verifyPermitFields(FIELDS, a.value, pub)).toBe(true);
    expect(publicJwk(publicKeyX(privateKey), a.kid)).toMatchObject({ kty: 'OKP', crv: 'Ed25519', kid: a.kid });
  });

  it('the key id is the RFC 7638 thumbprint (RFC 8037 appendix A.3 test vector)', () => {
    const x = '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo';
    expect(keyId(publicKeyOf(x))).toBe('kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k');
  });

  it('any change to any field breaks it; key order does not', () => {
    const sig = signPermitFields(FIELDS, privateKey).value;
    const reordered = Object.fromEntries(Object.entries(FIELDS).reverse());
    expect(verifyPermitFields(reordered, sig, pub)).toBe(true);
    fc.assert(
      fc.property(fc.constantFrom(...(Object.keys(FIELDS) as (keyof SignedPermitFields)[])), fc.jsonValue(), (key, value) => {
        fc.pre(JSON.stringify(value) !== JSON.stringify(FIELDS[key]));
        expect(verifyPermitFields({ ...FIELDS, [key]: value }, sig, pub)).toBe(false);
      }),
    );
  });

  it('never throws on junk', () => {
    for (const bad of ['', 'x', '!'.repeat(86), 'A'.repeat(200)]) expect(verifyPermitFields(FIELDS, bad, pub)).toBe(false);
    expect(verifyPermitFields(undefined, signPermitFields(FIELDS, privateKey).value, pub)).toBe(false);
  });
});
