import { DateTime } from 'luxon';
import type { Misfit, Mismatch, ReplayOutcome } from './whatif.types';

/** The figures of one side (actual or proposal) of one group. */
export interface SideFigures {
  /** Cases replayed (submitted in the period, their path fitting both sides). */
  readonly cases: number;
  /** Closed as approved or rejected (withdrawn cases are not decisions). */
  readonly decided: number;
  readonly open: number;
  /** Statutory deadlines that ran out. */
  readonly breaches: number;
  /** breaches / cases, 4 decimals (0 with no cases). */
  readonly breachRate: number;
  /** Working days the statutory clock ran (stops excluded) over decided cases; null with none. */
  readonly medianWorkingDays: number | null;
  readonly p90WorkingDays: number | null;
  readonly workingDaysLate: number;
  readonly warnings: number;
  readonly escalations: number;
  readonly deemedApprovals: number;
  readonly stateBreaches: number;
  readonly compensation: number;
  /** The largest number of this group's cases falling due at one instant. */
  readonly largestCliff: number;
}

export interface ReportGroup {
  readonly agency: string;
  readonly permitType: string;
  /** Month of submission, `YYYY-MM`, in the agency calendar's zone. */
  readonly month: string;
  readonly actual: SideFigures;
  readonly proposal: SideFigures;
}

/** Cases of one agency whose statutory deadline falls at one instant (the end of one working day). */
export interface DeadlineCliff {
  readonly agency: string;
  /** The local date of the instant. */
  readonly date: string;
  readonly instant: string;
  readonly actual: number;
  readonly proposal: number;
}

export interface MisfitRow extends Omit<Misfit, 'at'> {
  readonly caseId: string;
  readonly reference: string | null;
  readonly at: string;
}

export interface MismatchRow extends Mismatch {
  readonly caseId: string;
  readonly reference: string | null;
}

export interface WhatIfReport {
  readonly totals: {
    /** Cases read. */
    readonly cases: number;
    /** Replayed and counted in the figures. */
    readonly replayed: number;
    /** Left out: their recorded path does not fit the proposal (see `misfits`). */
    readonly misfits: number;
    /** Left out: their recorded path does not fit the rules that were in force either, or a clock was moved by the demo endpoint. */
    readonly unreplayable: number;
    /** Steps the records skip (followed silently). */
    readonly gaps: number;
    /** Self-consistency: replayed cases whose replay under the rules in force differs from the record. */
    readonly mismatches: number;
  };
  readonly groups: readonly ReportGroup[];
  readonly cliffs: readonly DeadlineCliff[];
  /** The first misfits (all are counted in totals). */
  readonly misfits: readonly MisfitRow[];
  readonly unreplayable: readonly MisfitRow[];
  /** The first mismatches (all are counted in totals). */
  readonly mismatches: readonly MismatchRow[];
}

interface Acc {
  cases: number;
  decided: number;
  open: number;
  breaches: number;
  late: number;
  warnings: number;
  escalations: number;
  deemed: number;
  stateBreaches: number;
  compensation: number;
  days: number[];
  cliffs: Map<number, number>;
}

const acc = (): Acc => ({ cases: 0, decided: 0, open: 0, breaches: 0, late: 0, warnings: 0, escalations: 0, deemed: 0, stateBreaches: 0, compensation: 0, days: [], cliffs: new Map() });

/** The q-quantile of sorted values (nearest rank), 2 decimals. */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return Math.round(sorted[i] * 100) / 100;
}

export const MAX_LISTED = 1000;

/** Months already placed, per zone, most recent first: `[start, end)` in UTC ms and the label. */
const months = new Map<string, { start: number; end: number; label: string }[]>();
const MONTHS_KEPT = 240;

/**
 * `YYYY-MM` of an instant in a zone. Cases come in order of submission, so the month of the
 * previous case almost always holds the next: its bounds are kept and luxon (whose zone offsets
 * cost microseconds each through Intl) is asked only once per zone and month.
 */
function monthOf(instant: Date, zone: string): string {
  const ms = instant.getTime();
  let ranges = months.get(zone);
  if (!ranges) {
    ranges = [];
    months.set(zone, ranges);
  }
  for (const r of ranges) if (ms >= r.start && ms < r.end) return r.label;
  const first = DateTime.fromMillis(ms, { zone }).startOf('month');
  const r = { start: first.toMillis(), end: first.plus({ months: 1 }).toMillis(), label: first.toFormat('yyyy-MM') };
  ranges.unshift(r);
  if (ranges.length > MONTHS_KEPT) ranges.pop();
  return r.label;
}

/**
 * Collects replayed cases into the report: per agency, permit type and month of submission, the
 * actual and the proposal side by side, and the deadline cliffs per agency and instant.
 */
export class ReportBuilder {
  private readonly groups = new Map<string, { agency: string; permitType: string; month: string; actual: Acc; proposal: Acc }>();
  private readonly cliffs = new Map<string, { agency: string; instant: number; zone: string; actual: number; proposal: number }>();
  private cases = 0;
  private replayed = 0;
  private misfitCount = 0;
  private unreplayableCount = 0;
  private gaps = 0;
  private mismatchCount = 0;
  private readonly misfits: MisfitRow[] = [];
  private readonly unreplayable: MisfitRow[] = [];
  private readonly mismatches: MismatchRow[] = [];

  read(): void {
    this.cases++;
  }

  misfit(c: { id: string; reference: string | null }, m: Misfit, inForce: boolean): void {
    const row = { caseId: c.id, reference: c.reference, step: m.step, at: m.at.toISOString(), action: m.action, from: m.from, reason: m.reason };
    if (inForce) {
      this.unreplayableCount++;
      if (this.unreplayable.length < MAX_LISTED) this.unreplayable.push(row);
    } else {
      this.misfitCount++;
      if (this.misfits.length < MAX_LISTED) this.misfits.push(row);
    }
  }

  mismatch(c: { id: string; reference: string | null }, list: readonly Mismatch[]): void {
    if (list.length === 0) return;
    this.mismatchCount++;
    for (const m of list) if (this.mismatches.length < MAX_LISTED) this.mismatches.push({ caseId: c.id, reference: c.reference, ...m });
  }

  add(c: { agency: string; permitType: string; submittedAt: Date }, zone: string, actual: ReplayOutcome, proposal: ReplayOutcome): void {
    this.replayed++;
    this.gaps += actual.gaps;
    const month = monthOf(c.submittedAt, zone);
    const key = `${c.agency}\u0000${c.permitType}\u0000${month}`;
    let g = this.groups.get(key);
    if (!g) {
      g = { agency: c.agency, permitType: c.permitType, month, actual: acc(), proposal: acc() };
      this.groups.set(key, g);
    }
    this.count(g.actual, actual);
    this.count(g.proposal, proposal);
    this.cliff(c.agency, zone, actual.lastDeadline, 'actual');
    this.cliff(c.agency, zone, proposal.lastDeadline, 'proposal');
  }

  private count(a: Acc, o: ReplayOutcome): void {
    a.cases++;
    if (o.status === 'open') a.open++;
    if (o.outcome === 'approved' || o.outcome === 'rejected') {
      a.decided++;
      a.days.push(o.workingDays);
    }
    if (o.breached) a.breaches++;
    if (o.warned) a.warnings++;
    if (o.escalated) a.escalations++;
    if (o.deemed) a.deemed++;
    a.stateBreaches += o.stateBreaches;
    a.late += o.workingDaysLate;
    a.compensation += o.compensation;
    if (o.lastDeadline) a.cliffs.set(o.lastDeadline.getTime(), (a.cliffs.get(o.lastDeadline.getTime()) ?? 0) + 1);
  }

  private cliff(agency: string, zone: string, d: Date | null, side: 'actual' | 'proposal'): void {
    if (!d) return;
    const key = `${agency}\u0000${d.getTime()}`;
    let c = this.cliffs.get(key);
    if (!c) {
      c = { agency, instant: d.getTime(), zone, actual: 0, proposal: 0 };
      this.cliffs.set(key, c);
    }
    c[side]++;
  }

  build(): WhatIfReport {
    const side = (a: Acc): SideFigures => {
      const days = [...a.days].sort((x, y) => x - y);
      return {
        cases: a.cases,
        decided: a.decided,
        open: a.open,
        breaches: a.breaches,
        breachRate: a.cases === 0 ? 0 : Math.round((a.breaches / a.cases) * 10_000) / 10_000,
        medianWorkingDays: quantile(days, 0.5),
        p90WorkingDays: quantile(days, 0.9),
        workingDaysLate: a.late,
        warnings: a.warnings,
        escalations: a.escalations,
        deemedApprovals: a.deemed,
        stateBreaches: a.stateBreaches,
        compensation: a.compensation,
        largestCliff: Math.max(0, ...a.cliffs.values()),
      };
    };
    const groups = [...this.groups.values()]
      .sort((x, y) => x.agency.localeCompare(y.agency) || x.permitType.localeCompare(y.permitType) || x.month.localeCompare(y.month))
      .map((g) => ({ agency: g.agency, permitType: g.permitType, month: g.month, actual: side(g.actual), proposal: side(g.proposal) }));
    const cliffs = [...this.cliffs.values()]
      .sort((x, y) => x.agency.localeCompare(y.agency) || x.instant - y.instant)
      .map((c) => ({
        agency: c.agency,
        date: DateTime.fromMillis(c.instant, { zone: c.zone }).toISODate() ?? '',
        instant: new Date(c.instant).toISOString(),
        actual: c.actual,
        proposal: c.proposal,
      }));
    return {
      totals: {
        cases: this.cases,
        replayed: this.replayed,
        misfits: this.misfitCount,
        unreplayable: this.unreplayableCount,
        gaps: this.gaps,
        mismatches: this.mismatchCount,
      },
      groups,
      cliffs,
      misfits: this.misfits,
      unreplayable: this.unreplayable,
      mismatches: this.mismatches,
    };
  }
}

const FIGURES: readonly (keyof SideFigures)[] = [
  'cases', 'decided', 'open', 'breaches', 'breachRate', 'medianWorkingDays', 'p90WorkingDays', 'workingDaysLate', 'warnings',
  'escalations', 'deemedApprovals', 'stateBreaches', 'compensation', 'largestCliff',
];

/** The CSV header: the group, then each figure as actual and proposal side by side. */
export const REPORT_CSV_COLUMNS: readonly string[] = ['agency', 'permitType', 'month', ...FIGURES.flatMap((f) => [`${f}Actual`, `${f}Proposal`])];

/** One CSV record per group, in REPORT_CSV_COLUMNS order (empty for null). */
export function reportCsvRecords(report: WhatIfReport): string[][] {
  const cell = (v: number | null): string => (v === null ? '' : String(v));
  return report.groups.map((g) => [g.agency, g.permitType, g.month, ...FIGURES.flatMap((f) => [cell(g.actual[f]), cell(g.proposal[f])])]);
}
