import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** SQL on the `calendars` table that the registry's TypeORM repository cannot say. */
@Injectable()
export class CalendarRecordRepository {
  /** One calendar publication (or config reload) at a time, until the caller's transaction ends: each sees the one before it. */
  async lockPublications(m: EntityManager): Promise<void> {
    await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['calendars:publish']);
  }
}
