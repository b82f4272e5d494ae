import { MigrationInterface, QueryRunner } from 'typeorm';

/** Identity: secrets an installation generates for itself (the JWT signing key when JWT_SECRET is unset). */
export class InstanceSecrets1795804000000 implements MigrationInterface {
  name = 'InstanceSecrets1795804000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "instance_secrets" (
        "name" text NOT NULL,
        "value" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_instance_secrets" PRIMARY KEY ("name")
      )
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "instance_secrets"`);
  }
}
