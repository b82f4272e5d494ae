import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Page, PageQuery, pageOf } from '@tenggat/platform';
import { DataSource } from 'typeorm';

/** One permit under post-issuance supervision. */
export interface SupervisionRow {
  id: string;
  reference: string | null;
  permitType: string;
  permitNumber: string;
  issuedAt: string;
  deemedApproval: boolean;
  submittedAt: string | null;
  statutoryDeadline: string | null;
  breachedAt: string | null;
}

interface Raw {
  id: string;
  reference: string | null;
  permit_type_code: string;
  permit_number: string;
  issued_at: Date;
  deemed_approval: boolean;
  submitted_at: Date | null;
  statutory_deadline_at: Date | null;
  breached_at: Date | null;
}

/**
 * Post-issuance supervision, a report over cases and their permits: an agency's permits issued
 * by deemed approval (fiktif positif), which its supervisors must check after the fact. Newest first.
 */
@Injectable()
export class SupervisionReadModel {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async page(agency: string | null, q: PageQuery): Promise<Page<SupervisionRow>> {
    const where = 'a.agency_code = $1 AND a.post_issuance_supervision';
    const [rows, counted] = await Promise.all([
      this.db.query<Raw[]>(
        `SELECT a.id, a.reference, a.permit_type_code, p.permit_number, p.issued_at, p.deemed_approval, a.submitted_at,
                a.statutory_deadline_at, a.breached_at
           FROM applications a JOIN permits p ON p.application_id = a.id
          WHERE ${where}
          ORDER BY p.issued_at DESC, a.id
          LIMIT $2 OFFSET $3`,
        [agency, q.pageSize, q.offset],
      ),
      this.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM applications a WHERE ${where}`, [agency]),
    ]);
    const iso = (d: Date | null): string | null => d?.toISOString() ?? null;
    const items = rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      permitType: r.permit_type_code,
      permitNumber: r.permit_number,
      issuedAt: r.issued_at.toISOString(),
      deemedApproval: r.deemed_approval,
      submittedAt: iso(r.submitted_at),
      statutoryDeadline: iso(r.statutory_deadline_at),
      breachedAt: iso(r.breached_at),
    }));
    return pageOf(items, counted[0]?.n ?? 0, q);
  }
}
