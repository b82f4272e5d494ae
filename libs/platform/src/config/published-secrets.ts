import { createHash } from 'node:crypto';

/**
 * SHA-256 digests of secrets that are public because they were written in Tenggat's source:
 * the former development default of JWT_SECRET and the test suite's. Anyone can sign tokens
 * with them, so they are refused outside NODE_ENV=test. Only digests are kept here, so the
 * values themselves no longer ship.
 */
const PUBLISHED_SHA256 = new Set([
  'e1d31fef6ca8dbf559ee5249027d2084a9e242bcade5f127112b1c2c9097c887',
  '4202b2f0efdad0b6bb8b26a327e57189386b6db61dc4286d22018d6580306e4d',
]);

export const isPublishedSecret = (secret: string): boolean => PUBLISHED_SHA256.has(createHash('sha256').update(secret).digest('hex'));
