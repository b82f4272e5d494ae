import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { entityFromRow } from '@tenggat/platform';
import { DataSource, EntityManager } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { IdempotencyKeyEntity, PermitEntity, PermitSigningKeyEntity } from './permit.entity';

/** The one owner of the `permits` table. */
@Injectable()
export class PermitRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async ofCase(caseId: string): Promise<PermitEntity | null> {
    return this.db.manager.findOneBy(PermitEntity, { applicationId: caseId });
  }

  /** `ofCase` as a subselect (jsonb, or null) of the case `caseIdSql` names, for a read of the case with its parts; `fromJson` makes the entity. */
  ofCaseJsonSql(caseIdSql: string): string {
    return `(SELECT to_jsonb(p) FROM permits p WHERE p.application_id = ${caseIdSql} LIMIT 1)`;
  }

  fromJson(row: Record<string, unknown> | null): PermitEntity | null {
    return row === null ? null : entityFromRow(this.db, PermitEntity, row);
  }

  async byNumber(permitNumber: string): Promise<PermitEntity | null> {
    return this.db.manager.findOneBy(PermitEntity, { permitNumber });
  }

  /** Many permits in one INSERT (one approval, or a batch of deemed approvals); answers them with their ids. */
  async insertMany(m: EntityManager, permits: readonly Omit<PermitEntity, 'id' | 'revokedAt' | 'revocationReason' | 'revokedBy'>[]): Promise<PermitEntity[]> {
    if (permits.length === 0) return [];
    const rows = permits.map((p) => m.create(PermitEntity, { ...p, revokedAt: null, revocationReason: null, revokedBy: null }));
    const res = await m.insert(PermitEntity, rows as QueryDeepPartialEntity<PermitEntity>[]);
    return rows.map((p, i) => m.create(PermitEntity, { ...p, id: (res.identifiers[i] as { id: string }).id }));
  }

  /** Revokes a permit that is not revoked yet (guarded): false when it already was. */
  async revoke(m: EntityManager, id: string, at: Date, reason: string, by: string): Promise<boolean> {
    const r = await m
      .createQueryBuilder()
      .update(PermitEntity)
      .set({ revokedAt: at, revocationReason: reason, revokedBy: by })
      .where('id = :id AND revoked_at IS NULL', { id })
      .execute();
    return (r.affected ?? 0) === 1;
  }
}

/** The one owner of the `permit_signing_keys` table: every public key that has signed permits. */
@Injectable()
export class PermitSigningKeyRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Publishes a key once (a second process starting with the same key changes nothing). */
  async publish(key: Omit<PermitSigningKeyEntity, 'createdAt'>, at: Date): Promise<void> {
    await this.db.query(
      `INSERT INTO permit_signing_keys (kid, public_key, origin, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (kid) DO NOTHING`,
      [key.kid, key.publicKey, key.origin, at],
    );
  }

  async all(): Promise<PermitSigningKeyEntity[]> {
    return this.db.manager.find(PermitSigningKeyEntity, { order: { createdAt: 'ASC', kid: 'ASC' } });
  }

  async byKid(kid: string): Promise<PermitSigningKeyEntity | null> {
    return this.db.manager.findOneBy(PermitSigningKeyEntity, { kid });
  }
}

/** The one owner of the `reference_counters` table: case references and permit numbers. */
@Injectable()
export class ReferenceCounterRepository {
  /** The next number of `scope` in `year` (from 1; gaps allowed: a rolled-back transaction loses its number). */
  async next(m: EntityManager, scope: string, year: number): Promise<number> {
    return this.reserve(m, scope, year, 1);
  }

  /** Reserves `n` consecutive numbers of `scope` in `year` at once (one lock of the counter's row); answers the last of them. */
  async reserve(m: EntityManager, scope: string, year: number, n: number): Promise<number> {
    const [{ last_value }] = await m.query<{ last_value: number }[]>(
      `INSERT INTO reference_counters (scope, year, last_value) VALUES ($1, $2, $3)
       ON CONFLICT (scope, year) DO UPDATE SET last_value = reference_counters.last_value + $3
       RETURNING last_value`,
      [scope, year, n],
    );
    return last_value;
  }
}

/** The one owner of the `idempotency_keys` table: remembered answers per user, operation and key. */
@Injectable()
export class IdempotencyKeyRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async answer(userId: string, scope: string, key: string): Promise<unknown> {
    const seen = await this.db.manager.findOneBy(IdempotencyKeyEntity, { userId, scope, key });
    return seen ? seen.response : null;
  }

  /** Inside the transaction of the work it answers for: a concurrent twin fails on the key. */
  async remember(m: EntityManager, row: Omit<IdempotencyKeyEntity, 'response'> & { response: object }): Promise<void> {
    await m.insert(IdempotencyKeyEntity, row);
  }
}
