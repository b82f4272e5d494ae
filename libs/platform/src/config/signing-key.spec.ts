import { generateKeyPairSync } from 'node:crypto';
import { EnvValidationError, validateEnv } from './env.schema';
import { isEd25519PrivateKey, parseSigningKey } from './signing-key';

/** Issue 14: the permit signing key from the environment; the development key refused in production. */
describe('PERMIT_SIGNING_KEY', () => {
  const ed = generateKeyPairSync('ed25519').privateKey;
  const pem = ed.export({ format: 'pem', type: 'pkcs8' }).toString();
  const der = ed.export({ format: 'der', type: 'pkcs8' });

  it('takes PKCS#8 PEM (also with literal \\n for one-line env files) and base64 / base64url DER', () => {
    for (const text of [pem, pem.replace(/\n/g, '\\n'), der.toString('base64'), der.toString('base64url')]) {
      expect(isEd25519PrivateKey(text)).toBe(true);
      expect(parseSigningKey(text).export({ format: 'jwk' })).toEqual(ed.export({ format: 'jwk' }));
    }
  });

  it('refuses RSA keys, public keys and junk, without echoing the value', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const pub = generateKeyPairSync('ed25519').publicKey.export({ format: 'pem', type: 'spki' }).toString();
    for (const bad of [rsa, pub, 'not-a-key', 'AAAA']) {
      expect(isEd25519PrivateKey(bad)).toBe(false);
      expect(() => validateEnv({ PERMIT_SIGNING_KEY: bad })).toThrow(/PERMIT_SIGNING_KEY: must be an Ed25519 private key \(PKCS#8 PEM, or its DER in base64\)$/m);
      try {
        validateEnv({ PERMIT_SIGNING_KEY: bad });
      } catch (e) {
        expect((e as Error).message).not.toContain(bad.slice(0, 20));
      }
    }
  });

  it('is optional outside production (a development key is generated) and required in production', () => {
    expect(validateEnv({}).PERMIT_SIGNING_KEY).toBeUndefined();
    expect(validateEnv({ PERMIT_SIGNING_KEY: '  ' }).PERMIT_SIGNING_KEY).toBeUndefined();
    expect(() => validateEnv({ NODE_ENV: 'production' })).toThrow(EnvValidationError);
    expect(() => validateEnv({ NODE_ENV: 'production', PERMIT_SIGNING_KEY: '' })).toThrow(/PERMIT_SIGNING_KEY: must be set in production \(the development key generated on first start is refused\)/);
    expect(validateEnv({ NODE_ENV: 'production', PERMIT_SIGNING_KEY: pem }).PERMIT_SIGNING_KEY).toBe(pem);
  });

  it('PUBLIC_BASE_URL is an http(s) URL without query or fragment', () => {
    expect(validateEnv({}).PUBLIC_BASE_URL).toBe('http://localhost:3000');
    expect(validateEnv({ PUBLIC_BASE_URL: 'https://izin.contoh.go.id/tenggat' }).PUBLIC_BASE_URL).toBe('https://izin.contoh.go.id/tenggat');
    for (const bad of ['izin.contoh.go.id', 'ftp://x', 'https://x/?a=1', 'https://x/#f']) expect(() => validateEnv({ PUBLIC_BASE_URL: bad })).toThrow(/PUBLIC_BASE_URL/);
  });
});
