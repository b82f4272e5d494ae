import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { MigrationPlanEntity, MigrationResultEntity, ResultOutcome } from './migration.entities';

/** The one owner of `permit_type_migrations` and `permit_type_migration_results`. */
@Injectable()
export class MigrationRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** A new plan, in the caller's transaction (with its audit event). */
  async insertPlan(m: EntityManager, plan: Omit<MigrationPlanEntity, 'id'>): Promise<MigrationPlanEntity> {
    return m.save(m.create(MigrationPlanEntity, plan));
  }

  async plan(code: string, id: string): Promise<MigrationPlanEntity | null> {
    return this.db.manager.findOneBy(MigrationPlanEntity, { id, permitTypeCode: code });
  }

  async plansOf(code: string): Promise<MigrationPlanEntity[]> {
    return this.db.manager.find(MigrationPlanEntity, { where: { permitTypeCode: code }, order: { createdAt: 'DESC', id: 'ASC' } });
  }

  async markApplied(id: string, at: Date): Promise<void> {
    await this.db.manager.update(MigrationPlanEntity, { id }, { status: 'applied', appliedAt: at });
  }

  /**
   * Records what happened to one case, replacing an earlier attempt's line, in the caller's
   * transaction when given. A `moved` line is final: a later run (or a concurrent one that lost
   * the race) never overwrites it.
   */
  async recordResult(r: MigrationResultEntity, m: EntityManager = this.db.manager): Promise<void> {
    await m.query(
      `INSERT INTO permit_type_migration_results (plan_id, application_id, reference, outcome, reason, message, from_state, to_state, clocks, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10)
       ON CONFLICT (plan_id, application_id) DO UPDATE
         SET reference = EXCLUDED.reference, outcome = EXCLUDED.outcome, reason = EXCLUDED.reason, message = EXCLUDED.message,
             from_state = EXCLUDED.from_state, to_state = EXCLUDED.to_state, clocks = EXCLUDED.clocks, at = EXCLUDED.at
         WHERE permit_type_migration_results.outcome <> 'moved'`,
      [r.planId, r.applicationId, r.reference, r.outcome, r.reason, r.message, r.fromState, r.toState, JSON.stringify(r.clocks), r.at],
    );
  }

  async results(planId: string): Promise<MigrationResultEntity[]> {
    return this.db.manager.find(MigrationResultEntity, { where: { planId }, order: { outcome: 'ASC', applicationId: 'ASC' } });
  }

  async counts(planId: string): Promise<Record<ResultOutcome, number>> {
    const rows = await this.db.manager
      .createQueryBuilder(MigrationResultEntity, 'r')
      .select('r.outcome', 'outcome')
      .addSelect('count(*)::int', 'n')
      .where('r.plan_id = :planId', { planId })
      .groupBy('r.outcome')
      .getRawMany<{ outcome: ResultOutcome; n: number }>();
    const out: Record<ResultOutcome, number> = { moved: 0, blocked: 0, failed: 0 };
    for (const r of rows) out[r.outcome] = r.n;
    return out;
  }
}
