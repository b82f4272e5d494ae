import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, LessThan } from 'typeorm';
import { WhatIfRunEntity, WhatIfRunInput } from './whatif-run.entity';

/**
 * The one owner of `whatif_runs`. Every status move is guarded by the status it leaves, so a
 * cancelled run is never marked done and a finished one never cancelled.
 */
@Injectable()
export class WhatIfRunRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async create(input: WhatIfRunInput, permitTypeCode: string | null, requestedBy: string | null, at: Date): Promise<WhatIfRunEntity> {
    const repo = this.db.getRepository(WhatIfRunEntity);
    return repo.save(repo.create({ status: 'queued', input, permitTypeCode, requestedBy, asOf: at, total: null, done: 0, report: null, error: null, createdAt: at, startedAt: null, finishedAt: null, updatedAt: at }));
  }

  async byId(id: string): Promise<WhatIfRunEntity | null> {
    return this.db.getRepository(WhatIfRunEntity).findOneBy({ id });
  }

  /** queued -> running with the number of cases to replay; false when it was cancelled meanwhile. */
  async start(id: string, total: number, at: Date): Promise<boolean> {
    return this.move(id, ['queued'], { status: 'running', total, startedAt: at, updatedAt: at });
  }

  /** Progress of a running run; false when it is no longer running (cancelled): the runner stops. */
  async progress(id: string, done: number, at: Date): Promise<boolean> {
    return this.move(id, ['running'], { done, updatedAt: at });
  }

  async finish(id: string, done: number, report: unknown, at: Date): Promise<boolean> {
    return this.move(id, ['running'], { status: 'done', done, report, finishedAt: at, updatedAt: at });
  }

  async fail(id: string, error: string, at: Date): Promise<boolean> {
    return this.move(id, ['queued', 'running'], { status: 'failed', error, finishedAt: at, updatedAt: at });
  }

  async cancel(id: string, at: Date): Promise<boolean> {
    return this.move(id, ['queued', 'running'], { status: 'cancelled', finishedAt: at, updatedAt: at });
  }

  /** Runs left queued or running by a process that stopped beating before `before`: failed. */
  async failInterrupted(before: Date, at: Date): Promise<number> {
    const res = await this.db
      .getRepository(WhatIfRunEntity)
      .update({ status: In(['queued', 'running']), updatedAt: LessThan(before) }, { status: 'failed', error: 'interrupted: the process running it stopped', finishedAt: at, updatedAt: at });
    return res.affected ?? 0;
  }

  private async move(id: string, from: WhatIfRunEntity['status'][], set: Partial<WhatIfRunEntity>): Promise<boolean> {
    const res = await this.db
      .createQueryBuilder()
      .update(WhatIfRunEntity)
      .set(set)
      .where('id = :id AND status IN (:...from)', { id, from })
      .execute();
    return res.affected === 1;
  }
}
