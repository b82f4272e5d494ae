import { BusinessCalendar } from './business-calendar';
import { resolveCalendar } from './calendar-resolver';
import { CalendarDefinition, DAY_MS } from './calendar.types';
import { at, local, shippedCalendar, shippedResolved } from './shipped-calendars.fixture';

const JKT = 'Asia/Jakarta';
const MKS = 'Asia/Makassar';
const JAP = 'Asia/Jayapura';
const HOUR = 3_600_000;

const national = () => shippedCalendar('id-national');

/** deadline rendered as local date + provisional flag. */
function dl(cal: BusinessCalendar, zone: string, start: Date, n: number): string {
  const r = cal.deadline(start, n);
  return `${local(r.deadline, zone)}${r.provisional ? ' provisional' : ''}`;
}

describe('BusinessCalendar: days', () => {
  it.each([
    ['2026-03-17', true],
    ['2026-03-18', false],
    ['2026-03-19', false],
    ['2026-03-20', false],
    ['2026-03-21', false],
    ['2026-03-22', false],
    ['2026-03-23', false],
    ['2026-03-24', false],
    ['2026-03-25', true],
    ['2026-02-13', true],
    ['2026-02-16', false],
    ['2026-02-17', false],
    ['2026-02-18', true],
    ['2026-01-10', false], // Saturday
    ['2025-08-18', false], // amendment
    ['2025-08-19', true],
    ['2025-12-24', true],
    ['2025-12-26', false],
    ['2026-12-24', false],
  ])('isWorkingDay(%s) = %s', (date, working) => {
    expect(national().isWorkingDay(date)).toBe(working);
  });

  it('rejects malformed local dates', () => {
    expect(() => national().isWorkingDay('2026-02-30')).toThrow(RangeError);
    expect(() => national().isWorkingDay('17/03/2026')).toThrow(RangeError);
  });

  it('lists the non-working days of a year with their kind', () => {
    const days = national().nonWorkingDays(2026);
    expect(days).toHaveLength(25);
    expect(days.filter((d) => d.kind === 'collective-leave').map((d) => d.date)).toEqual([
      '2026-02-16', '2026-03-18', '2026-03-20', '2026-03-23', '2026-03-24', '2026-05-15', '2026-05-28', '2026-12-24',
    ]);
    expect(days[0]).toEqual({ date: '2026-01-01', name: 'Tahun Baru 2026 Masehi', kind: 'holiday', calendarId: 'id-national' });
    expect(shippedCalendar('kota-contoh').nonWorkingDays(2026).filter((d) => d.kind === 'regional')).toEqual([
      { date: '2026-04-07', name: 'Hari Jadi Kota Contoh', kind: 'regional', calendarId: 'kota-contoh' },
    ]);
    expect(shippedCalendar('kota-contoh').nonWorkingDays(2025).some((d) => d.kind === 'regional')).toBe(false);
  });

  it('falls back to date-holidays for a year without data and flags it provisional', () => {
    const cal = national();
    expect(cal.years()).toEqual([2025, 2026]);
    expect(cal.isOfficialYear(2026)).toBe(true);
    expect(cal.isOfficialYear(2027)).toBe(false);
    const days = cal.nonWorkingDays(2027);
    expect(days.length).toBeGreaterThan(10);
    expect(days.every((d) => d.kind === 'holiday' && d.calendarId === null)).toBe(true);
    expect(days.map((d) => d.date)).toEqual(expect.arrayContaining(['2027-01-01', '2027-08-17', '2027-12-25']));
    expect(cal.isWorkingDay('2027-01-01')).toBe(false);
    expect(cal.describeDay('2027-01-04')).toMatchObject({ working: true, provisional: true });
    // annual regional days continue into computed years
    expect(shippedCalendar('sulsel').nonWorkingDays(2027)).toContainEqual({
      date: '2027-10-19', name: 'Hari Jadi Provinsi Sulawesi Selatan', kind: 'regional', calendarId: 'sulsel',
    });
  });

  it('describes a day with all its reasons', () => {
    expect(national().describeDay('2026-03-22')).toEqual({
      date: '2026-03-22',
      weekday: 7,
      working: false,
      provisional: false,
      reasons: [
        { date: '2026-03-22', name: 'Akhir pekan', kind: 'weekend', calendarId: null },
        { date: '2026-03-22', name: 'Idul Fitri 1447 Hijriah (hari kedua)', kind: 'holiday', calendarId: 'id-national' },
      ],
    });
    expect(national().describeDay('2025-08-18').reasons).toEqual([
      expect.objectContaining({ kind: 'collective-leave', name: expect.stringMatching(/Kemerdekaan/) }),
    ]);
    expect(national().describeDay('2026-03-25')).toMatchObject({ working: true, reasons: [] });
  });
});

describe('BusinessCalendar: local days and zones', () => {
  it('uses the calendar zone: 2026-03-17T17:30Z is 18 March everywhere in Indonesia', () => {
    const t = new Date('2026-03-17T17:30:00Z');
    expect(national().localDate(t)).toBe('2026-03-18');
    expect(shippedCalendar('sulsel').localDate(t)).toBe('2026-03-18');
    expect(shippedCalendar('id-national-wit').localDate(t)).toBe('2026-03-18');
  });

  it('2026-03-17T16:30Z is still 17 March in Jakarta but 18 March in Makassar and Jayapura', () => {
    const t = new Date('2026-03-17T16:30:00Z');
    expect(national().localDate(t)).toBe('2026-03-17');
    expect(shippedCalendar('sulsel').localDate(t)).toBe('2026-03-18');
    expect(shippedCalendar('id-national-wit').localDate(t)).toBe('2026-03-18');
    expect(national().endOfDay(t).toISOString()).toBe('2026-03-17T16:59:59.999Z');
    expect(shippedCalendar('sulsel').endOfDay(t).toISOString()).toBe('2026-03-18T15:59:59.999Z');
    expect(shippedCalendar('id-national-wit').endOfDay(t).toISOString()).toBe('2026-03-18T14:59:59.999Z');
  });

  it('the same instant can start the clock on different days, giving different deadlines', () => {
    // Monday 16 March 23:30 WIB = Tuesday 17 March 00:30 WITA
    const t = new Date('2026-03-16T16:30:00Z');
    expect(dl(national(), JKT, t, 1)).toBe('2026-03-17T23:59:59.999+07:00');
    expect(dl(shippedCalendar('sulsel'), MKS, t, 1)).toBe('2026-03-25T23:59:59.999+08:00');
    // Monday 16 March 22:30 WIB = 23:30 WITA = Tuesday 17 March 00:30 WIT
    const u = new Date('2026-03-16T15:30:00Z');
    expect(dl(shippedCalendar('sulsel'), MKS, u, 1)).toBe('2026-03-17T23:59:59.999+08:00');
    expect(dl(shippedCalendar('id-national-wit'), JAP, u, 1)).toBe('2026-03-25T23:59:59.999+09:00');
  });

  it('gives local day bounds', () => {
    expect(national().startOfLocalDay('2026-03-25').toISOString()).toBe('2026-03-24T17:00:00.000Z');
    expect(national().endOfLocalDay('2026-03-25').toISOString()).toBe('2026-03-25T16:59:59.999Z');
    expect(local(national().endOfDay(at('2026-03-25T00:00', JKT)), JKT)).toBe('2026-03-25T23:59:59.999+07:00');
    expect(local(national().endOfDay(at('2026-03-25T23:59:59.999', JKT)), JKT)).toBe('2026-03-25T23:59:59.999+07:00');
  });
});

describe('BusinessCalendar: deadline', () => {
  it.each<[string, string, number, string]>([
    // 2026 Idul Fitri cluster: 18-24 March all non-working
    ['Tue before the cluster', '2026-03-17T10:00', 1, '2026-03-25T23:59:59.999+07:00'],
    ['Tue before the cluster, 2 days', '2026-03-17T10:00', 2, '2026-03-26T23:59:59.999+07:00'],
    ['Mon before the cluster', '2026-03-16T10:00', 1, '2026-03-17T23:59:59.999+07:00'],
    ['Mon before the cluster, 2 days', '2026-03-16T10:00', 2, '2026-03-25T23:59:59.999+07:00'],
    ['inside the cluster', '2026-03-19T10:00', 1, '2026-03-25T23:59:59.999+07:00'],
    ['last minute of 17 March', '2026-03-17T23:59', 1, '2026-03-25T23:59:59.999+07:00'],
    ['first minute of 17 March', '2026-03-17T00:00', 1, '2026-03-25T23:59:59.999+07:00'],
    ['N = 0 is the end of the start day', '2026-03-17T10:00', 0, '2026-03-17T23:59:59.999+07:00'],
    ['N = 0 on a holiday', '2026-03-19T10:00', 0, '2026-03-19T23:59:59.999+07:00'],
    // Imlek 16-17 Feb 2026
    ['Thu before Imlek', '2026-02-12T09:00', 1, '2026-02-13T23:59:59.999+07:00'],
    ['Thu before Imlek, 2 days', '2026-02-12T09:00', 2, '2026-02-18T23:59:59.999+07:00'],
    ['Fri before Imlek', '2026-02-13T09:00', 1, '2026-02-18T23:59:59.999+07:00'],
    // submissions on a weekend
    ['Saturday', '2026-01-10T11:00', 1, '2026-01-12T23:59:59.999+07:00'],
    ['Saturday before Imlek', '2026-02-14T11:00', 1, '2026-02-18T23:59:59.999+07:00'],
    ['Sunday before Imlek', '2026-02-15T11:00', 3, '2026-02-20T23:59:59.999+07:00'],
    // year end 2025 -> 2026 (both official)
    ['Tue 23 Dec 2025', '2025-12-23T10:00', 1, '2025-12-24T23:59:59.999+07:00'],
    ['Wed 24 Dec 2025', '2025-12-24T10:00', 1, '2025-12-29T23:59:59.999+07:00'],
    ['Wed 24 Dec 2025, 4 days', '2025-12-24T10:00', 4, '2026-01-02T23:59:59.999+07:00'],
    ['Wed 31 Dec 2025', '2025-12-31T10:00', 1, '2026-01-02T23:59:59.999+07:00'],
    // August 2025 amendment: 18 Aug 2025 collective leave
    ['Fri 15 Aug 2025', '2025-08-15T10:00', 1, '2025-08-19T23:59:59.999+07:00'],
    ['Thu 14 Aug 2025, 2 days', '2025-08-14T10:00', 2, '2025-08-19T23:59:59.999+07:00'],
    // a statutory 28 working days from the 2026 cluster
    ['28 working days (Wafat Yesus Kristus, Hari Buruh skipped)', '2026-03-17T10:00', 28, '2026-05-05T23:59:59.999+07:00'],
  ])('%s: %s + %i -> %s', (_label, start, n, expected) => {
    expect(dl(national(), JKT, at(start, JKT), n)).toBe(expected);
  });

  it('year end 2026 -> 2027: 2027 has no official list, so results touching it are provisional', () => {
    const cal = national();
    expect(dl(cal, JKT, at('2026-12-23T10:00', JKT), 1)).toBe('2026-12-28T23:59:59.999+07:00');
    expect(dl(cal, JKT, at('2026-12-23T10:00', JKT), 4)).toBe('2026-12-31T23:59:59.999+07:00');
    // 1 Jan 2027 (computed holiday), 2-3 Jan weekend
    expect(dl(cal, JKT, at('2026-12-23T10:00', JKT), 5)).toBe('2027-01-04T23:59:59.999+07:00 provisional');
    expect(dl(cal, JKT, at('2026-12-31T10:00', JKT), 1)).toBe('2027-01-04T23:59:59.999+07:00 provisional');
    // the start day is not consulted: a 2026 result from 31 Dec 2024 (computed) is not provisional
    expect(dl(cal, JKT, at('2024-12-31T10:00', JKT), 1)).toBe('2025-01-02T23:59:59.999+07:00');
    expect(cal.deadline(at('2024-12-30T10:00', JKT), 1).provisional).toBe(true);
  });

  it('counts regional days of agency calendars', () => {
    expect(dl(national(), JKT, at('2026-04-06T10:00', JKT), 1)).toBe('2026-04-07T23:59:59.999+07:00');
    expect(dl(shippedCalendar('kota-contoh'), JKT, at('2026-04-06T10:00', JKT), 1)).toBe('2026-04-08T23:59:59.999+07:00');
    expect(dl(shippedCalendar('sulsel'), MKS, at('2026-10-16T10:00', MKS), 1)).toBe('2026-10-20T23:59:59.999+08:00');
    expect(dl(shippedCalendar('sulsel'), MKS, at('2027-10-18T10:00', MKS), 1)).toBe('2027-10-20T23:59:59.999+08:00 provisional');
  });

  it('rejects invalid arguments', () => {
    const s = at('2026-03-17T10:00', JKT);
    expect(() => national().deadline(s, -1)).toThrow(RangeError);
    expect(() => national().deadline(s, 1.5)).toThrow(RangeError);
    expect(() => national().deadline(new Date(Number.NaN), 1)).toThrow(RangeError);
    expect(() => national().addWorkingTime(s, -5)).toThrow(RangeError);
  });

  it('is fast: 1 000 deadlines of 365 working days well under a second', () => {
    const cal = national();
    const s = at('2025-01-01T08:00', JKT).getTime();
    cal.deadline(new Date(s), 365); // warm the year tables
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < 1000; i++) cal.deadline(new Date(s + i * 7 * HOUR), 365);
    expect(Number(process.hrtime.bigint() - t0) / 1e6).toBeLessThan(500);
  });
});

describe('BusinessCalendar: working time', () => {
  const cal = () => national();

  it.each<[string, string, number]>([
    ['2026-03-17T10:00', '2026-03-25T10:00', 24 * HOUR],
    ['2026-03-17T10:00', '2026-03-17T12:00', 2 * HOUR],
    ['2026-03-18T10:00', '2026-03-24T10:00', 0],
    ['2026-02-13T12:00', '2026-02-18T12:00', 24 * HOUR],
    ['2026-01-10T10:00', '2026-01-11T10:00', 0],
    ['2026-03-17T10:00', '2026-03-17T10:00', 0],
    ['2026-03-25T10:00', '2026-03-17T10:00', 0],
    ['2025-12-31T12:00', '2026-01-02T12:00', 24 * HOUR],
    ['2025-12-24T00:00', '2026-01-05T00:00', 5 * DAY_MS],
  ])('workingTimeBetween(%s, %s) = %i ms', (a, b, ms) => {
    expect(cal().workingTimeBetween(at(a, JKT), at(b, JKT))).toEqual({ ms, provisional: false });
  });

  it('flags spans touching 2027 as provisional, but not a span ending exactly at 2027', () => {
    expect(cal().workingTimeBetween(at('2026-12-31T12:00', JKT), at('2027-01-04T12:00', JKT))).toEqual({ ms: 24 * HOUR, provisional: true });
    expect(cal().workingTimeBetween(at('2026-12-31T12:00', JKT), at('2027-01-01T00:00', JKT))).toEqual({ ms: 12 * HOUR, provisional: false });
  });

  it('workingDaysBetween is the same in days', () => {
    expect(cal().workingDaysBetween(at('2026-03-17T12:00', JKT), at('2026-03-26T00:00', JKT))).toEqual({ days: 1.5, provisional: false });
  });

  it.each<[string, number, string]>([
    ['2026-02-14T09:00', HOUR, '2026-02-18T01:00:00.000+07:00'],
    ['2026-03-17T22:00', 3 * HOUR, '2026-03-25T01:00:00.000+07:00'],
    ['2026-03-17T10:00', 14 * HOUR, '2026-03-18T00:00:00.000+07:00'],
    ['2026-03-17T10:00', 14 * HOUR + 1, '2026-03-25T00:00:00.001+07:00'],
    ['2026-03-17T10:00', 0, '2026-03-17T10:00:00.000+07:00'],
    ['2026-03-19T10:00', 0, '2026-03-19T10:00:00.000+07:00'],
    ['2026-03-18T00:00', DAY_MS, '2026-03-26T00:00:00.000+07:00'],
  ])('addWorkingTime(%s, %i) = %s', (from, ms, expected) => {
    expect(local(cal().addWorkingTime(at(from, JKT), ms).instant, JKT)).toBe(expected);
  });

  it('endOfWorkingDay rounds up to the end of a working day', () => {
    const e = (t: string) => {
      const r = cal().endOfWorkingDay(at(t, JKT));
      return `${local(r.instant, JKT)}${r.provisional ? ' provisional' : ''}`;
    };
    expect(e('2026-03-17T10:00')).toBe('2026-03-17T23:59:59.999+07:00');
    expect(e('2026-03-18T00:00')).toBe('2026-03-25T23:59:59.999+07:00');
    expect(e('2026-02-14T10:00')).toBe('2026-02-18T23:59:59.999+07:00');
    expect(e('2026-12-31T10:00')).toBe('2026-12-31T23:59:59.999+07:00');
    expect(e('2027-01-01T00:30')).toBe('2027-01-04T23:59:59.999+07:00 provisional');
  });

  it('deadlineForWorkingTime rounds a budget to the end of the working day holding its last millisecond', () => {
    const d = (from: string, ms: number) => local(cal().deadlineForWorkingTime(at(from, JKT), ms).deadline, JKT);
    // 14 h from 10:00 on 17 March ends exactly at midnight: the deadline is 17 March, not 25 March
    expect(d('2026-03-17T10:00', 14 * HOUR)).toBe('2026-03-17T23:59:59.999+07:00');
    expect(d('2026-03-17T10:00', 14 * HOUR + 1)).toBe('2026-03-25T23:59:59.999+07:00');
    expect(d('2026-03-18T00:00', DAY_MS)).toBe('2026-03-25T23:59:59.999+07:00');
    expect(d('2026-03-19T10:00', 0)).toBe('2026-03-25T23:59:59.999+07:00');
  });

  it('counts the real elapsed time of working days in a DST zone; day-based results are unaffected', () => {
    const defs: CalendarDefinition[] = [
      { id: 'nl', name: 'NL', timeZone: 'Europe/Amsterdam', weekend: [6, 7], extends: null, years: { 2026: { official: true, source: 'test', holidays: [], collectiveLeave: [] } }, extraDays: [] },
    ];
    const nl = new BusinessCalendar(resolveCalendar(defs, 'nl'));
    // DST starts Sunday 29 March 2026 (a 23 h day) and ends Sunday 25 October 2026 (25 h)
    const sat = at('2026-03-28T12:00', 'Europe/Amsterdam');
    expect(local(nl.deadline(sat, 1).deadline, 'Europe/Amsterdam')).toBe('2026-03-30T23:59:59.999+02:00');
    expect(nl.startOfLocalDay('2026-03-29').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(nl.startOfLocalDay('2026-03-30').toISOString()).toBe('2026-03-29T22:00:00.000Z');
    const weekendless = new BusinessCalendar(resolveCalendar([{ ...defs[0], weekend: [] }], 'nl'));
    expect(weekendless.workingTimeBetween(weekendless.startOfLocalDay('2026-03-29'), weekendless.startOfLocalDay('2026-03-30')).ms).toBe(23 * HOUR);
    expect(weekendless.workingTimeBetween(weekendless.startOfLocalDay('2026-10-25'), weekendless.startOfLocalDay('2026-10-26')).ms).toBe(25 * HOUR);
  });

  it('is pure: results do not depend on call order or on other instances', () => {
    const s = at('2026-12-20T10:00', JKT);
    const expected = national().deadline(s, 30);
    const fresh = new BusinessCalendar(shippedResolved().get('id-national')!);
    // touch later years first, then ask the same question
    fresh.nonWorkingDays(2030);
    fresh.endOfWorkingDay(at('2028-06-01T00:00', JKT));
    expect(fresh.deadline(s, 30)).toEqual(expected);
    expect(fresh.deadline(s, 30)).toEqual(expected);
  });
});
