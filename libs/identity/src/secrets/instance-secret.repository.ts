import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';

/** The name of the generated JWT signing key in `instance_secrets`. */
export const JWT_SECRET_NAME = 'jwt-signing-key';

/** 48 random bytes, base64url: 64 characters. */
export const generateSecret = (): string => randomBytes(48).toString('base64url');

/**
 * The installation's secret called `name`, generated on first use. Two processes starting at
 * once both try to insert; the first insert wins and both read back the same value.
 */
export async function instanceSecret(db: DataSource, name: string, generate: () => string = generateSecret): Promise<string> {
  await db.query(`INSERT INTO instance_secrets (name, value, created_at) VALUES ($1, $2, now()) ON CONFLICT (name) DO NOTHING`, [
    name,
    generate(),
  ]);
  const rows = await db.query<{ value: string }[]>(`SELECT value FROM instance_secrets WHERE name = $1`, [name]);
  if (!rows[0]) throw new Error(`instance secret "${name}" could neither be stored nor read back`);
  return rows[0].value;
}
