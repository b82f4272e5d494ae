import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** An uploaded file for one requirement of a case; content stored once by SHA-256. */
@Entity('documents')
@Index('idx_documents_application', ['applicationId', 'requirementCode'])
@Index('idx_documents_current', ['applicationId', 'requirementCode'], { unique: true, where: 'superseded_at IS NULL' })
export class DocumentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'application_id' })
  applicationId: string;

  @Column('text', { name: 'requirement_code' })
  requirementCode: string;

  @Column('text', { name: 'file_name' })
  fileName: string;

  @Column('text', { name: 'media_type' })
  mediaType: string;

  @Column('int', { name: 'size_bytes' })
  sizeBytes: number;

  @Column('char', { length: 64 })
  sha256: string;

  @Column('uuid', { name: 'uploaded_by' })
  uploadedBy: string;

  @Column('timestamptz', { name: 'uploaded_at' })
  uploadedAt: Date;

  @Column('timestamptz', { name: 'superseded_at', nullable: true })
  supersededAt: Date | null;
}
