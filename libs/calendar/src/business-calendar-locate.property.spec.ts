import fc from 'fast-check';
import { DateTime } from 'luxon';
import { BusinessCalendar } from './business-calendar';
import { DAY_MS, ResolvedCalendar } from './calendar.types';

/**
 * `locate` (which local day holds an instant) guesses the day from the offset of the last day it
 * placed and keeps the guess only when that day's start and end bracket the instant. A calendar
 * whose caches are warm from a sequence of other instants (the fast path) must answer exactly as
 * a fresh one (whose first answer takes the exact path), and name the local date luxon names, in fixed-offset zones
 * and across daylight-saving changes (23 h and 25 h days, midnights that do not exist).
 */

const ZONES = ['Asia/Jakarta', 'Asia/Jayapura', 'Europe/Amsterdam', 'America/Santiago', 'America/Havana', 'Australia/Lord_Howe'] as const;

const resolved = (timeZone: string): ResolvedCalendar => ({
  id: 'z',
  name: 'Z',
  timeZone,
  weekend: [6, 7],
  chain: ['z'],
  // listed years without holidays: a fresh calendar per instant stays cheap (no date-holidays)
  years: Object.fromEntries(
    Array.from({ length: 9 }, (_, k) => 2023 + k).map((year) => [year, { year, official: true, sources: [], holidays: [], collectiveLeave: [] }]),
  ),
  extraDays: [],
  fingerprint: timeZone,
});

const FROM = Date.UTC(2024, 0, 1);
const TO = Date.UTC(2030, 0, 1);

/** Instants anywhere, near a local midnight, or near an offset change (the hours around 00:00-04:00 UTC-ish of March, April, October, November). */
const instant = (zone: string): fc.Arbitrary<number> =>
  fc.oneof(
    fc.integer({ min: FROM, max: TO }),
    fc
      .tuple(fc.integer({ min: 0, max: Math.floor((TO - FROM) / DAY_MS) }), fc.constantFrom(0, 1, -1, 3_600_000, -3_600_000, 1_800_000))
      .map(([k, off]) => DateTime.fromMillis(FROM + k * DAY_MS, { zone }).startOf('day').toMillis() + off),
    fc
      .tuple(fc.integer({ min: 2024, max: 2029 }), fc.constantFrom(3, 4, 9, 10, 11), fc.integer({ min: 1, max: 30 }), fc.integer({ min: -2 * 3_600_000, max: 30 * 3_600_000 }))
      .map(([y, m, day, off]) => Date.UTC(y, m - 1, day) + off),
  );

describe('BusinessCalendar.locate: the fast path equals the exact path', () => {
  it('a warm calendar places every instant of a sequence as a fresh calendar and luxon do', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES).chain((zone) => fc.tuple(fc.constant(zone), fc.array(instant(zone), { minLength: 1, maxLength: 60 }))),
        ([zone, instants]) => {
          const r = resolved(zone);
          const warm = new BusinessCalendar(r);
          for (const ms of instants) {
            const fresh = new BusinessCalendar(r);
            const at = new Date(ms);
            const local = DateTime.fromMillis(ms, { zone });
            expect(warm.localDate(at)).toBe(fresh.localDate(at));
            expect(warm.localDate(at)).toBe(local.toISODate());
            expect(warm.endOfDay(at).getTime()).toBe(new BusinessCalendar(r).endOfDay(at).getTime());
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('a warm calendar measures and adds working time as a fresh one does', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES).chain((zone) => fc.tuple(fc.constant(zone), fc.array(fc.tuple(instant(zone), fc.integer({ min: 0, max: 40 * DAY_MS })), { minLength: 1, maxLength: 30 }))),
        ([zone, pairs]) => {
          const r = resolved(zone);
          const warm = new BusinessCalendar(r);
          for (const [ms, span] of pairs) {
            const a = new Date(ms);
            const b = new Date(ms + span);
            expect(warm.workingTimeBetween(a, b)).toEqual(new BusinessCalendar(r).workingTimeBetween(a, b));
            expect(warm.addWorkingTime(a, span)).toEqual(new BusinessCalendar(r).addWorkingTime(a, span));
            expect(warm.deadline(a, span % 30)).toEqual(new BusinessCalendar(r).deadline(a, span % 30));
            expect(warm.endOfWorkingDay(b)).toEqual(new BusinessCalendar(r).endOfWorkingDay(b));
          }
        },
      ),
      { numRuns: 30 },
    );
  });
});
