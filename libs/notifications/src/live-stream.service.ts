import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { CaseEvents, DispatchedEvent } from '@tenggat/applications';
import { AuthUser, isApplicant, isOmbudsman, isSupervisor, officerRoles } from '@tenggat/identity';
import { DomainError } from '@tenggat/platform';
import type { Response } from 'express';
import { EventEnvelope, isEventType } from './event-catalogue';
import { CURSOR } from './events.dto';
import { envelopeOf, OutboxRepository } from './outbox.repository';

/** A dispatched event with who may see it live. */
interface LiveEvent {
  envelope: EventEnvelope;
  applicantId: string | null;
  roles: string[];
}

/** The event as the relay published it on the live channel (one of the catalogue's types), or null. */
function liveEventOf(e: DispatchedEvent): LiveEvent | null {
  const { type } = e.envelope;
  return isEventType(type) ? { envelope: { ...e.envelope, type }, applicantId: e.applicantId, roles: e.roles } : null;
}

const HEARTBEAT_MS = 15_000;
const BACKFILL_LIMIT = 1000;
const BACKFILL_PAGE = 500;

/**
 * Who sees an event live, like the queue: an applicant their own cases'; a supervisor every
 * case of their agency; an officer the cases of their agency in (or just leaving) a state their
 * roles work, and cases assigned to them; the ombudsman everything. Admins see no case content.
 */
export function mayWatch(user: AuthUser, e: LiveEvent): boolean {
  if (isOmbudsman(user)) return true;
  if (isApplicant(user) && e.applicantId === user.id) return true;
  if (user.agency === null || e.envelope.agency !== user.agency) return false;
  if (isSupervisor(user)) return true;
  const mine = officerRoles(user);
  if (e.roles.some((r) => mine.includes(r))) return true;
  const data = e.envelope.data;
  return data.assigneeId === user.id || data.previousAssigneeId === user.id;
}

const frame = (e: LiveEvent): string => `id: ${e.envelope.position}\nevent: ${e.envelope.type}\ndata: ${JSON.stringify(e.envelope)}\n\n`;

/**
 * Server-sent events: each open stream gets, in position order, the events its user may see.
 * They come from the application's one live channel (CaseEvents, Redis pub/sub), where the outbox
 * relay publishes each event it dispatches, in whichever process it runs; the staff inbox stream
 * (`GET /v1/queue/events`) hears the same messages.
 * A client that reconnects with `Last-Event-ID` (EventSource does it by itself) first gets what
 * it missed from the outbox, so a lost Redis message or a restart loses nothing.
 */
@Injectable()
export class LiveStreamService implements OnModuleDestroy {
  private readonly open = new Set<Response>();

  constructor(
    private readonly caseEvents: CaseEvents,
    private readonly outbox: OutboxRepository,
  ) {}

  onModuleDestroy(): void {
    for (const res of this.open) res.end();
    this.open.clear();
  }

  async stream(user: AuthUser, lastEventId: string | undefined, res: Response): Promise<void> {
    const resumeFrom = lastEventId?.trim() || undefined;
    if (resumeFrom !== undefined && !CURSOR.test(resumeFrom))
      throw new DomainError('invalid', 'bad-last-event-id', 'Last-Event-ID must be the id of an event of this stream (a position)', {
        errors: [{ field: 'Last-Event-ID', message: 'must be a whole number' }],
      });
    let last = BigInt(resumeFrom ?? (await this.outbox.lastPosition()));
    let backfilling = true;
    const waiting: LiveEvent[] = [];
    const send = (e: LiveEvent): void => {
      const p = BigInt(e.envelope.position);
      if (p <= last || !mayWatch(user, e)) return;
      last = p;
      res.write(frame(e));
    };
    const subscription = this.caseEvents.dispatched().subscribe((dispatched) => {
      const e = liveEventOf(dispatched);
      if (!e) return;
      if (backfilling) waiting.push(e);
      else send(e);
    });
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('Connection', 'keep-alive');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    res.write('retry: 3000\n\n');
    this.open.add(res);
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    res.on('close', () => {
      clearInterval(heartbeat);
      subscription.unsubscribe();
      this.open.delete(res);
    });
    try {
      if (resumeFrom !== undefined) await this.backfill(user, last, send);
    } finally {
      backfilling = false;
      for (const e of waiting.splice(0).sort((a, b) => Number(BigInt(a.envelope.position) - BigInt(b.envelope.position)))) send(e);
    }
  }

  private async backfill(user: AuthUser, from: bigint, send: (e: LiveEvent) => void): Promise<void> {
    const scope = isOmbudsman(user) ? { agency: null } : user.agency !== null ? { agency: user.agency } : isApplicant(user) ? { agency: null, applicantId: user.id } : null;
    if (!scope) return;
    let after = from.toString();
    for (let read = 0; read < BACKFILL_LIMIT; read += BACKFILL_PAGE) {
      const rows = await this.outbox.feed({ ...scope, after, limit: BACKFILL_PAGE });
      for (const r of rows) send({ envelope: envelopeOf(r), applicantId: r.applicantId, roles: r.roles });
      if (rows.length < BACKFILL_PAGE) return;
      after = rows[rows.length - 1].position as string;
    }
  }
}
