import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Access codes at rest (issue 10). They were stored as an unsalted SHA-256 of the code, and the
 * whole submission receipt, plaintext code included, was remembered for Idempotency-Key replays.
 * This salts every stored hash per case, `s1$<salt hex>$<SHA-256(salt || old hash) hex>` (what
 * the application computes from a code: see libs/applications/src/access-code.ts), and removes
 * the code from remembered receipts (their `trackUrl` loses its `?code=`). Data only, written
 * by hand; the drift check sees no schema change.
 *
 * Irreversible: the codes are not known, so `down` leaves the salted hashes and the trimmed
 * receipts as they are (code from before this migration cannot read the salted form).
 */
export class HashAccessCodes1795804200000 implements MigrationInterface {
  name = 'HashAccessCodes1795804200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      UPDATE "applications" a
         SET "access_code_hash" = 's1$' || encode(s.salt, 'hex') || '$' || encode(sha256(s.salt || decode(a."access_code_hash", 'hex')), 'hex')
        FROM (SELECT "id", decode(replace(gen_random_uuid()::text, '-', ''), 'hex') AS salt
                FROM "applications"
               WHERE "access_code_hash" ~ '^[0-9a-f]{64}$') s
       WHERE a."id" = s."id"`);
    await queryRunner.query(
      `UPDATE "idempotency_keys"
          SET "response" = ("response" - 'accessCode')
                || jsonb_build_object('accessCodeNote', $1::text)
                || CASE WHEN jsonb_typeof("response" -> 'trackUrl') = 'string'
                        THEN jsonb_build_object('trackUrl', split_part("response" ->> 'trackUrl', '?', 1))
                        ELSE '{}'::jsonb END
        WHERE "scope" LIKE 'submit:%' AND jsonb_typeof("response") = 'object' AND "response" ? 'accessCode'`,
      [
        'The access code is shown only once, in the first answer to this submission, and is stored only as a hash; this repeated answer cannot contain it.',
      ],
    );
  }

  public async down(): Promise<void> {
    // irreversible (see above)
  }
}
