import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@tenggat/audit';
import { AGENCY_DIRECTORY, AgencyDirectory, AuthUser, isAdmin } from '@tenggat/identity';
import { AppConfig, Clock, DomainError } from '@tenggat/platform';
import { lookup } from 'node:dns/promises';
import { randomUUID } from 'node:crypto';
import { isIP } from 'node:net';
import { DataSource, EntityManager } from 'typeorm';
import { AllowList } from './address-policy';
import { WebhookSubscriptionEntity } from './notification.entities';
import { newSecret } from './webhook-signature';
import { WebhookRepository } from './webhook.repository';
import { CreateWebhookSubscriptionDto, DeliveryLogQuery, ReplayDto, RotateSecretDto, UpdateWebhookSubscriptionDto } from './webhooks.dto';
import { ReplayResult, WebhookDeliveryPage, WebhookDeliveryView, WebhookSubscriptionView, WebhookSubscriptionWithSecret } from './webhooks.views';

/** The most deliveries one replay request queues. */
export const MAX_REPLAY = 10_000;
const DEFAULT_GRACE_SECONDS = 86_400;

const urlRefused = (detail: string, code = 'webhook-url-refused'): DomainError =>
  new DomainError('unprocessable', code, detail, { errors: [{ field: 'url', message: detail }] });

/**
 * Webhook subscriptions: admins manage every one (an agency's, or an integrator's for every
 * agency); a supervisor those of their agency. Every change is on the audit log (stream
 * `webhooks`).
 */
@Injectable()
export class WebhooksService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: WebhookRepository,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    @Inject(AGENCY_DIRECTORY) private readonly agencies: AgencyDirectory,
  ) {}

  async create(user: AuthUser, dto: CreateWebhookSubscriptionDto): Promise<WebhookSubscriptionWithSecret> {
    const agency = await this.agencyFor(user, dto.agency);
    await this.checkUrl(dto.url);
    const now = this.clock.now();
    const secret = newSecret();
    const sub: WebhookSubscriptionEntity = Object.assign(new WebhookSubscriptionEntity(), {
      id: randomUUID(),
      url: dto.url,
      description: dto.description ?? '',
      agencyCode: agency,
      eventTypes: [...new Set(dto.eventTypes ?? [])],
      secret,
      previousSecret: null,
      previousSecretExpiresAt: null,
      enabled: true,
      disabledReason: null,
      disabledAt: null,
      failingSince: null,
      createdBy: user.id,
      createdAt: now,
      updatedAt: now,
    });
    await this.db.transaction(async (m) => {
      await this.repo.insertSubscription(sub, m);
      await this.record(m, user, 'webhook.subscription-created', sub.id, null, { url: sub.url, agency, eventTypes: sub.eventTypes }, now);
    });
    return { ...WebhookSubscriptionView.from(sub), secret };
  }

  async list(user: AuthUser): Promise<WebhookSubscriptionView[]> {
    const rows = await this.repo.listSubscriptions(isAdmin(user) ? null : user.agency);
    return rows.map((s) => WebhookSubscriptionView.from(s));
  }

  async get(user: AuthUser, id: string): Promise<WebhookSubscriptionView> {
    return WebhookSubscriptionView.from(await this.load(user, id));
  }

  async update(user: AuthUser, id: string, dto: UpdateWebhookSubscriptionDto): Promise<WebhookSubscriptionView> {
    const sub = await this.load(user, id);
    if (dto.url !== undefined && dto.url !== sub.url) await this.checkUrl(dto.url);
    const now = this.clock.now();
    const patch: Partial<WebhookSubscriptionEntity> = { updatedAt: now };
    if (dto.url !== undefined) patch.url = dto.url;
    if (dto.description !== undefined) patch.description = dto.description;
    if (dto.eventTypes !== undefined) patch.eventTypes = [...new Set(dto.eventTypes)];
    if (dto.enabled === true && !sub.enabled) Object.assign(patch, { enabled: true, disabledAt: null, disabledReason: null, failingSince: null });
    if (dto.enabled === false && sub.enabled) Object.assign(patch, { enabled: false, disabledAt: now, disabledReason: `disabled by ${user.email}` });
    await this.db.transaction(async (m) => {
      await this.repo.updateSubscription(m, id, patch);
      const before = { url: sub.url, description: sub.description, eventTypes: sub.eventTypes, enabled: sub.enabled };
      const { updatedAt: _u, ...after } = patch;
      await this.record(m, user, 'webhook.subscription-updated', id, before, after, now);
    });
    return this.get(user, id);
  }

  async remove(user: AuthUser, id: string): Promise<void> {
    const sub = await this.load(user, id);
    await this.db.transaction(async (m) => {
      await this.repo.deleteSubscription(m, id);
      await this.record(m, user, 'webhook.subscription-deleted', id, { url: sub.url, agency: sub.agencyCode }, null, this.clock.now());
    });
  }

  /** A new secret; the old one keeps signing (both signatures are sent) for the grace period. */
  async rotateSecret(user: AuthUser, id: string, dto: RotateSecretDto): Promise<WebhookSubscriptionWithSecret> {
    await this.load(user, id);
    const now = this.clock.now();
    const grace = dto.graceSeconds ?? DEFAULT_GRACE_SECONDS;
    const secret = newSecret();
    await this.db.transaction(async (m) => {
      const old = await this.repo.secretsOf(m, id);
      await this.repo.updateSubscription(m, id, {
        secret,
        previousSecret: grace > 0 ? (old?.secret ?? null) : null,
        previousSecretExpiresAt: grace > 0 ? new Date(now.getTime() + grace * 1000) : null,
        updatedAt: now,
      });
      await this.record(m, user, 'webhook.secret-rotated', id, null, { graceSeconds: grace }, now);
    });
    return { ...(await this.get(user, id)), secret };
  }

  async deliveries(user: AuthUser, id: string, q: DeliveryLogQuery): Promise<WebhookDeliveryPage> {
    await this.load(user, id);
    const rows = await this.repo.log(id, { status: q.status, before: q.before, limit: q.limit });
    return { items: rows.map((d) => WebhookDeliveryView.from(d)), next: rows.length === q.limit ? rows[rows.length - 1].id : null };
  }

  /** Queues one event, or every event of a time range, again for this subscription (same webhook-id). */
  async replay(user: AuthUser, id: string, dto: ReplayDto): Promise<ReplayResult> {
    const sub = await this.load(user, id);
    const byEvent = dto.eventId !== undefined;
    const byRange = dto.from !== undefined || dto.to !== undefined;
    if (byEvent === byRange || (byRange && (dto.from === undefined || dto.to === undefined))) {
      throw new DomainError('invalid', 'replay-what', 'Replay either one event (eventId) or a time range (from and to)', {
        errors: [{ field: byEvent ? 'eventId' : 'from', message: 'give eventId, or from and to' }],
      });
    }
    const from = dto.from ? new Date(dto.from) : undefined;
    const to = dto.to ? new Date(dto.to) : undefined;
    if (from && to && from > to) throw new DomainError('invalid', 'replay-range', 'from must not be after to', { errors: [{ field: 'to', message: 'must not be before from' }] });
    const now = this.clock.now();
    const queued = await this.db.transaction(async (m) => {
      const n = await this.repo.replay(m, sub, byEvent ? { eventIds: [dto.eventId as string] } : { from, to }, now, MAX_REPLAY);
      await this.record(m, user, 'webhook.replayed', id, null, { eventId: dto.eventId ?? null, from: dto.from ?? null, to: dto.to ?? null, queued: n }, now);
      return n;
    });
    if (byEvent && queued === 0) throw new DomainError('not-found', 'event-not-found', `Event ${dto.eventId} was not found among this subscription's events`);
    return { queued };
  }

  /**
   * Refuses URLs whose host resolves to a private, loopback or link-local address (or does not
   * resolve), unless WEBHOOK_ALLOWED_HOSTS names it. The relay checks again on every connection.
   */
  private async checkUrl(url: string): Promise<void> {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      throw urlRefused('url must be an absolute http(s) URL', 'webhook-url-invalid');
    }
    if (!['http:', 'https:'].includes(u.protocol) || u.username || u.password) throw urlRefused('url must be http(s), without credentials', 'webhook-url-invalid');
    const host = u.hostname.replace(/^\[|\]$/g, '');
    const allow = new AllowList(this.config.get('WEBHOOK_ALLOWED_HOSTS'));
    const addresses = isIP(host) ? [host] : await lookup(host, { all: true }).then((r) => r.map((a) => a.address), () => null);
    if (!addresses?.length) throw urlRefused(`${host} does not resolve`, 'webhook-url-unresolvable');
    const refused = addresses.find((a) => !allow.permits(host, a));
    if (refused)
      throw urlRefused(
        `${host} resolves to ${refused}, a private, loopback or link-local address: webhooks may not reach it unless WEBHOOK_ALLOWED_HOSTS names it`,
      );
  }

  private async agencyFor(user: AuthUser, asked: string | null | undefined): Promise<string | null> {
    if (isAdmin(user)) {
      if (asked === undefined || asked === null) return null;
      if (!(await this.agencies.exists(asked)))
        throw new DomainError('unprocessable', 'unknown-agency', `There is no agency "${asked}"`, { errors: [{ field: 'agency', message: 'unknown agency' }] });
      return asked;
    }
    if (asked !== undefined && asked !== user.agency)
      throw new DomainError('forbidden', 'other-agency', "A supervisor subscribes to their own agency's events only", { errors: [{ field: 'agency', message: 'must be your own agency' }] });
    return user.agency;
  }

  private async load(user: AuthUser, id: string): Promise<WebhookSubscriptionEntity> {
    const sub = await this.repo.findSubscription(id);
    if (!sub || (!isAdmin(user) && sub.agencyCode !== user.agency)) throw new DomainError('not-found', 'webhook-subscription-not-found', `Webhook subscription ${id} was not found`);
    return sub;
  }

  private async record(m: EntityManager, user: AuthUser, action: string, id: string, before: unknown, after: unknown, at: Date): Promise<void> {
    await this.audit.append(m, {
      stream: 'webhooks',
      actorId: user.id,
      actorRole: isAdmin(user) ? 'admin' : 'supervisor',
      action,
      entityType: 'webhook-subscription',
      entityId: id,
      before,
      after,
      at,
    });
  }
}
