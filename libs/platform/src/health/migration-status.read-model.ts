import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';

export const EXPECTED_MIGRATIONS = Symbol('EXPECTED_MIGRATIONS');

/** Ready only when every migration this build ships has been applied to the database. */
@Injectable()
export class MigrationStatus {
  constructor(
    private readonly db: DataSource,
    private readonly indicator: HealthIndicatorService,
    @Inject(EXPECTED_MIGRATIONS) private readonly expected: string[],
  ) {}

  async check(key = 'migrations'): Promise<HealthIndicatorResult> {
    const h = this.indicator.check(key);
    try {
      const rows: { name: string }[] = await this.db.query('SELECT name FROM migrations');
      const applied = new Set(rows.map((r) => r.name));
      const pending = this.expected.filter((name) => !applied.has(name));
      return pending.length ? h.down({ pending }) : h.up({ applied: applied.size });
    } catch (e) {
      return h.down({ message: (e as Error).message });
    }
  }
}
