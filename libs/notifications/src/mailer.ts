import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DeadlineTimingService } from '@tenggat/catalogue';
import { User, UsersService } from '@tenggat/identity';
import { AppConfig, Clock } from '@tenggat/platform';
import nodemailer, { Transporter } from 'nodemailer';
import { DataSource, EntityManager } from 'typeorm';
import { eventSpec, isEventType } from './event-catalogue';
import { languageOf, MailContext, RenderedMail, renderEventMail } from './mail-templates';
import { MailRepository, NewMail } from './mail.repository';
import { OutboxRelay } from './outbox-relay';
import { OutboxRow } from './outbox.repository';
import { PollLoop } from './poll-loop';
import { mailSent } from './relay-metrics';
import { afterFailure } from './retry-policy';

const SEND_BATCH = 20;

/** Does this event email its applicant? (A state SLA's breach does not: only the statutory deadline's.) */
export function emailsApplicant(r: Pick<OutboxRow, 'type' | 'data' | 'applicantId'>): boolean {
  if (!r.applicantId || !isEventType(r.type) || eventSpec(r.type).emails !== 'applicant') return false;
  return r.type !== 'sla.breached' || r.data.clock === 'statutory';
}

/**
 * Email: queued inside the dispatch transaction (one per event and recipient, in the
 * recipient's language), then sent over SMTP_URL with retries. With no SMTP_URL, mail is only
 * recorded (status `recorded`), readable by admins, so a newcomer sees what would be sent.
 */
@Injectable()
export class Mailer implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(Mailer.name);
  private transport?: { url: string; t: Transporter };
  private loop?: PollLoop;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly relay: OutboxRelay,
    private readonly users: UsersService,
    private readonly timing: DeadlineTimingService,
    private readonly mail: MailRepository,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.relay.addStep({ onDispatch: (m, rows, now) => this.queueFor(m, rows, now) });
  }

  onApplicationBootstrap(): void {
    this.loop = new PollLoop('mail delivery', async () => (await this.sendOnce()) >= SEND_BATCH, () => Math.max(this.config.get('RELAY_POLL_MS'), 200), this.logger);
    this.loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop?.stop();
    this.transport?.t.close();
  }

  /** Status of new mail: sent later when SMTP is configured, only recorded otherwise. */
  statusNow(): NewMail['status'] {
    return this.config.get('SMTP_URL') ? 'pending' : 'recorded';
  }

  async contextFor(agency: string | null, recipientName: string): Promise<MailContext> {
    const timing = agency ? await this.timing.ofAgency(agency).catch(() => null) : null;
    return { recipientName, timeZone: timing?.timeZone ?? 'Asia/Jakarta', zoneLabel: timing?.timeZoneLabel ?? 'WIB' };
  }

  private async queueFor(m: EntityManager, rows: OutboxRow[], now: Date): Promise<void> {
    const relevant = rows.filter(emailsApplicant);
    if (relevant.length === 0) return;
    const people = new Map<string, User | null>();
    for (const id of new Set(relevant.map((r) => r.applicantId as string))) people.set(id, await this.users.findById(id, m));
    const mails: NewMail[] = [];
    for (const r of relevant) {
      const user = people.get(r.applicantId as string);
      if (!user?.active) continue;
      const lang = languageOf(user.language);
      const rendered = renderEventMail(r.type, r.data, lang, await this.contextFor(r.agencyCode, user.name));
      if (rendered) mails.push(this.mailOf(rendered, { dedupeKey: `${r.id}:${user.id}`, eventId: r.id, caseId: r.caseId, user, lang }));
    }
    await this.mail.insert(m, mails, now);
  }

  mailOf(rendered: RenderedMail, to: { dedupeKey: string; eventId: string | null; caseId: string | null; user: Pick<User, 'id' | 'email'>; lang: string }): NewMail {
    return {
      dedupeKey: to.dedupeKey,
      eventId: to.eventId,
      caseId: to.caseId,
      userId: to.user.id,
      toAddress: to.user.email,
      language: to.lang,
      template: rendered.template,
      subject: rendered.subject,
      bodyText: rendered.text,
      status: this.statusNow(),
    };
  }

  /** One round of sending; the number of mails tried. */
  async sendOnce(): Promise<number> {
    const url = this.config.get('SMTP_URL');
    if (!url) return 0;
    const policy = { baseMs: this.config.get('WEBHOOK_RETRY_BASE_MS'), maxMs: this.config.get('WEBHOOK_RETRY_MAX_MS'), windowMs: this.config.get('WEBHOOK_RETRY_WINDOW_MS') };
    return this.db.transaction(async (m) => {
      const due = await this.mail.claimDue(m, this.clock.now(), SEND_BATCH);
      for (const x of due) {
        try {
          await this.transporter(url).sendMail({
            from: this.config.get('MAIL_FROM'),
            to: x.toAddress,
            subject: x.subject,
            text: x.bodyText,
            headers: { 'X-Tenggat-Template': x.template, ...(x.eventId ? { 'X-Tenggat-Event-Id': x.eventId } : {}) },
            messageId: `<${x.id}@tenggat>`,
          });
          await this.mail.markSent(m, x.id, this.clock.now());
          mailSent.inc({ result: 'sent' });
        } catch (e) {
          const now = this.clock.now();
          const next = afterFailure(x.attempts + 1, x.createdAt, now, policy);
          await this.mail.markFailed(m, x.id, (e as Error).message, next.dead ? null : next.nextAttemptAt);
          mailSent.inc({ result: next.dead ? 'dead' : 'failed' });
        }
      }
      return due.length;
    });
  }

  private transporter(url: string): Transporter {
    if (this.transport?.url !== url) {
      this.transport?.t.close();
      this.transport = { url, t: nodemailer.createTransport(url) };
    }
    return this.transport.t;
  }
}
