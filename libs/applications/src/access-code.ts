import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The access code that lets anyone the applicant tells follow a case publicly. It is shown once,
 * on the submission receipt, and stored only as a salted hash:
 * `s1$<salt, 16 bytes hex>$<SHA-256(salt || SHA-256(code)) hex>`. The inner SHA-256 is the form
 * codes were once stored in, so a migration could salt those without knowing the codes.
 */
const ACCESS_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const STORED = /^s1\$([0-9a-f]{32})\$([0-9a-f]{64})$/;

/** Ten characters from an alphabet without look-alikes (no I, O, 0, 1): 50 bits. */
export function newAccessCode(): string {
  return [...randomBytes(10)].map((b) => ACCESS_ALPHABET[b % ACCESS_ALPHABET.length]).join('');
}

/** Codes are read case-insensitively and without surrounding blanks. */
const normalized = (code: string): string => code.trim().toUpperCase();

const digest = (salt: Buffer, code: string): Buffer =>
  createHash('sha256').update(salt).update(createHash('sha256').update(normalized(code)).digest()).digest();

/** What is stored for a code: a fresh salt and the salted hash. */
export function hashAccessCode(code: string, salt: Buffer = randomBytes(16)): string {
  return `s1$${salt.toString('hex')}$${digest(salt, code).toString('hex')}`;
}

/** Whether `code` is the one `stored` was made from (in constant time); false for anything not in the stored form. */
export function verifyAccessCode(code: string, stored: string | null | undefined): boolean {
  const m = stored ? STORED.exec(stored) : null;
  if (!m) return false;
  return timingSafeEqual(digest(Buffer.from(m[1], 'hex'), code), Buffer.from(m[2], 'hex'));
}
