import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CatalogueService, DeadlineTimingService, PinnedPermitType } from '@tenggat/catalogue';
import { AuthUser } from '@tenggat/identity';
import { ClockEntity, ClockService, clockMath } from '@tenggat/sla';
import { Clock } from '@tenggat/platform';
import { Actor, listActions, PermitTypeDefinition } from '@tenggat/workflow';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { ApplicationEntity } from './application.entity';
import { caseNotFound, scopeToCaller } from './case-access';
import { withClaims } from './case-roles';
import { CaseView, caseView, clockUnitOf, clockView } from './case-views';
import { DocumentEntity } from './document.entity';
import { PermitEntity } from './permit.entity';

/** Loads cases as the caller may see them and builds their views. */
@Injectable()
export class CaseReader {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly catalogue: CatalogueService,
    private readonly clocks: ClockService,
    private readonly clock: Clock,
    private readonly timing: DeadlineTimingService,
  ) {}

  /** The case if the caller may see it; otherwise 404 (never 403). */
  async load(user: AuthUser, id: string, m: EntityManager = this.db.manager): Promise<ApplicationEntity> {
    const qb = m.createQueryBuilder(ApplicationEntity, 'a').where('a.id = :id', { id });
    const app = await scopeToCaller(qb, user).getOne();
    if (!app) throw caseNotFound(id);
    return app;
  }

  async byId(id: string, m: EntityManager = this.db.manager): Promise<ApplicationEntity | null> {
    return m.findOneBy(ApplicationEntity, { id });
  }

  /** The pinned version once submitted; the current one while a draft. */
  async permitType(app: ApplicationEntity): Promise<PinnedPermitType> {
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
      this.db.manager.find(ClockEntity, { where: { applicationId: app.id }, order: { startedAt: 'ASC' } }),
      this.db.manager.find(DocumentEntity, { where: { applicationId: app.id, supersededAt: IsNull() }, order: { requirementCode: 'ASC' } }),
      this.db.manager.findOneBy(PermitEntity, { applicationId: app.id }),
      this.timing.ofAgency(app.agencyCode),
    ]);
    const views = await Promise.all(clocks.map(async (c) => clockView(c, await this.clocks.figures(c, clockUnitOf(def, c.kind, c.stateName), now))));
    const actions =
      app.status === 'open' ? withClaims(user, app, listActions(def, { state: app.state, deficiencyNoticesSent: app.deficiencyNotices }, this.actorOf(user, app))) : [];
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
