import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { entityFromRow } from '@tenggat/platform';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { DocumentEntity } from './document.entity';

/** The one owner of the `documents` table. Replaced versions are kept (they are evidence). */
@Injectable()
export class DocumentRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The current document of each requirement, by requirement. */
  async currentOf(caseId: string, m: EntityManager = this.db.manager): Promise<DocumentEntity[]> {
    return m.find(DocumentEntity, { where: { applicationId: caseId, supersededAt: IsNull() }, order: { requirementCode: 'ASC' } });
  }

  /** `currentOf` as a subselect (one jsonb array) of the case `caseIdSql` names, for a read of the case with its parts; `fromJson` makes the entities. */
  currentOfJsonSql(caseIdSql: string): string {
    return `(SELECT COALESCE(jsonb_agg(to_jsonb(d) ORDER BY d.requirement_code), '[]'::jsonb) FROM documents d WHERE d.application_id = ${caseIdSql} AND d.superseded_at IS NULL)`;
  }

  fromJson(rows: readonly Record<string, unknown>[]): DocumentEntity[] {
    return rows.map((r) => entityFromRow(this.db, DocumentEntity, r));
  }

  /** Every version of every document, oldest first. */
  async allOf(caseId: string): Promise<DocumentEntity[]> {
    return this.db.manager.find(DocumentEntity, { where: { applicationId: caseId }, order: { uploadedAt: 'ASC' } });
  }

  async byId(caseId: string, documentId: string): Promise<DocumentEntity | null> {
    return this.db.manager.findOneBy(DocumentEntity, { id: documentId, applicationId: caseId });
  }

  async versionsOf(m: EntityManager, caseId: string, requirementCode: string): Promise<number> {
    return m.countBy(DocumentEntity, { applicationId: caseId, requirementCode });
  }

  /** Bytes of every version of every document of the case. */
  async bytesOf(caseId: string, m: EntityManager = this.db.manager): Promise<number> {
    return Number((await m.sum(DocumentEntity, 'sizeBytes', { applicationId: caseId })) ?? 0);
  }

  /** Stores a new version of a requirement's document; the current one (answered) is superseded at `at`. */
  async replace(m: EntityManager, doc: Omit<DocumentEntity, 'id' | 'supersededAt'>): Promise<{ saved: DocumentEntity; previous: DocumentEntity | null }> {
    const previous = await m.findOneBy(DocumentEntity, { applicationId: doc.applicationId, requirementCode: doc.requirementCode, supersededAt: IsNull() });
    if (previous) await m.update(DocumentEntity, { id: previous.id }, { supersededAt: doc.uploadedAt });
    const saved = await m.save(m.create(DocumentEntity, { ...doc, supersededAt: null }));
    return { saved, previous };
  }
}
