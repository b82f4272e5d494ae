import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@tenggat/audit';
import { AuthUser, isStaff } from '@tenggat/identity';
import { Clock, DomainError } from '@tenggat/platform';
import { DataSource } from 'typeorm';
import { CaseRepository } from './case.repository';
import { caseEvent } from './case-event';
import { CaseReader } from './case-reader';
import { CaseView } from './case-views';
import { RecordPaymentDto, WaiveFeeDto } from './fees.dto';

/** A case's fee: a payment reference from an external channel, or a waiver with a reason; once, audited. */
@Injectable()
export class FeesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cases: CaseRepository,
    private readonly reader: CaseReader,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async pay(user: AuthUser, id: string, dto: RecordPaymentDto): Promise<CaseView> {
    return this.settle(user, id, { status: 'paid', reference: dto.reference.trim(), channel: dto.channel?.trim() || null, reason: null });
  }

  async waive(user: AuthUser, id: string, dto: WaiveFeeDto): Promise<CaseView> {
    return this.settle(user, id, { status: 'waived', reference: null, channel: null, reason: dto.reason.trim() });
  }

  private async settle(user: AuthUser, id: string, s: { status: 'paid' | 'waived'; reference: string | null; channel: string | null; reason: string | null }): Promise<CaseView> {
    const app = await this.reader.load(user, id);
    if (!isStaff(user)) throw new DomainError('forbidden', 'staff-only', 'Only the agency\'s officers and supervisors record payments and waivers');
    if (app.feeStatus !== 'unpaid' || !app.isOpen()) {
      throw new DomainError('conflict', 'fee-not-unpaid', `The fee of this case is ${app.isOpen() ? (app.feeStatus ?? 'not assessed') : 'closed with the case'}`, {
        feeStatus: app.feeStatus,
        currentVersion: app.version,
      });
    }
    const at = this.clock.now();
    await this.db.transaction(async (m) => {
      const version = await this.cases.settleFee(m, { id, ...s, by: user.id }, at);
      if (version === null) throw new DomainError('conflict', 'fee-not-unpaid', 'The fee was settled meanwhile');
      await this.audit.append(
        m,
        caseEvent(id, {
          actor: { id: user.id, role: user.roles.includes('supervisor') ? 'supervisor' : (user.roles[0] ?? 'officer') },
          action: s.status === 'paid' ? 'fee.paid' : 'fee.waived',
          before: { feeStatus: 'unpaid', version: version - 1 },
          after: { feeStatus: s.status, version },
          comment: s.reason,
          data: { amount: app.fee?.amount ?? 0, currency: app.fee?.currency ?? null, ...(s.reference ? { reference: s.reference, channel: s.channel } : {}) },
          at,
        }),
      );
    });
    return this.reader.view(user, await this.reader.load(user, id));
  }
}
