import fc from 'fast-check';
import { DateTime } from 'luxon';
import { BusinessCalendar } from './business-calendar';
import { DAY_MS, ResolvedCalendar } from './calendar.types';
import { computedIndonesianHolidays } from './computed-holidays';
import { shippedCalendar, shippedResolved } from './shipped-calendars.fixture';

/**
 * Property tests against an independent model: days are walked with luxon in the calendar's
 * zone and checked against the raw resolved data (or date-holidays for years without data).
 */

const IDS = ['id-national', 'id-national-wit', 'sulsel', 'kota-contoh'] as const;
const FROM = Date.UTC(2024, 5, 1);
const TO = Date.UTC(2028, 0, 1);

class Model {
  private readonly listed = new Map<number, Set<string>>();
  constructor(readonly r: ResolvedCalendar) {}

  private days(year: number): Set<string> {
    let s = this.listed.get(year);
    if (!s) {
      const y = this.r.years[year];
      const dates = y ? [...y.holidays, ...y.collectiveLeave].map((d) => d.date) : computedIndonesianHolidays(year).map((d) => d.date);
      for (const e of this.r.extraDays) {
        const ey = Number(e.date.slice(0, 4));
        if (ey === year || (e.annual === true && ey < year)) dates.push(`${year}${e.date.slice(4)}`);
      }
      s = new Set(dates);
      this.listed.set(year, s);
    }
    return s;
  }

  working(d: DateTime): boolean {
    return !this.r.weekend.includes(d.weekday as never) && !this.days(d.year).has(d.toISODate()!);
  }

  official(year: number): boolean {
    return this.r.years[year]?.official === true;
  }

  day(ms: number): DateTime {
    return DateTime.fromMillis(ms, { zone: this.r.timeZone }).startOf('day');
  }
}

const models = new Map(IDS.map((id) => [id, new Model(shippedResolved().get(id)!)]));

interface Case {
  id: (typeof IDS)[number];
  cal: BusinessCalendar;
  model: Model;
}

const calArb: fc.Arbitrary<Case> = fc.constantFrom(...IDS).map((id) => ({ id, cal: shippedCalendar(id), model: models.get(id)! }));

/** Instants, biased towards local midnights and the milliseconds around them. */
function instantArb(c: Case): fc.Arbitrary<number> {
  const plain = fc.integer({ min: FROM, max: TO });
  const nearMidnight = fc
    .tuple(fc.integer({ min: 0, max: Math.floor((TO - FROM) / DAY_MS) }), fc.constantFrom(0, 1, -1, 3_600_000, DAY_MS / 2))
    .map(([d, off]) => c.model.day(FROM + d * DAY_MS).toMillis() + off);
  return fc.oneof(plain, nearMidnight);
}

const withInstant = calArb.chain((c) => fc.tuple(fc.constant(c), instantArb(c)));
/** Two instants at most ~120 days apart (keeps the day-walking model cheap) and a split point. */
const withSpan = calArb.chain((c) =>
  fc.tuple(fc.constant(c), instantArb(c), fc.integer({ min: 0, max: 120 * DAY_MS }), fc.double({ min: 0, max: 1, noNaN: true })),
);
const msArb = fc.oneof(
  fc.integer({ min: 0, max: 200 * DAY_MS }),
  fc.integer({ min: 0, max: 300 }).map((k) => k * DAY_MS),
  fc.integer({ min: 0, max: 10 * 3_600_000 }),
);

const d = (ms: number) => new Date(ms);

describe('BusinessCalendar properties', () => {
  it('deadline = end of the N-th working day after the start day, per the model (provisional iff a consulted year is unofficial)', () => {
    fc.assert(
      fc.property(withInstant, fc.integer({ min: 0, max: 365 }), ([c, s], n) => {
        let day = c.model.day(s);
        let provisional = false;
        for (let k = 0; k < n; ) {
          day = day.plus({ days: 1 });
          if (!c.model.official(day.year)) provisional = true;
          if (c.model.working(day)) k++;
        }
        const r = c.cal.deadline(d(s), n);
        expect(r.deadline.getTime()).toBe(day.endOf('day').toMillis());
        expect(r.provisional).toBe(provisional);
      }),
      { numRuns: 150 },
    );
  });

  it('a deadline never lands inside non-working time: its day is working and it is that day\'s end', () => {
    fc.assert(
      fc.property(withInstant, fc.integer({ min: 1, max: 365 }), ([c, s], n) => {
        const r = c.cal.deadline(d(s), n).deadline;
        expect(c.cal.isWorkingDay(c.cal.localDate(r))).toBe(true);
        expect(c.cal.endOfDay(r).getTime()).toBe(r.getTime());
        expect(c.cal.localDate(d(r.getTime() + 1))).not.toBe(c.cal.localDate(r));
        expect(r.getTime()).toBeGreaterThan(s);
      }),
    );
  });

  it('deadline is strictly monotonic in N', () => {
    fc.assert(
      fc.property(withInstant, fc.integer({ min: 0, max: 364 }), ([c, s], n) => {
        expect(c.cal.deadline(d(s), n + 1).deadline.getTime()).toBeGreaterThan(c.cal.deadline(d(s), n).deadline.getTime());
      }),
    );
  });

  it('consistency: deadline(s, N) = addWorkingTime(start of next day, N days) - 1 ms = deadlineForWorkingTime(...)', () => {
    fc.assert(
      fc.property(withInstant, fc.integer({ min: 1, max: 365 }), ([c, s], n) => {
        const nextDay = c.cal.endOfDay(d(s)).getTime() + 1;
        const expected = c.cal.deadline(d(s), n);
        const added = c.cal.addWorkingTime(d(nextDay), n * DAY_MS);
        expect(added.instant.getTime() - 1).toBe(expected.deadline.getTime());
        expect(c.cal.deadlineForWorkingTime(d(nextDay), n * DAY_MS)).toEqual(expected);
        expect(c.cal.workingDaysBetween(d(nextDay), d(expected.deadline.getTime() + 1)).days).toBe(n);
      }),
    );
  });

  it('add-then-measure returns the input, and the result is the earliest such instant', () => {
    fc.assert(
      fc.property(withInstant, msArb, ([c, x], ms) => {
        const t = c.cal.addWorkingTime(d(x), ms).instant.getTime();
        expect(c.cal.workingTimeBetween(d(x), d(t)).ms).toBe(ms);
        if (ms > 0) {
          expect(c.cal.workingTimeBetween(d(x), d(t - 1)).ms).toBe(ms - 1);
          // the last counted millisecond is working time
          expect(c.cal.isWorkingDay(c.cal.localDate(d(t - 1)))).toBe(true);
        } else {
          expect(t).toBe(x);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('splitting: addWorkingTime(addWorkingTime(x, a), b) = addWorkingTime(x, a + b)', () => {
    fc.assert(
      fc.property(withInstant, msArb, msArb, ([c, x], a, b) => {
        const first = c.cal.addWorkingTime(d(x), a).instant;
        expect(c.cal.addWorkingTime(first, b).instant.getTime()).toBe(c.cal.addWorkingTime(d(x), a + b).instant.getTime());
      }),
    );
  });

  it('workingTimeBetween matches the model and is additive', () => {
    fc.assert(
      fc.property(withSpan, ([c, a, span, split]) => {
        const b = a + span;
        // model: sum the overlap of [a, b) with every working local day
        let expected = 0;
        let provisional = false;
        if (b > a) {
          for (let day = c.model.day(a); day.toMillis() < b; day = day.plus({ days: 1 })) {
            if (!c.model.official(day.year)) provisional = true;
            if (!c.model.working(day)) continue;
            const lo = Math.max(a, day.toMillis());
            const hi = Math.min(b, day.plus({ days: 1 }).toMillis());
            expected += Math.max(0, hi - lo);
          }
        }
        expect(c.cal.workingTimeBetween(d(a), d(b))).toEqual({ ms: expected, provisional });
        expect(c.cal.workingTimeBetween(d(b), d(a)).ms).toBe(0);
        const m = a + Math.floor(span * split);
        expect(c.cal.workingTimeBetween(d(a), d(m)).ms + c.cal.workingTimeBetween(d(m), d(b)).ms).toBe(expected);
      }),
      { numRuns: 100 },
    );
  });

  it('endOfWorkingDay is the end of the first working day at or after the instant', () => {
    fc.assert(
      fc.property(withInstant, ([c, x]) => {
        let day = c.model.day(x);
        let provisional = !c.model.official(day.year);
        while (!c.model.working(day)) {
          day = day.plus({ days: 1 });
          if (!c.model.official(day.year)) provisional = true;
        }
        const r = c.cal.endOfWorkingDay(d(x));
        expect(r.instant.getTime()).toBe(day.endOf('day').toMillis());
        expect(r.provisional).toBe(provisional);
      }),
    );
  });

  it('isWorkingDay agrees with the model on every kind of year', () => {
    fc.assert(
      fc.property(calArb, fc.integer({ min: 0, max: 5 * 366 }), (c, k) => {
        const day = DateTime.fromISO('2024-01-01', { zone: c.model.r.timeZone }).plus({ days: k });
        expect(c.cal.isWorkingDay(day.toISODate()!)).toBe(c.model.working(day));
      }),
      { numRuns: 300 },
    );
  });

  it('anything computed in a year without official data is provisional', () => {
    fc.assert(
      fc.property(calArb, fc.integer({ min: Date.UTC(2027, 0, 2), max: Date.UTC(2027, 11, 1) }), fc.integer({ min: 1, max: 40 }), (c, s, n) => {
        expect(c.cal.deadline(d(s), n).provisional).toBe(true);
        expect(c.cal.addWorkingTime(d(s), n * 3_600_000).provisional).toBe(true);
        expect(c.cal.workingTimeBetween(d(s), d(s + n * 3_600_000)).provisional).toBe(true);
        expect(c.cal.endOfWorkingDay(d(s)).provisional).toBe(true);
        expect(c.cal.isOfficialYear(2027)).toBe(false);
      }),
      { numRuns: 50 },
    );
  });
});
