import { createHmac, timingSafeEqual } from 'node:crypto';

/** Verifies a Tenggat webhook (Standard Webhooks). Pass the raw body, not re-serialised JSON. Throws to refuse. */
export function verifyTenggatWebhook(secret: string, headers: Record<string, string | undefined>, rawBody: string, nowMs = Date.now()): void {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (!id || !timestamp || !signatures) throw new Error('missing webhook headers');
  const ageSeconds = Math.abs(nowMs / 1000 - Number(timestamp));
  if (!(ageSeconds <= 300)) throw new Error('timestamp older (or newer) than 5 minutes: refused as a replay');
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${rawBody}`).digest();
  const valid = signatures.split(' ').some((s) => {
    const [version, value] = s.split(',');
    const given = Buffer.from(value ?? '', 'base64');
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!valid) throw new Error('no valid signature');
  // then: ignore the message if you have already processed this webhook-id (deliveries are at least once)
}
