import { MigrationInterface, QueryRunner } from "typeorm";

export class PermitSignatures1796031232711 implements MigrationInterface {
    name = 'PermitSignatures1796031232711'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "permit_signing_keys" (
                "kid" text NOT NULL,
                "public_key" text NOT NULL,
                "origin" text NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_6b4536bf0f2d14c0cd74e59d377" PRIMARY KEY ("kid")
            )
        `);
        await queryRunner.query(`
            ALTER TABLE "permits"
            ADD "signed_fields" jsonb
        `);
        await queryRunner.query(`
            ALTER TABLE "permits"
            ADD "signature" jsonb
        `);
        await queryRunner.query(`
            ALTER TABLE "permits"
            ADD "revoked_at" TIMESTAMP WITH TIME ZONE
        `);
        await queryRunner.query(`
            ALTER TABLE "permits"
            ADD "revocation_reason" text
        `);
        await queryRunner.query(`
            ALTER TABLE "permits"
            ADD "revoked_by" uuid
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "permits" DROP COLUMN "revoked_by"
        `);
        await queryRunner.query(`
            ALTER TABLE "permits" DROP COLUMN "revocation_reason"
        `);
        await queryRunner.query(`
            ALTER TABLE "permits" DROP COLUMN "revoked_at"
        `);
        await queryRunner.query(`
            ALTER TABLE "permits" DROP COLUMN "signature"
        `);
        await queryRunner.query(`
            ALTER TABLE "permits" DROP COLUMN "signed_fields"
        `);
        await queryRunner.query(`
            DROP TABLE "permit_signing_keys"
        `);
    }

}
