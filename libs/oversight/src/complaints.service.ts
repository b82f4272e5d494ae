import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { caseEvent, CaseReader } from '@tenggat/applications';
import { AuditService } from '@tenggat/audit';
import { AuthUser, isSupervisor } from '@tenggat/identity';
import { Clock, DomainError, pageOf } from '@tenggat/platform';
import { DataSource } from 'typeorm';
import { ComplaintEntity } from './complaint.entity';
import { ComplaintRepository } from './complaint.repository';
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
    private readonly complaints: ComplaintRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async file(user: AuthUser, applicationId: string, dto: FileComplaintDto): Promise<ComplaintView> {
    const app = await this.reader.load(user, applicationId);
    if (app.applicantId !== user.id) throw new DomainError('forbidden', 'not-the-applicant', 'Only the applicant may complain about this case');
    if (app.isDraft()) throw new DomainError('conflict', 'not-submitted', 'A complaint concerns a submitted application');
    const now = this.clock.now();
    const saved = await this.db.transaction(async (m) => {
      const c = await this.complaints.insert(m, {
        applicationId: app.id,
        applicantId: user.id,
        agencyCode: app.agencyCode,
        category: dto.category,
        description: dto.description,
        status: 'received',
        createdAt: now,
        updatedAt: now,
      });
      await this.audit.append(m, caseEvent(app.id, {
        actor: { id: user.id, role: 'applicant' },
        action: 'complaint.filed',
        entityType: 'complaint',
        entityId: c.id,
        after: { category: c.category, status: c.status },
        comment: dto.description,
        at: now,
      }));
      return c;
    });
    return view(saved);
  }

  async forCase(user: AuthUser, applicationId: string): Promise<ComplaintView[]> {
    const app = await this.reader.load(user, applicationId);
    const staffButNotSupervisor = user.agency !== null && !isSupervisor(user);
    if (staffButNotSupervisor) throw new DomainError('not-found', 'application-not-found', `Application ${applicationId} was not found`);
    const rows = await this.complaints.ofCase(app.id);
    return rows.map(view);
  }

  /** The ombudsman sees every complaint; a supervisor those of their agency. */
  async list(user: AuthUser, q: ComplaintsQuery): Promise<ComplaintPage> {
    const [rows, total] = await this.complaints.page({
      everyAgency: user.roles.includes('ombudsman'),
      mine: user.agency,
      agency: q.agency,
      status: q.status,
      category: q.category,
      offset: q.offset,
      pageSize: q.pageSize,
    });
    return pageOf(rows.map(view), total, q);
  }

  /** The ombudsman records the handling status and findings. */
  async handle(user: AuthUser, id: string, dto: HandleComplaintDto): Promise<ComplaintView> {
    const now = this.clock.now();
    return this.db.transaction(async (m) => {
      const c = await this.complaints.lock(m, id);
      if (!c) throw new DomainError('not-found', 'complaint-not-found', `Complaint ${id} was not found`);
      const before = { status: c.status, findings: c.findings };
      c.status = dto.status;
      if (dto.findings !== undefined) c.findings = dto.findings;
      c.handledBy = user.id;
      c.updatedAt = now;
      await this.complaints.save(m, c);
      await this.audit.append(m, caseEvent(c.applicationId, {
        actor: { id: user.id, role: 'ombudsman' },
        action: 'complaint.handled',
        entityType: 'complaint',
        entityId: c.id,
        before,
        after: { status: c.status, findings: c.findings },
        at: now,
      }));
      return view(c);
    });
  }
}
