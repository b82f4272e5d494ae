import { EnforcementService } from '@tenggat/enforcement';
import request from 'supertest';
import { createUser, TestUser } from './auth';
import { submitted } from './cases';
import type { TestApp } from './test-app';

export const DAY_MS = 86_400_000;

/** A staff member of one agency with these roles. */
export const staff = (t: TestApp, agency: string, roles: string[], name?: string): Promise<TestUser> =>
  createUser(t, { roles, agency, ...(name ? { name } : {}) });

export interface QueueItem {
  id: string;
  reference: string;
  permitType: string;
  state: string;
  version: number;
  assigneeId: string | null;
  nextDeadline: string | null;
  statutoryDeadline: string | null;
  remainingWorkingDays: number | null;
  statutoryRemainingWorkingDays: number | null;
  clockStopped: boolean;
  warned: boolean;
  breached: boolean;
  stateSlaBreached: boolean;
  escalated: boolean;
}

/** Every item of the caller's queue for this filter, page after page (pageSize 100). */
export async function wholeQueue(t: TestApp, user: TestUser, query: Record<string, string | number> = {}): Promise<QueueItem[]> {
  const items: QueueItem[] = [];
  for (let page = 1; ; page++) {
    const res = await request(t.http).get('/v1/queue').set(user.auth).query({ ...query, page, pageSize: 100 });
    if (res.status !== 200) throw new Error(`queue answered ${res.status}: ${JSON.stringify(res.body)}`);
    const body = res.body as { items: QueueItem[]; total: number };
    items.push(...body.items);
    if (body.items.length < 100 || items.length >= body.total) return items;
  }
}

/** The ids of `items` that are among `mine`, in queue order. */
export const onlyMine = (items: QueueItem[], mine: string[]): string[] => items.map((i) => i.id).filter((id) => mine.includes(id));

/** Submits a complete application as if on `at` (the app's clock is moved there and back). */
export async function submittedAt(t: TestApp, applicant: TestUser, code: string, at: Date): Promise<string> {
  t.clock.set(at);
  try {
    return (await submitted(t, applicant, code)).id;
  } finally {
    t.clock.reset();
  }
}

/** Fires every warning and deadline of the case that is due now, as the timers would. */
export async function fireDueTimers(t: TestApp, caseId: string): Promise<void> {
  const now = t.clock.now();
  const clocks = await t.db.query<{ id: string; epoch: number; warn_at: Date | null; deadline_at: Date | null; warned_at: Date | null; breached_at: Date | null }[]>(
    `SELECT id, epoch, warn_at, deadline_at, warned_at, breached_at FROM clocks WHERE application_id = $1 AND status = 'running'`,
    [caseId],
  );
  const enforcement = t.app.get(EnforcementService);
  for (const c of clocks) {
    if (c.warn_at && !c.warned_at && c.warn_at <= now) await enforcement.onDue({ clockId: c.id, epoch: c.epoch, kind: 'warning' });
    if (c.deadline_at && !c.breached_at && c.deadline_at <= now) await enforcement.onDue({ clockId: c.id, epoch: c.epoch, kind: 'deadline' });
  }
}

export interface AuditRow {
  stream_seq: number;
  action: string;
  actor_id: string | null;
  actor_role: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  comment: string | null;
  data: Record<string, unknown> | null;
}

/** The case's audit events in order (optionally only some actions). */
export async function auditOf(t: TestApp, caseId: string, actions?: string[]): Promise<AuditRow[]> {
  const rows = await t.db.query<AuditRow[]>(
    'SELECT stream_seq, action, actor_id, actor_role, before, after, comment, data FROM audit_events WHERE stream = $1 ORDER BY stream_seq',
    [`case:${caseId}`],
  );
  return actions ? rows.filter((r) => actions.includes(r.action)) : rows;
}

/** The case row as the database has it. */
export async function caseRow(t: TestApp, id: string): Promise<{ state: string; version: number; assignee_id: string | null; status: string; deficiency_notices: number }> {
  const [row] = await t.db.query<{
    state: string;
    version: number;
    assignee_id: string | null;
    status: string;
    deficiency_notices: number;
  }[]>('SELECT state, version, assignee_id, status, deficiency_notices FROM applications WHERE id = $1', [id]);
  return row;
}
