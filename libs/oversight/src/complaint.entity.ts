import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** The Ombudsman RI's maladministration categories (UU 37/2008 art. 1(3)). */
export const COMPLAINT_CATEGORIES = [
  'undue-delay',
  'deviation-from-procedure',
  'failure-to-serve',
  'request-for-illegal-payment',
  'incompetence',
  'abuse-of-authority',
  'discrimination',
  'conflict-of-interest',
  'partiality',
  'impropriety',
] as const;
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];

export const COMPLAINT_STATUSES = ['received', 'under-review', 'substantiated', 'unsubstantiated', 'closed'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

/** An applicant's complaint about their own case, handled by the ombudsman. */
@Entity('complaints')
@Index('idx_complaints_application', ['applicationId', 'createdAt'])
@Index('idx_complaints_agency', ['agencyCode', 'createdAt'])
export class ComplaintEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'application_id' })
  applicationId: string;

  @Column('uuid', { name: 'applicant_id' })
  applicantId: string;

  @Column('text', { name: 'agency_code' })
  agencyCode: string;

  @Column('text')
  category: ComplaintCategory;

  @Column('text')
  description: string;

  @Column('text')
  status: ComplaintStatus;

  @Column('text', { nullable: true })
  findings: string | null;

  @Column('uuid', { name: 'handled_by', nullable: true })
  handledBy: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;
}
