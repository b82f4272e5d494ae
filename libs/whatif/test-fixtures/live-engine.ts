/**
 * Test-only: a model of the live engine producing records. Time moves forward in ticks, as a
 * process sees it; at each tick the due timers are flagged first (late by up to a tick, as a real
 * timer or the reconciler flags them), then a person may take an action the state machine allows
 * (`applyAction`, with an actor holding every role). It records what the engine stores: the
 * steps (with the system's own, at the tick that took them), the statutory deadline, breached,
 * escalated, deemed approved.
 */
import * as math from '@tenggat/sla/clock-math';
import { applyAction, deemedApproval, Effect, initialEffects, initialState, PermitTypeDefinition, timeoutTransition, transitionsFrom } from '@tenggat/workflow';
import type { CaseHistory, RecordedStep } from '../src';
import type { WorkingCalendar } from '../src';

interface LiveClock {
  kind: 'statutory' | 'state' | 'response';
  state: string | null;
  unit: math.ClockUnit;
  status: 'running' | 'stopped' | 'finished';
  budgetMs: number;
  consumedMs: number;
  runStartedAt: Date | null;
  startedAt: Date;
  deadlineAt: Date | null;
  breached: boolean;
  finishedAt: Date | null;
}

export interface Tick {
  /** Time to the next tick. */
  readonly gapMs: number;
  /** Which of the open actions a person takes at that tick (modulo their number), or none. */
  readonly pick: number | null;
}

const ALL = { isOwner: true };

export function liveRecord(def: PermitTypeDefinition, cal: WorkingCalendar, submittedAt: Date, ticks: readonly Tick[], share: number): { history: CaseHistory; asOf: Date } {
  const clocks: LiveClock[] = [];
  const steps: RecordedStep[] = [];
  let state = initialState(def);
  let notices = 0;
  let closed = false;
  let escalated = false;
  let deemed = false;
  const roles = [...new Set([...def.roles, 'applicant', 'supervisor'])];

  const running = (kind: LiveClock['kind'], st: string | null): LiveClock | undefined =>
    [...clocks].reverse().find((c) => c.kind === kind && c.state === st && (kind === 'statutory' || c.status === 'running'));
  const arm = (c: LiveClock): void => {
    c.deadlineAt = math.scheduleOf(cal, c, share).deadline;
  };
  const apply = (effects: readonly Effect[], at: Date): void => {
    for (const e of effects) {
      if (e.kind === 'decision') closed = true;
      else if (e.kind === 'deficiency-notice') notices++;
      else if (e.op === 'start') {
        if (e.kind === 'response-window' && e.calendarDays !== undefined) {
          clocks.push({ kind: 'response', state: e.state, unit: 'calendar-days', status: 'running', budgetMs: e.calendarDays * math.DAY_MS, consumedMs: 0, runStartedAt: at, startedAt: at, deadlineAt: math.calendarDaysDeadline(cal, at, e.calendarDays), breached: false, finishedAt: null });
        } else {
          const days = e.kind === 'statutory-clock' ? e.workingDays : e.kind === 'state-clock' ? e.workingDays : (e.workingDays ?? 0);
          const s = math.start(cal, days * math.DAY_MS, at);
          const c: LiveClock = { kind: e.kind === 'statutory-clock' ? 'statutory' : e.kind === 'state-clock' ? 'state' : 'response', state: e.kind === 'statutory-clock' ? null : e.state, unit: 'working-days', status: 'running', ...s, startedAt: at, deadlineAt: null, breached: false, finishedAt: null };
          arm(c);
          clocks.push(c);
        }
      } else {
        const c = running(e.kind === 'statutory-clock' ? 'statutory' : e.kind === 'state-clock' ? 'state' : 'response', e.kind === 'statutory-clock' ? null : e.state);
        if (!c) continue;
        if (e.op === 'stop' && e.kind === 'statutory-clock') {
          if (c.status !== 'running') continue;
          Object.assign(c, math.stop(cal, c, at), { status: 'stopped', deadlineAt: null });
        } else if (e.op === 'resume') {
          if (c.status !== 'stopped') continue;
          Object.assign(c, math.resume(c, at), { status: 'running' });
          arm(c);
        } else if (c.status !== 'finished') {
          Object.assign(c, { consumedMs: math.consumedInUnit(cal, c, c.unit, at), runStartedAt: null, status: 'finished', finishedAt: at });
        }
      }
    }
  };
  const tick = (now: Date): void => {
    for (let guard = 0; guard < 20 && !closed; guard++) {
      const due = clocks.find((c) => c.status === 'running' && !c.breached && c.deadlineAt && c.deadlineAt.getTime() <= now.getTime());
      if (!due) return;
      due.breached = true;
      if (due.kind === 'response' && due.state === state) {
        const t = timeoutTransition(def, state);
        if (t) {
          steps.push({ at: now, action: t.action, from: t.from, to: t.to, actorRole: 'system' });
          state = t.to;
          apply(t.effects, now);
        }
      } else if (due.kind === 'statutory') {
        if (def.onBreach === 'escalate') escalated = true;
        if (def.onBreach === 'deemed-approval') {
          const t = deemedApproval(def, { state, deficiencyNoticesSent: notices });
          if (t.ok) {
            deemed = true;
            steps.push({ at: now, action: t.action, from: t.from, to: t.to, actorRole: 'system' });
            state = t.to;
            apply(t.effects, now);
          }
        }
      }
    }
  };

  apply(initialEffects(def), submittedAt);
  let now = submittedAt;
  for (const t of ticks) {
    now = new Date(now.getTime() + t.gapMs);
    tick(now);
    if (closed) break;
    if (t.pick === null) continue;
    const options = transitionsFrom(def, state);
    if (options.length === 0) continue;
    const choice = options[t.pick % options.length];
    const r = applyAction(def, { state, deficiencyNoticesSent: notices }, { roles, ...ALL }, { action: choice.action, comment: 'catatan', missingDocuments: def.requirements.slice(0, 1).map((x) => x.code) });
    if (!r.ok) continue; // e.g. the deficiency cap: the engine refuses, nothing is recorded
    steps.push({ at: now, action: r.action, from: r.from, to: r.to, actorRole: 'officer' });
    state = r.to;
    apply(r.effects, now);
  }
  const asOf = new Date(now.getTime() + 1000);
  tick(asOf);
  const stat = running('statutory', null);
  return {
    asOf,
    history: {
      id: 'case',
      reference: null,
      agency: def.agency,
      permitType: def.code,
      version: 1,
      calendarId: 'cal',
      submittedAt,
      steps,
      recorded: { deadline: stat?.deadlineAt ?? null, breached: stat?.breached ?? false, escalated, deemed },
    },
  };
}
