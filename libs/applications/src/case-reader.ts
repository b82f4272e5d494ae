import { Injectable } from '@nestjs/common';
import { CatalogueService, DeadlineTimingService, PinnedPermitType } from '@tenggat/catalogue';
import { AuthUser } from '@tenggat/identity';
import { ClockEntity, ClockRepository, ClockService, clockMath } from '@tenggat/sla';
import { Clock } from '@tenggat/platform';
import { Actor, listActions, PermitTypeDefinition } from '@tenggat/workflow';
import { EntityManager } from 'typeorm';
import { ApplicationEntity } from './application.entity';
import { CaseEventFacts, CaseRepository } from './case.repository';
import { withClaims } from './case-roles';
import { CaseView, caseView, clockUnitOf, clockView } from './case-views';
import { DocumentEntity } from './document.entity';
import { DocumentRepository } from './document.repository';
import { PermitEntity } from './permit.entity';
import { PermitRepository } from './permit.repository';

/** A case with what its view shows: clocks (oldest first), current documents, permit. */
export interface LoadedCase {
  app: ApplicationEntity;
  clocks: ClockEntity[];
  documents: DocumentEntity[];
  permit: PermitEntity | null;
}

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

  /**
   * The case (as `load`) with its clocks, current documents and permit, in one statement: what
   * an action needs to decide, and (with what it writes) to answer without reading again.
   */
  async loadWhole(user: AuthUser, id: string): Promise<LoadedCase> {
    const { app, parts } = await this.cases.visibleWith(user, id, {
      clocks: this.clockRows.ofCaseJsonSql('a.id'),
      documents: this.documents.currentOfJsonSql('a.id'),
      permit: this.permits.ofCaseJsonSql('a.id'),
    });
    return {
      app,
      clocks: this.clockRows.fromJson(parts.clocks as Record<string, unknown>[]),
      documents: this.documents.fromJson(parts.documents as Record<string, unknown>[]),
      permit: this.permits.fromJson(parts.permit as Record<string, unknown> | null),
    };
  }

  async view(user: AuthUser, app: ApplicationEntity): Promise<CaseView> {
    const [clocks, documents, permit] = await Promise.all([this.clockRows.ofCase(app.id), this.documents.currentOf(app.id), this.permits.ofCase(app.id)]);
    return this.viewOf(user, { app, clocks, documents, permit });
  }

  /** The view of a case whose parts are at hand (loaded, or as a transaction wrote them): nothing read but the catalogue's caches. */
  async viewOf(user: AuthUser, c: LoadedCase): Promise<CaseView> {
    const { app, clocks, documents, permit } = c;
    const pinned = await this.permitType(app);
    const def: PermitTypeDefinition = pinned.definition;
    const now = this.clock.now();
    const timing = await this.timing.ofAgency(app.agencyCode);
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
