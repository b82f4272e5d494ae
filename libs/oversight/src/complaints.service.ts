import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CaseReader } from '@tenggat/applications';
import { AuditService } from '@tenggat/audit';
import { AuthUser, isSupervisor } from '@tenggat/identity';
import { Clock, DomainError, pageOf } from '@tenggat/platform';
import { DataSource } from 'typeorm';
import { ComplaintEntity } from './complaint.entity';
import { ComplaintsQuery, FileComplaintDto, HandleComplaintDto } from './oversight.dto';
import { ComplaintPage, ComplaintView } from './oversight.views';

const view = (c: ComplaintEntity): ComplaintView => ({
  id: c.id,
  applicationId: c.applicationId,
  agency: c.agencyCode,
  category: c.category,
  description: c.description,
  status: c.status,
  findings: c.findings,
  handledBy: c.handledBy,
  createdAt: c.createdAt.toISOString(),
  updatedAt: c.updatedAt.toISOString(),
});

/** Complaints about a case: filed by its applicant, seen by the agency's supervisors, handled by the ombudsman. */
@Injectable()
export class ComplaintsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly reader: CaseReader,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async file(user: AuthUser, applicationId: string, dto: FileComplaintDto): Promise<ComplaintView> {
    const app = await this.reader.load(user, applicationId);
    if (app.applicantId !== user.id) throw new DomainError('forbidden', 'not-the-applicant', 'Only the applicant may complain about this case');
    if (app.isDraft()) throw new DomainError('conflict', 'not-submitted', 'A complaint concerns a submitted application');
    const now = this.clock.now();
    const saved = await this.db.transaction(async (m) => {
      const c = await m.save(
        m.create(ComplaintEntity, {
          applicationId: app.id,
          applicantId: user.id,
          agencyCode: app.agencyCode,
          category: dto.category,
          description: dto.description,
          status: 'received',
          createdAt: now,
          updatedAt: now,
        }),
      );
      await this.audit.append(m, {
        stream: `case:${app.id}`,
        caseId: app.id,
        actorId: user.id,
        actorRole: 'applicant',
        action: 'complaint.filed',
        entityType: 'complaint',
        entityId: c.id,
        after: { category: c.category, status: c.status },
        comment: dto.description,
        at: now,
      });
      return c;
    });
    return view(saved);
  }

  async forCase(user: AuthUser, applicationId: string): Promise<ComplaintView[]> {
    const app = await this.reader.load(user, applicationId);
    const staffButNotSupervisor = user.agency !== null && !isSupervisor(user);
    if (staffButNotSupervisor) throw new DomainError('not-found', 'application-not-found', `Application ${applicationId} was not found`);
    const rows = await this.db.manager.find(ComplaintEntity, { where: { applicationId: app.id }, order: { createdAt: 'ASC' } });
    return rows.map(view);
  }

  /** The ombudsman sees every complaint; a supervisor those of their agency. */
  async list(user: AuthUser, q: ComplaintsQuery): Promise<ComplaintPage> {
    const qb = this.db.manager.createQueryBuilder(ComplaintEntity, 'c');
    if (!user.roles.includes('ombudsman')) qb.andWhere('c.agency_code = :mine', { mine: user.agency });
    if (q.agency) qb.andWhere('c.agency_code = :agency', { agency: q.agency });
    if (q.status) qb.andWhere('c.status = :status', { status: q.status });
    if (q.category) qb.andWhere('c.category = :category', { category: q.category });
    const [rows, total] = await qb.orderBy('c.created_at', 'DESC').addOrderBy('c.id', 'DESC').skip(q.offset).take(q.pageSize).getManyAndCount();
    return pageOf(rows.map(view), total, q);
  }

  /** The ombudsman records the handling status and findings. */
  async handle(user: AuthUser, id: string, dto: HandleComplaintDto): Promise<ComplaintView> {
    const now = this.clock.now();
    return this.db.transaction(async (m) => {
      const c = await m.findOne(ComplaintEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!c) throw new DomainError('not-found', 'complaint-not-found', `Complaint ${id} was not found`);
      const before = { status: c.status, findings: c.findings };
      c.status = dto.status;
      if (dto.findings !== undefined) c.findings = dto.findings;
      c.handledBy = user.id;
      c.updatedAt = now;
      await m.save(c);
      await this.audit.append(m, {
        stream: `case:${c.applicationId}`,
        caseId: c.applicationId,
        actorId: user.id,
        actorRole: 'ombudsman',
        action: 'complaint.handled',
        entityType: 'complaint',
        entityId: c.id,
        before,
        after: { status: c.status, findings: c.findings },
        at: now,
      });
      return view(c);
    });
  }
}
