import { Injectable } from '@nestjs/common';
import { CatalogueService } from '@tenggat/catalogue';
import { UsersService } from '@tenggat/identity';
import { PermitTypeDefinition } from '@tenggat/workflow';
import { DateTime } from 'luxon';
import { EntityManager } from 'typeorm';
import { ApplicationEntity } from './application.entity';
import { PermitEntity } from './permit.entity';
import { PermitKeyring } from './permit-keyring';
import { PermitRepository, ReferenceCounterRepository } from './permit.repository';
import { signPermitFields, type SignedPermitFields } from './permit-signature';

/** The permit's signed fields, from its decision record, the agency's name and the holder's. */
export function permitFieldsOf(
  decision: PermitEntity['decision'],
  names: { agency: string; holder: string },
  issuedAt: Date,
): SignedPermitFields {
  return {
    v: 1,
    permitNumber: decision.permitNumber,
    reference: decision.reference,
    product: decision.product,
    permitType: { code: decision.permitType.code, name: decision.permitType.name, version: decision.permitType.version },
    agency: { code: decision.agency, name: names.agency },
    holder: names.holder,
    permitted: `${decision.product}: ${decision.permitType.name}`,
    issuedAt: issuedAt.toISOString(),
    validUntil: decision.validUntil,
    legalBasis: [...decision.legalBasis],
    deemedApproval: decision.deemedApproval,
  };
}

/** Issues the permit when a case reaches an approving final state. */
@Injectable()
export class PermitIssuer {
  constructor(
    private readonly catalogue: CatalogueService,
    private readonly permits: PermitRepository,
    private readonly counters: ReferenceCounterRepository,
    private readonly users: UsersService,
    private readonly keyring: PermitKeyring,
  ) {}

  /**
   * The one place a permit is signed (officer approval and deemed approval alike): its fields are
   * derived from the decision record and signed with the active key, in the issuing transaction.
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
    const [permit] = await this.issueMany(m, [{ app, def }], at, opts);
    return permit;
  }

  /**
   * The one way permits are made, for one case or a batch (deemed approvals at a deadline cliff):
   * the numbers of each permit type and year reserved at once (one lock of the counter's row per
   * batch, not per case), the permits inserted in one statement, in the order given.
   */
  async issueMany(
    m: EntityManager,
    items: readonly { app: ApplicationEntity; def: PermitTypeDefinition }[],
    at: Date,
    opts: { deemed: boolean; comment: string | null; actor: { id: string | null; role: string } },
  ): Promise<PermitEntity[]> {
    if (items.length === 0) return [];
    const locals: DateTime[] = [];
    const agencyNames: string[] = [];
    const holders: string[] = [];
    for (const { app } of items) {
      const agency = await this.catalogue.agency(app.agencyCode);
      locals.push(DateTime.fromJSDate(at, { zone: agency.timeZone }));
      agencyNames.push(agency.name);
      holders.push((await this.users.findById(app.applicantId, m))?.name ?? '');
    }
    const key = await this.keyring.signingKey();
    // consecutive numbers per (permit type, year), in the order of the items
    const groups = new Map<string, number[]>();
    items.forEach(({ def }, i) => {
      const key = `${def.code}|${locals[i].year}`;
      groups.set(key, [...(groups.get(key) ?? []), i]);
    });
    const seqs: number[] = new Array<number>(items.length);
    // counters reserved in one order (permit type, year): two batches never wait on each other's in reverse
    for (const [, indexes] of [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const { def } = items[indexes[0]];
      const last = await this.counters.reserve(m, `permit:${def.code}`, locals[indexes[0]].year, indexes.length);
      indexes.forEach((i, k) => (seqs[i] = last - indexes.length + 1 + k));
    }
    return this.permits.insertMany(
      m,
      items.map(({ app, def }, i) => {
        const local = locals[i];
        const year = local.year;
        const permitNumber = `${def.code.toUpperCase()}/${year}/${String(seqs[i]).padStart(6, '0')}`;
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
        const signedFields = permitFieldsOf(decision, { agency: agencyNames[i], holder: holders[i] }, at);
        const signature = signPermitFields(signedFields, key.privateKey, key.kid);
        return { applicationId: app.id, permitNumber, issuedAt: at, validUntil, deemedApproval: opts.deemed, decision, signedFields, signature };
      }),
    );
  }
}
