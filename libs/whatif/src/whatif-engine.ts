import type { WorkingCalendar } from './working-calendar';
import type { PermitTypeDefinition } from '@tenggat/workflow';
import { compareWithRecord } from './consistency';
import { replayCase } from './replay';
import { ReportBuilder, WhatIfReport } from './report';
import type { CaseHistory, ReplayRules } from './whatif.types';

/** What a run proposes: any of a permit type definition, changed calendars, a warning share. */
export interface Proposal {
  /** Replaces every version of the permit type with its code. */
  readonly definition?: PermitTypeDefinition;
  /** Calendars with the proposed non-working days, by id (see applyCalendarChange). */
  readonly calendars?: ReadonlyMap<string, WorkingCalendar>;
  /** Replaces every permit type's warning share. */
  readonly warningShare?: number;
}

/** The rules that were in force: each case's pinned definition version and its agency's calendar. */
export interface RulesInForce {
  definition(code: string, version: number): PermitTypeDefinition | undefined;
  calendar(id: string): WorkingCalendar | undefined;
  /** The share of a budget at which warnings fire when a definition does not say. */
  readonly defaultWarningShare: number;
}

/** Builds, per case, the rules in force and the proposed rules. */
export class RuleBook {
  constructor(
    private readonly inForce: RulesInForce,
    private readonly proposal: Proposal,
    private readonly asOf: Date,
  ) {}

  actual(h: CaseHistory): ReplayRules | undefined {
    const definition = this.inForce.definition(h.permitType, h.version);
    const calendar = this.inForce.calendar(h.calendarId);
    if (!definition || !calendar) return undefined;
    return { definition, calendar, warningShare: definition.warningAt ?? this.inForce.defaultWarningShare, asOf: this.asOf };
  }

  proposed(h: CaseHistory, actual: ReplayRules): ReplayRules {
    const p = this.proposal;
    const definition = p.definition && p.definition.code === h.permitType ? p.definition : actual.definition;
    return {
      definition,
      calendar: p.calendars?.get(h.calendarId) ?? actual.calendar,
      warningShare: p.warningShare ?? definition.warningAt ?? this.inForce.defaultWarningShare,
      asOf: this.asOf,
    };
  }

  zone(h: CaseHistory): string {
    return this.inForce.calendar(h.calendarId)?.timeZone ?? 'Asia/Jakarta';
  }
}

/**
 * Replays one case both ways into the report: under the rules in force (compared with the
 * record: the self-consistency check) and under the proposal. A case whose path does not fit
 * the rules in force, or whose clock the demo endpoint moved, is `unreplayable`; one whose path
 * does not fit the proposal is a `misfit`. Both are listed and left out of the figures.
 */
export function replayInto(report: ReportBuilder, book: RuleBook, h: CaseHistory): void {
  report.read();
  const rules = book.actual(h);
  if (!rules) {
    report.misfit(h, { step: -1, at: h.submittedAt, action: 'submit', from: '', reason: `permit type ${h.permitType} v${h.version} or calendar ${h.calendarId} is unknown` }, true);
    return;
  }
  if (h.clockAdjusted) {
    report.misfit(h, { step: -1, at: h.submittedAt, action: 'adjust', from: '', reason: 'a clock of this case was moved by the demo endpoint' }, true);
    return;
  }
  const actual = replayCase(h, rules);
  if (!actual.fit) {
    report.misfit(h, actual.misfit, true);
    return;
  }
  if (h.recorded) report.mismatch(h, compareWithRecord(h.recorded, actual.outcome, rules.asOf));
  const proposed = replayCase(h, book.proposed(h, rules));
  if (!proposed.fit) {
    report.misfit(h, proposed.misfit, false);
    return;
  }
  report.add(h, book.zone(h), actual.outcome, proposed.outcome);
}

export interface RunControl {
  /** Called every `every` cases (and at the end) with the number of cases done. */
  progress?(done: number): Promise<void> | void;
  /** Asked with each progress report: true stops the run. */
  cancelled?(): Promise<boolean> | boolean;
  readonly every?: number;
}

/** Replays every case of `histories` into a report; null when cancelled. */
export async function runWhatIf(histories: AsyncIterable<CaseHistory>, book: RuleBook, control: RunControl = {}): Promise<WhatIfReport | null> {
  const report = new ReportBuilder();
  const every = control.every ?? 1000;
  let done = 0;
  for await (const h of histories) {
    replayInto(report, book, h);
    done++;
    if (done % every === 0) {
      await control.progress?.(done);
      if (await control.cancelled?.()) return null;
    }
  }
  await control.progress?.(done);
  return report.build();
}
