import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { MailMessageEntity, MailStatus } from './notification.entities';

export interface NewMail {
  dedupeKey: string;
  eventId: string | null;
  caseId: string | null;
  userId: string | null;
  toAddress: string;
  language: string;
  template: string;
  subject: string;
  bodyText: string;
  /** pending: to send over SMTP; recorded: no SMTP_URL, kept for admins to read. */
  status: Extract<MailStatus, 'pending' | 'recorded'>;
}

export interface MailQuery {
  caseId?: string;
  to?: string;
  status?: MailStatus;
  offset: number;
  limit: number;
}

/** SQL of mail_messages. */
@Injectable()
export class MailRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Written once per dedupe key (an event and its recipient, a digest and its day). */
  async insert(m: EntityManager, mails: NewMail[], now: Date): Promise<void> {
    if (mails.length === 0) return;
    await m
      .createQueryBuilder()
      .insert()
      .into(MailMessageEntity)
      .values(mails.map((x) => ({ ...x, id: randomUUID(), attempts: 0, nextAttemptAt: now, createdAt: now, sentAt: null, lastError: null })))
      .orIgnore()
      .execute();
  }

  /** Locks due mails for the caller's transaction (another relay skips them). */
  claimDue(m: EntityManager, now: Date, limit: number): Promise<MailMessageEntity[]> {
    return m
      .createQueryBuilder(MailMessageEntity, 'x')
      .where("x.status = 'pending' AND x.next_attempt_at <= :now", { now })
      .orderBy('x.next_attempt_at')
      .addOrderBy('x.created_at')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  }

  async markSent(m: EntityManager, id: string, now: Date): Promise<void> {
    await m.update(MailMessageEntity, { id }, { status: 'sent', sentAt: now, attempts: () => 'attempts + 1', lastError: null });
  }

  async markFailed(m: EntityManager, id: string, error: string, next: Date | null): Promise<void> {
    await m.update(
      MailMessageEntity,
      { id },
      { attempts: () => 'attempts + 1', lastError: error.slice(0, 500), ...(next ? { nextAttemptAt: next } : { status: 'dead' as const }) },
    );
  }

  async list(q: MailQuery): Promise<[MailMessageEntity[], number]> {
    const qb = this.db.manager.createQueryBuilder(MailMessageEntity, 'x');
    if (q.caseId) qb.andWhere('x.case_id = :caseId', { caseId: q.caseId });
    if (q.to) qb.andWhere('x.to_address = :to', { to: q.to.toLowerCase() });
    if (q.status) qb.andWhere('x.status = :status', { status: q.status });
    return qb.orderBy('x.created_at', 'DESC').addOrderBy('x.id', 'DESC').skip(q.offset).take(q.limit).getManyAndCount();
  }

  get(id: string): Promise<MailMessageEntity | null> {
    return this.db.manager.findOneBy(MailMessageEntity, { id });
  }

  async pending(): Promise<number> {
    return this.db.manager.countBy(MailMessageEntity, { status: 'pending' });
  }
}
