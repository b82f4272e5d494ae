import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The case keeps its last deficiency notice (when, which documents, and the document each had
 * then), so a resubmission can wait until each named document was uploaded anew. Open cases
 * noticed before get theirs back from the audit record of the notice.
 */
export class DeficiencyNoticeDocuments1796043152962 implements MigrationInterface {
    name = 'DeficiencyNoticeDocuments1796043152962'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "applications"
            ADD "last_deficiency_notice" jsonb
        `);
        await queryRunner.query(`
            UPDATE applications a
               SET last_deficiency_notice = jsonb_build_object(
                     'sentAt', to_char(n.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                     'documents', (SELECT COALESCE(jsonb_agg(jsonb_build_object('requirement', r.code, 'documentId', (
                                       SELECT d.id FROM documents d
                                        WHERE d.application_id = a.id AND d.requirement_code = r.code AND d.uploaded_at <= n.occurred_at
                                          AND (d.superseded_at IS NULL OR d.superseded_at > n.occurred_at)
                                        ORDER BY d.uploaded_at DESC LIMIT 1)) ORDER BY r.ord), '[]'::jsonb)
                                     FROM jsonb_array_elements_text(n.data -> 'missingDocuments') WITH ORDINALITY AS r(code, ord)))
              FROM (SELECT DISTINCT ON (e.case_id) e.case_id, e.occurred_at, e.data
                      FROM audit_events e
                     WHERE e.case_id IS NOT NULL AND jsonb_typeof(e.data -> 'missingDocuments') = 'array'
                     ORDER BY e.case_id, e.seq DESC) n
             WHERE n.case_id = a.id AND a.status = 'open' AND a.deficiency_notices > 0
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "applications" DROP COLUMN "last_deficiency_notice"
        `);
    }

}
