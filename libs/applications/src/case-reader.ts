import { Injectable } from '@nestjs/common';
import { CatalogueService, DeadlineTimingService, PinnedPermitType } from '@tenggat/catalogue';
import { AuthUser } from '@tenggat/identity';
import { ClockRepository, ClockService, clockMath } from '@tenggat/sla';
import { Clock } from '@tenggat/platform';
import { Actor, listActions, PermitTypeDefinition } from '@tenggat/workflow';
import { EntityManager } from 'typeorm';
import { ApplicationEntity } from './application.entity';
import { CaseEventFacts, CaseRepository } from './case.repository';
import { withClaims } from './case-roles';
import { CaseView, caseView, clockUnitOf, clockView } from './case-views';
import { DocumentRepository } from './document.repository';
import { PermitRepository } from './permit.repository';

/** Loads cases as the caller may see them and builds their views. */
@Injectable()
export class CaseReader {
  constructor(
    private readonly cases: CaseRepository,
    private readonly clockRows: ClockRepository,
    private readonly documents: DocumentRepository,
    private readonly permits: PermitRepository,
    private readonly catalogue: CatalogueService,
    private readonly clocks: ClockService,
    private readonly clock: Clock,
    private readonly timing: DeadlineTimingService,
  ) {}

  /** The case if the caller may see it; otherwise 404 (never 403). */
  async load(user: AuthUser, id: string, m?: EntityManager): Promise<ApplicationEntity> {
    return this.cases.visibleTo(user, id, m);
  }

  async byId(id: string, m?: EntityManager): Promise<ApplicationEntity | null> {
    return this.cases.byId(id, m);
  }

  /** What events say of these cases (those that exist), in one query of those columns only. */
  async factsOf(ids: readonly string[], m: EntityManager): Promise<CaseEventFacts[]> {
    return this.cases.factsOf(m, ids);
  }

  /** The pinned version once submitted; the current one while a draft. */
  async permitType(app: Pick<ApplicationEntity, 'permitTypeCode' | 'permitTypeVersion'>): Promise<PinnedPermitType> {
    return app.permitTypeVersion === null
      ? this.catalogue.current(app.permitTypeCode)
      : this.catalogue.version(app.permitTypeCode, app.permitTypeVersion);
  }

  actorOf(user: AuthUser, app: ApplicationEntity): Actor {
    const isOwner = user.id === app.applicantId;
    // staff act only within their agency; the applicant role only counts for the owner
    const roles = user.agency === app.agencyCode || isOwner ? user.roles.filter((r) => r !== 'ombudsman') : [];
    return { roles, isOwner };
  }

  async view(user: AuthUser, app: ApplicationEntity): Promise<CaseView> {
    const pinned = await this.permitType(app);
    const def: PermitTypeDefinition = pinned.definition;
    const now = this.clock.now();
    const [clocks, documents, permit, timing] = await Promise.all([
      this.clockRows.ofCase(app.id),
      this.documents.currentOf(app.id),
      this.permits.ofCase(app.id),
      this.timing.ofAgency(app.agencyCode),
    ]);
    const views = await Promise.all(clocks.map(async (c) => clockView(c, await this.clocks.figures(c, clockUnitOf(def, c.kind, c.stateName), now))));
    const actions =
      app.status === 'open' ? withClaims(user, app, listActions(def, app.machineState(), this.actorOf(user, app))) : [];
    const statutory = clocks.find((c) => c.kind === 'statutory');
    let compensation: CaseView['compensation'] = null;
    if (def.delayCompensation && statutory) {
      const late = await this.clocks.workingDaysLate(statutory, now);
      compensation = {
        owed: clockMath.compensationOwed(late, def.delayCompensation),
        currency: def.delayCompensation.currency,
        workingDaysLate: late,
      };
    }
    return caseView(app, def, { clocks: views, actions, documents, permit, compensation, timing });
  }
}
