import { createPrivateKey, type KeyObject } from 'node:crypto';

/**
 * The permit signing key as configured: PKCS#8 PEM (a literal `\n` may stand for each line break,
 * as one-line environment files need) or the PKCS#8 DER in base64 / base64url.
 */
export function parseSigningKey(text: string): KeyObject {
  const trimmed = text.trim();
  if (trimmed.includes('-----BEGIN')) return createPrivateKey({ key: trimmed.replace(/\\n/g, '\n'), format: 'pem' });
  return createPrivateKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'pkcs8' });
}

export function isEd25519PrivateKey(text: string): boolean {
  try {
    return parseSigningKey(text).asymmetricKeyType === 'ed25519';
  } catch {
    return false;
  }
}
