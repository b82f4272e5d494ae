import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { IdempotentRequestEntity } from './idempotent-request.entity';

/** SQL of idempotent_requests. */
@Injectable()
export class IdempotencyRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Claims the key for this request, forgetting an expired claim first. Null when claimed now;
   * otherwise the row that holds it.
   */
  async claim(row: Pick<IdempotentRequestEntity, 'userId' | 'key' | 'request' | 'fingerprint' | 'createdAt'>, expiredBefore: Date): Promise<IdempotentRequestEntity | null> {
    return this.db.transaction(async (m) => {
      await m.query('DELETE FROM idempotent_requests WHERE user_id = $1 AND key = $2 AND created_at < $3', [row.userId, row.key, expiredBefore]);
      const inserted = await m.query<{ key: string }[]>(
        `INSERT INTO idempotent_requests (user_id, key, request, fingerprint, state, created_at) VALUES ($1, $2, $3, $4, 'in-progress', $5)
         ON CONFLICT (user_id, key) DO NOTHING RETURNING key`,
        [row.userId, row.key, row.request, row.fingerprint, row.createdAt],
      );
      if (inserted.length) return null;
      return m.findOneBy(IdempotentRequestEntity, { userId: row.userId, key: row.key });
    });
  }

  async complete(userId: string, key: string, fingerprint: string, statusCode: number, response: unknown): Promise<void> {
    await this.db.query(
      `UPDATE idempotent_requests SET state = 'done', fingerprint = $3, status_code = $4, response = $5 WHERE user_id = $1 AND key = $2`,
      [userId, key, fingerprint, statusCode, JSON.stringify(response ?? null)],
    );
  }

  /** A request that failed releases its key: the client may try again. */
  async release(userId: string, key: string): Promise<void> {
    await this.db.query(`DELETE FROM idempotent_requests WHERE user_id = $1 AND key = $2 AND state = 'in-progress'`, [userId, key]);
  }

  /** Forgets every answer older than `before`; the number forgotten. */
  async purge(before: Date): Promise<number> {
    const [, n] = await this.db.query<[unknown[], number]>('DELETE FROM idempotent_requests WHERE created_at < $1', [before]);
    return n;
  }
}
