import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from '@tenggat/canonical-json';

/**
 * What a permit says, as signed. Everything a bank or a notary checks is here; nothing personal
 * beyond the holder's name, which is printed on the permit itself. Pure data: the signature is over
 * `canonicalJson(fields)` (keys sorted, no whitespace), so any change to any field breaks it.
 */
export interface SignedPermitFields {
  /** The layout of these fields; a new layout gets a new number, old permits keep verifying. */
  v: 1;
  permitNumber: string;
  /** The case reference (`REKLAME-2026-000001`). */
  reference: string | null;
  /** The product the service standard names (`Surat Izin Reklame`). */
  product: string;
  permitType: { code: string; name: string; version: number | null };
  agency: { code: string; name: string };
  /** The holder's name as registered. */
  holder: string;
  /** What the permit allows, in words. */
  permitted: string;
  issuedAt: string;
  validUntil: string | null;
  legalBasis: string[];
  /** Issued by operation of law (fiktif positif) when the agency stayed silent past the deadline. */
  deemedApproval: boolean;
}

/** A detached Ed25519 signature over the canonical JSON of the fields, with the id of its key. */
export interface PermitSignature {
  alg: 'EdDSA';
  kid: string;
  /** base64url of the 64 signature bytes. */
  value: string;
}

/** An Ed25519 public key as a JSON Web Key (RFC 8037), with its key id. */
export interface PermitPublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
}

/** The bytes that are signed: the canonical JSON of the fields, UTF-8. */
export const signedBytes = (fields: unknown): Buffer => Buffer.from(canonicalJson(fields), 'utf8');

/** The raw 32-byte public key, base64url (the JWK `x`). */
export function publicKeyX(key: KeyObject): string {
  const jwk = (key.type === 'public' ? key : createPublicKey(key)).export({ format: 'jwk' });
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new Error('not an Ed25519 key');
  return jwk.x;
}

/** The key id: the RFC 7638 JWK thumbprint (SHA-256, base64url), so the same key always has the same id. */
export function keyId(key: KeyObject): string {
  const x = publicKeyX(key);
  return createHash('sha256').update(`{"crv":"Ed25519","kty":"OKP","x":"${x}"}`).digest('base64url');
}

export const publicJwk = (x: string, kid: string): PermitPublicJwk => ({ kty: 'OKP', crv: 'Ed25519', x, kid, alg: 'EdDSA', use: 'sig' });

/** The public key of a JWK `x`. */
export const publicKeyOf = (x: string): KeyObject => createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });

/** Signs the fields with the private key: a pure function of the two (Ed25519 is deterministic). */
export function signPermitFields(fields: SignedPermitFields, privateKey: KeyObject, kid: string = keyId(privateKey)): PermitSignature {
  return { alg: 'EdDSA', kid, value: sign(null, signedBytes(fields), privateKey).toString('base64url') };
}

/** True when `value` is the signature of exactly these fields under this public key. Never throws. */
export function verifyPermitFields(fields: unknown, value: string, publicKey: KeyObject): boolean {
  try {
    if (!/^[A-Za-z0-9_-]{86}$/.test(value)) return false;
    return verify(null, signedBytes(fields), publicKey, Buffer.from(value, 'base64url'));
  } catch {
    return false;
  }
}
