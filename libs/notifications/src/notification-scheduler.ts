import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CaseReader } from '@tenggat/applications';
import { CalendarRegistry } from '@tenggat/calendar-service';
import { CatalogueService, DeadlineTimingService } from '@tenggat/catalogue';
import { isSupervisor, UsersService } from '@tenggat/identity';
import { AppConfig, Clock } from '@tenggat/platform';
import { PermitTypeDefinition } from '@tenggat/workflow';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { officerRolesIn } from './audit-event-map';
import { eventSpec } from './event-catalogue';
import { IdempotencyRepository } from './idempotency/idempotency.repository';
import { IDEMPOTENCY_TTL_MS } from './idempotency/idempotency.interceptor';
import { languageOf, renderDigest } from './mail-templates';
import { MailRepository } from './mail.repository';
import { Mailer } from './mailer';
import { NotificationScheduleReadModel } from './notification-schedule.read-model';
import { OutboxRepository } from './outbox.repository';
import { PollLoop } from './poll-loop';

const WORKING_DAY_MS = 86_400_000;
/** Windows ending within this many calendar days are checked (a long holiday fits). */
const LOOKAHEAD_MS = 14 * WORKING_DAY_MS;
const BATCH = 500;

/**
 * Notifications that no change causes, derived from Postgres on a schedule (every
 * RECONCILE_INTERVAL_MS): the applicant's reminder one working day before a response window
 * lapses (an outbox event, written once per clock epoch), and the officers' daily digest of
 * their warned and breached cases (one mail per officer and day, after DIGEST_TIME in the
 * agency's zone). Both are idempotent across processes. It also forgets Idempotency-Key
 * answers older than 24 h.
 */
@Injectable()
export class NotificationScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(NotificationScheduler.name);
  private loop?: PollLoop;
  private readonly digested = new Set<string>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly schedule: NotificationScheduleReadModel,
    private readonly outbox: OutboxRepository,
    private readonly reader: CaseReader,
    private readonly calendars: CalendarRegistry,
    private readonly catalogue: CatalogueService,
    private readonly timing: DeadlineTimingService,
    private readonly users: UsersService,
    private readonly mailer: Mailer,
    private readonly mail: MailRepository,
    private readonly idempotency: IdempotencyRepository,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.loop = new PollLoop(
      'notification schedule',
      async () => {
        const now = this.clock.now();
        await this.remind(now);
        await this.digests(now);
        await this.idempotency.purge(new Date(now.getTime() - IDEMPOTENCY_TTL_MS));
        return false;
      },
      () => this.config.get('RECONCILE_INTERVAL_MS'),
      this.logger,
    );
    this.loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop?.stop();
  }

  /** Writes the reminder of every response window with at most one working day left; the number written. */
  async remind(now: Date): Promise<number> {
    let written = 0;
    const windows = await this.schedule.closingWindows(now, new Date(now.getTime() + LOOKAHEAD_MS), BATCH);
    for (const w of windows) {
      const cal = await this.calendars.get(w.calendarId);
      if (cal.workingTimeBetween(now, w.deadlineAt).ms > WORKING_DAY_MS) continue;
      const wrote = await this.db.transaction(async (m) => {
        const app = await this.reader.byId(w.applicationId, m);
        if (!app?.isOpen() || app.state !== w.state) return false;
        const def = (await this.reader.permitType(app)).definition;
        return this.outbox.insert(m, {
          type: 'application.response-window-closing',
          schemaVersion: eventSpec('application.response-window-closing').schemaVersion,
          caseId: app.id,
          agencyCode: app.agencyCode,
          applicantId: app.applicantId,
          roles: officerRolesIn(def, app.state),
          occurredAt: now,
          data: {
            applicationId: app.id,
            reference: app.reference ?? '',
            permitType: app.permitTypeCode,
            agency: app.agencyCode,
            state: app.state,
            responseDeadline: w.deadlineAt.toISOString(),
            onTimeout: def.states[w.state]?.applicantResponse?.onTimeout ?? '',
          },
          dedupeKey: `reminder:${w.clockId}:${w.epoch}`,
        });
      });
      if (wrote) written++;
    }
    return written;
  }

  /**
   * Once a day per agency, after DIGEST_TIME in its zone: each active officer (and supervisor)
   * gets the warned and breached open cases they work. The number of digests queued.
   */
  async digests(now: Date): Promise<number> {
    const [hh, mm] = this.config.get('DIGEST_TIME').split(':').map(Number);
    let queued = 0;
    for (const agency of await this.catalogue.listAgencies()) {
      const timing = await this.timing.ofAgency(agency.code);
      const local = DateTime.fromJSDate(now, { zone: timing.timeZone });
      const day = local.toISODate() as string;
      const key = `${agency.code}:${day}`;
      if (local.hour * 60 + local.minute < hh * 60 + mm || this.digested.has(key)) continue;
      queued += await this.digestOf(agency.code, day, now);
      this.digested.add(key);
    }
    return queued;
  }

  private async digestOf(agency: string, day: string, now: Date): Promise<number> {
    const rows = await this.schedule.warnedAndBreached(agency, BATCH);
    if (rows.length === 0) return 0;
    const defs = new Map<string, PermitTypeDefinition>();
    for (const r of rows) {
      const k = `${r.permitTypeCode}@${r.permitTypeVersion}`;
      if (!defs.has(k)) defs.set(k, (await this.catalogue.version(r.permitTypeCode, r.permitTypeVersion)).definition);
    }
    const mails = [];
    for (const s of await this.users.findStaff(agency)) {
      const supervisor = isSupervisor({ roles: s.roles, agency });
      const cases = rows.filter(
        (r) =>
          supervisor || r.assigneeId === s.id || officerRolesIn(defs.get(`${r.permitTypeCode}@${r.permitTypeVersion}`) as PermitTypeDefinition, r.state).some((x) => s.roles.includes(x)),
      );
      if (cases.length === 0) continue;
      const user = await this.users.findById(s.id);
      if (!user) continue;
      const lang = languageOf(user.language);
      const rendered = renderDigest(
        cases.map((c) => ({ reference: c.reference, state: c.state, deadline: c.statutoryDeadlineAt?.toISOString() ?? null, breached: c.breached })),
        lang,
        await this.mailer.contextFor(agency, user.name),
        day,
      );
      mails.push(this.mailer.mailOf(rendered, { dedupeKey: `digest:${day}:${user.id}`, eventId: null, caseId: null, user, lang }));
    }
    await this.mail.insert(this.db.manager, mails, now);
    return mails.length;
  }
}
