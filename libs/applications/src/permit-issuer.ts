import { Injectable } from '@nestjs/common';
import { CatalogueService } from '@tenggat/catalogue';
import { PermitTypeDefinition } from '@tenggat/workflow';
import { DateTime } from 'luxon';
import { EntityManager } from 'typeorm';
import { ApplicationEntity } from './application.entity';
import { PermitEntity } from './permit.entity';
import { PermitRepository, ReferenceCounterRepository } from './permit.repository';

/** Issues the permit when a case reaches an approving final state. */
@Injectable()
export class PermitIssuer {
  constructor(
    private readonly catalogue: CatalogueService,
    private readonly permits: PermitRepository,
    private readonly counters: ReferenceCounterRepository,
  ) {}

  /**
   * Numbers the permit per permit type and year, the year and the validity reckoned in the
   * agency's time zone (a permit issued on 1 January in Jakarta is that year's, whatever UTC says).
   */
  async issue(
    m: EntityManager,
    app: ApplicationEntity,
    def: PermitTypeDefinition,
    at: Date,
    opts: { deemed: boolean; comment: string | null; actor: { id: string | null; role: string } },
  ): Promise<PermitEntity> {
    const { timeZone } = await this.catalogue.agency(app.agencyCode);
    const local = DateTime.fromJSDate(at, { zone: timeZone });
    const year = local.year;
    const seq = await this.counters.next(m, `permit:${def.code}`, year);
    const permitNumber = `${def.code.toUpperCase()}/${year}/${String(seq).padStart(6, '0')}`;
    const validUntil = def.validity ? local.plus({ years: def.validity.years ?? 0, months: def.validity.months ?? 0 }).toJSDate() : null;
    const decision: PermitEntity['decision'] = {
      kind: 'decision',
      product: def.product,
      permitNumber,
      reference: app.reference,
      permitType: { code: def.code, name: def.name, version: app.permitTypeVersion },
      agency: app.agencyCode,
      applicantId: app.applicantId,
      decidedAt: at.toISOString(),
      decidedBy: opts.actor,
      outcome: 'approved',
      deemedApproval: opts.deemed,
      legalBasis: opts.deemed ? [...def.legalBasis, 'UU 30/2014 art. 53 (as amended by UU 6/2023): deemed approval'] : [...def.legalBasis],
      comment: opts.comment,
      validUntil: validUntil?.toISOString() ?? null,
      form: app.form,
    };
    return this.permits.insert(m, { applicationId: app.id, permitNumber, issuedAt: at, validUntil, deemedApproval: opts.deemed, decision });
  }
}
