import Holidays from 'date-holidays';
import { BusinessCalendar } from './business-calendar';
import { CalendarBudgetError, CalendarRangeError, MAX_SUPPORTED_YEAR, MIN_SUPPORTED_YEAR, timeBudget } from './calendar-bounds';
import { parseCalendar } from './calendar-parser';
import { resolveCalendar } from './calendar-resolver';
import { CalendarDefinition } from './calendar.types';
import { computedIndonesianHolidays } from './computed-holidays';
import { dayNumberOf, formatDayNumber, parseIsoStart, tryParseLocalDate } from './local-date.util';
import { at, local, shippedCalendar } from './shipped-calendars.fixture';

const JKT = 'Asia/Jakarta';
const national = () => shippedCalendar('id-national');

/** A calendar with no data at all: every year falls back to date-holidays. */
const bare = () => {
  const def: CalendarDefinition = { id: 'bare', name: 'Bare', timeZone: JKT, weekend: [6, 7], extends: null, years: {}, extraDays: [] };
  return new BusinessCalendar(resolveCalendar([def], 'bare'));
};

describe('calendar bounds: the supported years', () => {
  let getHolidays: jest.SpyInstance;
  const asked: number[] = [];
  beforeEach(() => {
    asked.length = 0;
    // date-holidays never returns for some years (1, -1, 200000): a call with such a year must
    // not happen at all. The spy records the years and refuses the ones out of range instead of hanging.
    const original = Holidays.prototype.getHolidays;
    getHolidays = jest.spyOn(Holidays.prototype, 'getHolidays').mockImplementation(function (this: Holidays, year?: string | number | Date, lang?: string) {
      asked.push(Number(year));
      if (Number(year) < MIN_SUPPORTED_YEAR || Number(year) > MAX_SUPPORTED_YEAR) throw new Error(`date-holidays called with year ${String(year)}`);
      return original.call(this, year, lang);
    });
  });
  afterEach(() => getHolidays.mockRestore());

  it('documents 2000-2100', () => {
    expect([MIN_SUPPORTED_YEAR, MAX_SUPPORTED_YEAR]).toEqual([2000, 2100]);
  });

  it.each([1, 0, -1, 99, 1999, 2101, 200000])('computedIndonesianHolidays(%i) refuses with CalendarRangeError and never calls date-holidays', (year) => {
    expect(() => computedIndonesianHolidays(year)).toThrow(CalendarRangeError);
    expect(asked).toEqual([]);
  });

  it('computes the edge years of the range', () => {
    expect(computedIndonesianHolidays(2000).length).toBeGreaterThan(5);
    expect(computedIndonesianHolidays(2100).length).toBeGreaterThan(5);
  });

  it.each([
    ['0001-01-01', 5],
    ['0002-01-01', 5],
    ['-000001-06-01', 5],
    ['1999-12-15', 1],
  ])('deadline from %s + %i working days refuses (CalendarRangeError), never asks date-holidays out of range', (start, n) => {
    const ms = start.startsWith('-') ? Date.UTC(-1, 5, 1) : new Date(`${start}T03:00:00Z`).getTime();
    const t0 = Date.now();
    expect(() => bare().deadline(new Date(ms), n)).toThrow(CalendarRangeError);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(asked.filter((y) => y < MIN_SUPPORTED_YEAR || y > MAX_SUPPORTED_YEAR)).toEqual([]);
  });

  it('an expanded year (+200000) refuses at once, even for 0 working days', () => {
    const far = new Date(8.64e15);
    expect(() => bare().deadline(far, 0)).toThrow(CalendarRangeError);
    expect(() => bare().deadline(far, 5)).toThrow(CalendarRangeError);
    expect(() => bare().localDate(far)).toThrow(CalendarRangeError);
  });

  it('refuses a deadline that would run past the last supported year', () => {
    expect(() => bare().deadline(at('2100-12-20T10:00', JKT), 30)).toThrow(CalendarRangeError);
    expect(local(bare().deadline(at('2100-12-20T10:00', JKT), 5).deadline, JKT)).toMatch(/^2100-12-27T23:59:59\.999/);
  });

  it('refuses every query that needs a year out of range', () => {
    expect(() => national().isWorkingDay('1999-12-31')).toThrow(CalendarRangeError);
    expect(() => national().describeDay('2101-01-03')).toThrow(CalendarRangeError);
    expect(() => national().nonWorkingDays(1)).toThrow(CalendarRangeError);
    expect(() => national().nonWorkingDays(2101)).toThrow(CalendarRangeError);
    expect(() => national().endOfWorkingDay(new Date(Date.UTC(1970, 0, 1)))).toThrow(CalendarRangeError);
    expect(() => national().workingTimeBetween(new Date(Date.UTC(1999, 0, 1)), at('2026-01-05T00:00', JKT))).toThrow(CalendarRangeError);
    expect(() => national().addWorkingTime(at('2100-12-30T10:00', JKT), 10 * 86_400_000)).toThrow(CalendarRangeError);
    expect(asked.filter((y) => y < MIN_SUPPORTED_YEAR || y > MAX_SUPPORTED_YEAR)).toEqual([]);
  });

  it('a loop that runs out of its budget stops with CalendarBudgetError', () => {
    let now = 0;
    const budget = timeBudget(100, () => (now += 60)); // each check costs 60 "ms"
    expect(() => bare().deadline(at('2030-01-02T10:00', JKT), 1000, budget)).toThrow(CalendarBudgetError);
    // a generous budget changes nothing
    const r = bare().deadline(at('2030-01-02T10:00', JKT), 1000, timeBudget(60_000, () => 0));
    expect(r).toEqual(bare().deadline(at('2030-01-02T10:00', JKT), 1000));
  });
});

describe('calendar bounds: admin-published calendars', () => {
  const doc = (years: string, extra = '') => `id: x\nname: X\ntimeZone: Asia/Jakarta\nweekend: [6, 7]\nyears:\n${years}${extra}`;

  it('refuses year lists outside the supported range', () => {
    const r = parseCalendar(doc(`  1999:\n    official: false\n    holidays: []\n`));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.faults[0]).toMatchObject({ path: 'years.1999', message: expect.stringMatching(/between 2000 and 2100/) });
  });

  it.each(['0001-01-01', '1999-12-31', '2101-01-01'])('refuses a regional day on %s', (date) => {
    const r = parseCalendar(doc('', `extraDays:\n  - {date: '${date}', name: Odd, annual: true}\n`));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.faults).toContainEqual({ path: 'extraDays[0].date', message: expect.stringMatching(/2000-2100/) });
  });
});

describe('strict ISO dates', () => {
  it('takes years 0-99 literally (no 1900+ mapping)', () => {
    expect(formatDayNumber(dayNumberOf(2, 1, 1))).toBe('0002-01-01');
    expect(formatDayNumber(dayNumberOf(99, 3, 1))).toBe('0099-03-01');
    expect(tryParseLocalDate('0099-03-01')).toBe(dayNumberOf(99, 3, 1));
    expect(tryParseLocalDate('0002-01-01')).not.toBe(dayNumberOf(1902, 1, 1));
  });

  it.each([
    ['2026-03-17', { kind: 'date', date: '2026-03-17', year: 2026 }],
    ['0002-01-01', { kind: 'date', date: '0002-01-01', year: 2 }],
    ['2026-03-17T03:00:00Z', { kind: 'instant', ms: Date.UTC(2026, 2, 17, 3), year: 2026 }],
    ['2026-03-17T10:00+07:00', { kind: 'instant', ms: Date.UTC(2026, 2, 17, 3), year: 2026 }],
    ['2026-03-17T10:00:30.1234-02:30', { kind: 'instant', ms: Date.UTC(2026, 2, 17, 12, 30, 30, 123), year: 2026 }],
  ])('parses %s', (s, expected) => {
    expect(parseIsoStart(s)).toEqual(expected);
  });

  it.each([
    '2026-02-31',
    '2026-13-01',
    '+200000-01-01',
    '-000001-06-01',
    '26-03-17',
    '2026-3-17',
    '2026-03-17T24:00:00Z',
    '2026-03-17T10:60Z',
    '2026-03-17T10:00:00', // no offset: ambiguous
    '2026-03-17T10:00:00+24:00',
    '2026-03-17 10:00:00Z',
    '2026',
    '0',
    'yesterday',
    '',
    `2026-03-17T10:00:00.${'1'.repeat(40)}Z`,
  ])('refuses %s', (s) => {
    expect(parseIsoStart(s)).toBeNull();
  });
});
