import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ComplaintCategory, ComplaintEntity, ComplaintStatus } from './complaint.entity';

/** Filters of a complaints list: every agency's (the ombudsman) or one agency's (`mine`; none when null). */
export interface ComplaintFilter {
  everyAgency: boolean;
  mine: string | null;
  agency?: string;
  status?: ComplaintStatus;
  category?: ComplaintCategory;
  offset: number;
  pageSize: number;
}

/** The one owner of the `complaints` table. */
@Injectable()
export class ComplaintRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(m: EntityManager, c: Omit<ComplaintEntity, 'id' | 'findings' | 'handledBy'>): Promise<ComplaintEntity> {
    return m.save(m.create(ComplaintEntity, c));
  }

  async ofCase(caseId: string): Promise<ComplaintEntity[]> {
    return this.db.manager.find(ComplaintEntity, { where: { applicationId: caseId }, order: { createdAt: 'ASC' } });
  }

  /** Newest first. */
  async page(f: ComplaintFilter): Promise<[ComplaintEntity[], number]> {
    const qb = this.db.manager.createQueryBuilder(ComplaintEntity, 'c');
    if (!f.everyAgency) qb.andWhere('c.agency_code = :mine', { mine: f.mine });
    if (f.agency) qb.andWhere('c.agency_code = :agency', { agency: f.agency });
    if (f.status) qb.andWhere('c.status = :status', { status: f.status });
    if (f.category) qb.andWhere('c.category = :category', { category: f.category });
    return qb.orderBy('c.created_at', 'DESC').addOrderBy('c.id', 'DESC').skip(f.offset).take(f.pageSize).getManyAndCount();
  }

  /** Locks one complaint for the rest of the caller's transaction (null when there is none). */
  async lock(m: EntityManager, id: string): Promise<ComplaintEntity | null> {
    return m.findOne(ComplaintEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async save(m: EntityManager, c: ComplaintEntity): Promise<void> {
    await m.save(c);
  }
}
