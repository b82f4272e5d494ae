import * as math from '@tenggat/sla/clock-math';
import {
  clockStopped,
  deemedApproval,
  Effect,
  FinalOutcome,
  initialEffects,
  initialState,
  PermitTypeDefinition,
  stateDefinition,
  timeoutTransition,
  transitionEffects,
  transitionOf,
  DEEMED_APPROVAL_ACTION,
  RESPONSE_TIMEOUT_ACTION,
} from '@tenggat/workflow';
import type { CaseHistory, Misfit, ReplayOutcome, ReplayResult, ReplayRules } from './whatif.types';
import type { WorkingCalendar } from './working-calendar';

const DAY = math.DAY_MS;

/** Actions the system takes on its own: the replay recomputes them instead of following the record. */
export const SYSTEM_ACTIONS: readonly string[] = [DEEMED_APPROVAL_ACTION, RESPONSE_TIMEOUT_ACTION];

type Kind = 'statutory' | 'state' | 'response';

/**
 * One clock of the replayed case, with the fields ClockService keeps on a `clocks` row and the
 * same lifecycle (start, stop, resume, finish), computed with the same pure clock maths.
 */
interface SimClock {
  readonly kind: Kind;
  readonly state: string | null;
  readonly unit: math.ClockUnit;
  status: 'running' | 'stopped' | 'finished';
  budgetMs: number;
  consumedMs: number;
  runStartedAt: Date | null;
  startedAt: Date;
  deadlineAt: Date | null;
  warnAt: Date | null;
  warnedAt: Date | null;
  breachedAt: Date | null;
  finishedAt: Date | null;
}

interface Due {
  readonly clock: SimClock;
  readonly kind: 'warning' | 'deadline';
  readonly at: Date;
}

/** Ties at one instant: warnings first, then the statutory clock, then state clocks, then response windows. */
const ORDER: Record<Kind, number> = { statutory: 0, state: 1, response: 2 };

/**
 * Replays one case's recorded history under `rules` and says what its statutory clock and
 * breach policy would have come to. Pure: the same history and rules give the same answer.
 *
 * - Submission starts the clocks of `initialEffects` at the recorded instant.
 * - Each recorded step is taken again at its instant: the proposal's transition for the recorded
 *   (state, action) decides where the case goes and which clocks stop, resume, start or finish
 *   (`transitionEffects`, as the engine carries them out). A step whose state or action the
 *   rules do not have, or that the rules' path no longer reaches, does not fit: the case is
 *   reported with that step and left out of the figures.
 * - The system's own steps (a lapsed response window, a deemed approval) are not followed but
 *   recomputed: before each step, and at the end up to `asOf`, every timer due under the rules
 *   fires in time order (warning, breach with the permit type's policy: flag, escalate or deemed
 *   approval; a state SLA breach; a response window's lapse).
 */
export function replayCase(history: CaseHistory, rules: ReplayRules): ReplayResult {
  return new CaseReplay(history, rules).run();
}

class CaseReplay {
  private readonly def: PermitTypeDefinition;
  private readonly cal: WorkingCalendar;
  private readonly clocks: SimClock[] = [];
  private state: string;
  private notices = 0;
  private closed: { outcome: FinalOutcome; at: Date } | null = null;
  /** The case was closed by a timer (a lapse, a deemed approval), not by a recorded step. */
  private closedBySystem = false;
  private escalated = false;
  private deemed = false;
  private stateBreaches = 0;
  private gaps = 0;
  private overtaken = 0;
  private lastDeadline: Date | null = null;

  constructor(
    private readonly history: CaseHistory,
    private readonly rules: ReplayRules,
  ) {
    this.def = rules.definition;
    this.cal = rules.calendar;
    this.state = initialState(this.def);
  }

  run(): ReplayResult {
    const h = this.history;
    this.carryOut(initialEffects(this.def), h.submittedAt);
    let recordedState = this.state;
    for (let i = 0; i < h.steps.length; i++) {
      const step = h.steps[i];
      this.fireUntil(step.at, false);
      if (!SYSTEM_ACTIONS.includes(step.action) && !stateDefinition(this.def, step.from)) {
        return { fit: false, misfit: { step: i, at: step.at, action: step.action, from: step.from, reason: `state "${step.from}" is not in the rules` } };
      }
      if (this.closed) {
        if (this.closedBySystem) {
          this.overtaken += h.steps.length - i; // e.g. an earlier deemed approval: the rest never happened
          break;
        }
        const reason = `the rules closed the case (${this.state}) at an earlier step; the record goes on`;
        return { fit: false, misfit: { step: i, at: step.at, action: step.action, from: step.from, reason } };
      }
      if (SYSTEM_ACTIONS.includes(step.action)) {
        recordedState = step.to;
        continue; // recomputed by the timers, not followed
      }
      const misfit = this.take(i, recordedState);
      if (misfit) return { fit: false, misfit };
      recordedState = step.to;
    }
    this.fireUntil(this.rules.asOf, true);
    return { fit: true, outcome: this.outcome() };
  }

  /** Takes recorded step `i`; answers why it does not fit, if it does not. */
  private take(i: number, recordedState: string): Misfit | undefined {
    const step = this.history.steps[i];
    const misfit = (reason: string): Misfit => ({ step: i, at: step.at, action: step.action, from: step.from, reason });
    if (!stateDefinition(this.def, step.from)) return misfit(`state "${step.from}" is not in the rules`);
    const t = transitionOf(this.def, step.action, step.from);
    if (!t) return misfit(`action "${step.action}" cannot be taken in state "${step.from}" under the rules`);
    if (this.state !== step.from) {
      // the record itself jumps (it did not record the steps in between): follow it silently
      if (recordedState !== step.from) {
        this.gaps++;
        this.move(this.state, step.from, step.at);
      } else {
        return misfit(`the rules lead the case to "${this.state}", the record was in "${step.from}"`);
      }
    }
    if (clockStopped(this.def, t.to) && this.notices >= this.def.deficiencyNotices.max) {
      return misfit(`the rules allow ${this.def.deficiencyNotices.max} deficiency notice(s); this would be notice ${this.notices + 1}`);
    }
    this.closedBySystem = false;
    this.move(step.from, t.to, step.at);
    return undefined;
  }

  private move(from: string, to: string, at: Date): void {
    const effects = transitionEffects(this.def, from, to);
    this.state = to;
    this.carryOut(effects, at);
  }

  /** Fires every timer due before `until` (or at it, when `inclusive`), earliest first. */
  private fireUntil(until: Date, inclusive: boolean): void {
    const limit = until.getTime();
    for (;;) {
      if (this.closed) return;
      const next = this.nextDue();
      if (!next) return;
      const t = next.at.getTime();
      if (t > limit || (t === limit && !inclusive)) return;
      this.fire(next);
    }
  }

  private nextDue(): Due | undefined {
    let best: Due | undefined;
    const consider = (d: Due): void => {
      if (!best) {
        best = d;
        return;
      }
      const dt = d.at.getTime() - best.at.getTime();
      if (dt < 0 || (dt === 0 && (rank(d) < rank(best)))) best = d;
    };
    for (const c of this.clocks) {
      if (c.status !== 'running') continue;
      if (c.warnAt && !c.warnedAt) consider({ clock: c, kind: 'warning', at: c.warnAt });
      if (c.deadlineAt && !c.breachedAt) consider({ clock: c, kind: 'deadline', at: c.deadlineAt });
    }
    return best;
  }

  private fire(d: Due): void {
    const c = d.clock;
    this.closedBySystem = true; // whatever this timer closes, it closes as the system
    if (d.kind === 'warning') {
      c.warnedAt = d.at;
      return;
    }
    c.breachedAt = d.at;
    if (c.kind === 'state') {
      this.stateBreaches++;
      return;
    }
    if (c.kind === 'response') {
      if (c.state !== this.state) return;
      const t = timeoutTransition(this.def, this.state);
      if (t) {
        this.state = t.to;
        this.carryOut(t.effects, d.at);
      }
      return;
    }
    // the statutory deadline: the permit type's policy
    if (this.def.onBreach === 'escalate') this.escalated = true;
    else if (this.def.onBreach === 'deemed-approval') {
      const t = deemedApproval(this.def, { state: this.state, deficiencyNoticesSent: this.notices });
      if (t.ok) {
        this.deemed = true;
        this.state = t.to;
        this.carryOut(t.effects, d.at);
      }
    }
  }

  /** The effects of a transition on the clocks and the case, as CaseEffects and the case row carry them out. */
  private carryOut(effects: readonly Effect[], at: Date): void {
    for (const e of effects) {
      switch (e.kind) {
        case 'statutory-clock': {
          if (e.op === 'start') {
            this.startWorkingDays('statutory', null, e.workingDays, at);
            break;
          }
          const c = this.latest('statutory', null, false);
          if (!c) break;
          if (e.op === 'stop') this.stop(c, at);
          else if (e.op === 'resume') this.resume(c, at);
          else this.finish(c, at);
          break;
        }
        case 'state-clock': {
          if (e.op === 'start') this.startWorkingDays('state', e.state, e.workingDays, at);
          else {
            const c = this.latest('state', e.state, true);
            if (c) this.finish(c, at);
          }
          break;
        }
        case 'response-window': {
          if (e.op === 'start') {
            if (e.calendarDays !== undefined) this.startCalendarDays(e.state, e.calendarDays, at);
            else this.startWorkingDays('response', e.state, e.workingDays, at);
          } else {
            const c = this.latest('response', e.state, true);
            if (c) this.finish(c, at);
          }
          break;
        }
        case 'deficiency-notice':
          this.notices++;
          break;
        case 'decision':
          this.closed = { outcome: e.outcome, at };
          break;
      }
    }
  }

  private latest(kind: Kind, state: string | null, runningOnly: boolean): SimClock | undefined {
    for (let i = this.clocks.length - 1; i >= 0; i--) {
      const c = this.clocks[i];
      if (c.kind === kind && c.state === state && (!runningOnly || c.status === 'running')) return c;
    }
    return undefined;
  }

  private startWorkingDays(kind: Kind, state: string | null, workingDays: number, at: Date): void {
    const s = math.start(this.cal, workingDays * DAY, at);
    const c: SimClock = {
      kind,
      state,
      unit: 'working-days',
      status: 'running',
      budgetMs: s.budgetMs,
      consumedMs: 0,
      runStartedAt: s.runStartedAt,
      startedAt: at,
      deadlineAt: null,
      warnAt: null,
      warnedAt: kind === 'response' ? at : null, // the applicant's window warns nobody
      breachedAt: null,
      finishedAt: null,
    };
    this.schedule(c);
    if (kind === 'response') c.warnAt = null;
    this.clocks.push(c);
  }

  private startCalendarDays(state: string, days: number, at: Date): void {
    this.clocks.push({
      kind: 'response',
      state,
      unit: 'calendar-days',
      status: 'running',
      budgetMs: days * DAY,
      consumedMs: 0,
      runStartedAt: at,
      startedAt: at,
      deadlineAt: math.calendarDaysDeadline(this.cal, at, days),
      warnAt: null,
      warnedAt: at,
      breachedAt: null,
      finishedAt: null,
    });
  }

  private schedule(c: SimClock): void {
    const s = math.scheduleOf(this.cal, c, this.rules.warningShare);
    c.deadlineAt = s.deadline;
    c.warnAt = s.warnAt;
    if (c.kind === 'statutory') this.lastDeadline = s.deadline;
  }

  private stop(c: SimClock, at: Date): void {
    if (c.status !== 'running') return;
    const next = math.stop(this.cal, c, at);
    Object.assign(c, { consumedMs: next.consumedMs, runStartedAt: null, status: 'stopped', deadlineAt: null, warnAt: null });
  }

  private resume(c: SimClock, at: Date): void {
    if (c.status !== 'stopped') return;
    c.runStartedAt = math.resume(c, at).runStartedAt;
    c.status = 'running';
    this.schedule(c);
  }

  private finish(c: SimClock, at: Date): void {
    if (c.status === 'finished') return;
    c.consumedMs = math.consumedInUnit(this.cal, c, c.unit, at);
    c.runStartedAt = null;
    c.status = 'finished';
    c.finishedAt = at;
  }

  private outcome(): ReplayOutcome {
    const asOf = this.rules.asOf;
    const stat = this.latest('statutory', null, false);
    const consumed = stat ? math.consumedAt(this.cal, stat, stat.finishedAt ?? asOf).ms : 0;
    let late = 0;
    if (stat) {
      late = stat.deadlineAt ? math.workingDaysLate(this.cal, stat.deadlineAt, stat.finishedAt ?? asOf) : math.workingDaysOver(consumed, stat.budgetMs);
    }
    return {
      status: this.closed ? 'closed' : 'open',
      state: this.state,
      outcome: this.closed?.outcome ?? null,
      decidedAt: this.closed?.at ?? null,
      deadline: stat?.deadlineAt ?? null,
      lastDeadline: this.lastDeadline,
      breached: stat?.breachedAt != null,
      breachedAt: stat?.breachedAt ?? null,
      warned: stat?.warnedAt != null,
      escalated: this.escalated,
      deemed: this.deemed,
      workingDays: math.toDays(consumed),
      workingDaysLate: late,
      compensation: math.compensationOwed(late, this.def.delayCompensation),
      stateBreaches: this.stateBreaches,
      gaps: this.gaps,
      overtakenSteps: this.overtaken,
    };
  }
}

function rank(d: Due): number {
  return (d.kind === 'warning' ? 0 : 10) + ORDER[d.clock.kind];
}
