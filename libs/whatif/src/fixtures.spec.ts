import { BusinessCalendar } from '@tenggat/calendar';
import { applyCalendarChange, CaseHistory, calendarChangeFaults, replayCase, replayInto, ReportBuilder, RuleBook } from '.';
import { definition, definitionText, resolvedCalendars } from '../test-fixtures/shipped';

/**
 * Hand-computed fixtures on sertifikat-standar (10 working days, deemed approval; agency
 * kementerian-investasi, calendar id-national, WIB). July 2026 has no holiday between 17 June and
 * 17 August, so working days are the weekdays. A case submitted on Monday 6 July counts from
 * Tuesday 7 July: 10 working days end on Monday 20 July (23:59:59.999 WIB = 16:59:59.999Z),
 * 5 working days on Monday 13 July.
 */
const wib = (local: string): Date => new Date(`${local}+07:00`);
const END_20_JULY = '2026-07-20T16:59:59.999Z';
const END_21_JULY = '2026-07-21T16:59:59.999Z';
const END_13_JULY = '2026-07-13T16:59:59.999Z';
const END_30_JULY = '2026-07-30T16:59:59.999Z';

const tenDays = definition('sertifikat-standar');
/** The proposal: 5 working days (the per-state SLAs must fit in them: workflow:check refuses 7 + 3 > 5). */
export const FIVE_DAYS_TEXT = definitionText('sertifikat-standar')
  .replace('processingTime: {workingDays: 10}', 'processingTime: {workingDays: 5}')
  .replace('sla: {workingDays: 7}', 'sla: {workingDays: 3}')
  .replace('sla: {workingDays: 3}\n  approved', 'sla: {workingDays: 2}\n  approved');
const fiveDays = definition('sertifikat-standar', FIVE_DAYS_TEXT);
const calendars = resolvedCalendars();
const national = new BusinessCalendar(calendars.find((c) => c.id === 'id-national')!);
const asOf = new Date('2026-11-30T03:00:00Z');

function approvedCase(id: string, submitted: string, verify: string, approve: string): CaseHistory {
  return {
    id,
    reference: id,
    agency: 'kementerian-investasi',
    permitType: 'sertifikat-standar',
    version: 1,
    calendarId: 'id-national',
    submittedAt: wib(submitted),
    steps: [
      { at: wib(verify), action: 'verify', from: 'verification', to: 'decision', actorRole: 'verifier' },
      { at: wib(approve), action: 'approve', from: 'decision', to: 'approved', actorRole: 'approver' },
    ],
  };
}

const cases = [
  approvedCase('A', '2026-07-06T10:00', '2026-07-08T10:00', '2026-07-15T10:00'), // 7th working day
  approvedCase('B', '2026-07-06T10:00', '2026-07-07T10:00', '2026-07-09T10:00'), // 3rd
  approvedCase('C', '2026-07-06T10:00', '2026-07-08T10:00', '2026-07-14T10:00'), // 6th
  approvedCase('D', '2026-07-06T10:00', '2026-07-08T10:00', '2026-07-13T15:00'), // within the 5th
  approvedCase('E', '2026-07-16T10:00', '2026-07-17T10:00', '2026-07-21T10:00'), // after the proposed holiday
];

const rules = { definition: tenDays, calendar: national, warningShare: 0.8, asOf };
const replay = (c: CaseHistory, r = rules): NonNullable<Extract<ReturnType<typeof replayCase>, { fit: true }>['outcome']> => {
  const out = replayCase(c, r);
  if (!out.fit) throw new Error(JSON.stringify(out.misfit));
  return out.outcome;
};

describe('hand-computed: shortening sertifikat-standar from 10 to 5 working days', () => {
  it('under 10 days every case is on time, with the deadline at the end of 20 July', () => {
    for (const c of cases.slice(0, 4)) expect(replay(c)).toMatchObject({ deadline: new Date(END_20_JULY), breached: false, deemed: false, outcome: 'approved' });
  });

  it('under 5 days A and C breach on 13 July and are approved by law then; B and D do not', () => {
    const five = { ...rules, definition: fiveDays };
    for (const id of ['A', 'C']) {
      expect(replay(cases.find((c) => c.id === id)!, five)).toMatchObject({
        deadline: new Date(END_13_JULY),
        breached: true,
        breachedAt: new Date(END_13_JULY),
        deemed: true,
        decidedAt: new Date(END_13_JULY),
        workingDaysLate: 0,
      });
    }
    for (const id of ['B', 'D']) expect(replay(cases.find((c) => c.id === id)!, five)).toMatchObject({ deadline: new Date(END_13_JULY), breached: false, deemed: false });
  });

  it('the report counts two more breaches and deemed approvals in July, side by side', () => {
    const report = new ReportBuilder();
    const book = new RuleBook({ definition: () => tenDays, calendar: () => national, defaultWarningShare: 0.8 }, { definition: fiveDays }, asOf);
    for (const c of cases) replayInto(report, book, c);
    const built = report.build();
    expect(built.totals).toMatchObject({ cases: 5, replayed: 5, misfits: 0, mismatches: 0 });
    expect(built.groups).toHaveLength(1);
    expect(built.groups[0]).toMatchObject({
      agency: 'kementerian-investasi',
      permitType: 'sertifikat-standar',
      month: '2026-07',
      actual: { cases: 5, decided: 5, breaches: 0, deemedApprovals: 0, breachRate: 0, largestCliff: 4 },
      proposal: { cases: 5, decided: 5, breaches: 2, deemedApprovals: 2, breachRate: 0.4, largestCliff: 4 },
    });
    // the cliff of 20 July (four cases) moves to 13 July
    expect(built.cliffs.filter((c) => c.date === '2026-07-20')).toEqual([expect.objectContaining({ actual: 4, proposal: 0 })]);
    expect(built.cliffs.filter((c) => c.date === '2026-07-13')).toEqual([expect.objectContaining({ actual: 0, proposal: 4 })]);
  });
});

describe('hand-computed: a proposed holiday on Wednesday 15 July', () => {
  const change = { calendar: 'id-national', add: [{ date: '2026-07-15', name: 'Libur usulan' }] };
  const changed = applyCalendarChange(calendars, change);
  const withHoliday = new BusinessCalendar(changed.find((c) => c.id === 'id-national')!);

  it('is a valid change; removing a day that is not off, or a bad date, is not', () => {
    expect(calendarChangeFaults(change, calendars)).toEqual([]);
    expect(calendarChangeFaults({ calendar: 'id-national', remove: ['2026-07-15'] }, calendars)).toEqual([expect.objectContaining({ path: 'remove[0]' })]);
    expect(calendarChangeFaults({ calendar: 'nowhere', add: [{ date: '2026-02-30' }] }, calendars).map((f) => f.path)).toEqual(['calendar', 'add[0].date']);
  });

  it('moves the deadline of the cases it falls inside by one working day (20 -> 21 July), and no other', () => {
    const r = { ...rules, calendar: withHoliday };
    expect(replay(cases[0], r).deadline).toEqual(new Date(END_21_JULY));
    expect(replay(cases[1], r).deadline).toEqual(new Date(END_21_JULY));
    expect(replay(cases[4]).deadline).toEqual(new Date(END_30_JULY));
    expect(replay(cases[4], r).deadline).toEqual(new Date(END_30_JULY));
  });

  it('applies to calendars extending the changed one (kota-contoh extends id-national)', () => {
    const kota = new BusinessCalendar(changed.find((c) => c.id === 'kota-contoh')!);
    expect(kota.isWorkingDay('2026-07-15')).toBe(false);
    expect(kota.isWorkingDay('2026-07-16')).toBe(true);
    const sulsel = new BusinessCalendar(applyCalendarChange(calendars, { calendar: 'kota-contoh', add: [{ date: '2026-07-15' }] }).find((c) => c.id === 'sulsel')!);
    expect(sulsel.isWorkingDay('2026-07-15')).toBe(true);
  });
});

describe('paths that do not fit', () => {
  it('a proposal without the "decision" state reports the case and the step, and leaves it out', () => {
    const text = definitionText('sertifikat-standar');
    const noDecision = definition(
      'sertifikat-standar',
      text
        .replace(/ {2}decision:\n( {4}.*\n)+/, '')
        .replace(
          / {2}- \{from: verification, action: verify, to: decision.*\n/,
          '  - {from: verification, action: verify, to: approved, roles: [verifier], requires: [comment]}\n  - {from: verification, action: reject, to: rejected, roles: [verifier], requires: [comment]}\n',
        )
        .replace(/ {2}- \{from: decision,.*\n/g, ''),
    );
    const report = new ReportBuilder();
    const book = new RuleBook({ definition: () => tenDays, calendar: () => national, defaultWarningShare: 0.8 }, { definition: noDecision }, asOf);
    for (const c of cases) replayInto(report, book, c);
    const built = report.build();
    expect(built.totals).toMatchObject({ cases: 5, replayed: 0, misfits: 5 });
    expect(built.misfits[0]).toMatchObject({ caseId: 'A', step: 1, action: 'approve', from: 'decision', reason: 'state "decision" is not in the rules' });
    expect(built.groups).toEqual([]);
  });
});
