import { BusinessCalendar, calendarsFromTexts } from '@tenggat/calendar';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as math from './clock-math';

const DAY = math.DAY_MS;

function shipped(id: string): BusinessCalendar {
  const dir = join(__dirname, '..', '..', '..', 'config', 'calendars');
  const texts = readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => readFileSync(join(dir, f), 'utf8'));
  const r = calendarsFromTexts(texts);
  if (!r.ok) throw new Error('shipped calendars invalid');
  return new BusinessCalendar(r.calendars.find((c) => c.id === id)!);
}

const cal = shipped('id-national');
const at = (iso: string): Date => new Date(iso);
// instants inside the two official years
const instant = fc.integer({ min: Date.parse('2025-01-02T00:00:00Z'), max: Date.parse('2026-10-01T00:00:00Z') }).map((t) => new Date(t));

describe('clock maths on the 2026 calendar', () => {
  it('starts counting the day after submission and ends at the end of the N-th working day', () => {
    // Tue 17 Mar 2026 10:00 WIB; 18-24 Mar are Nyepi + Idul Fitri holidays and collective leave
    const c = math.start(cal, 1 * DAY, at('2026-03-17T03:00:00Z'));
    const s = math.scheduleOf(cal, c, 0.8);
    expect(s.deadline.toISOString()).toBe('2026-03-25T16:59:59.999Z'); // end of Wed 25 Mar WIB
    expect(s.provisional).toBe(false);
  });

  it('a stop and restart resumes with the remaining budget, never from zero', () => {
    // submitted Mon 5 Jan 2026, 10 working days
    let c = math.start(cal, 10 * DAY, at('2026-01-05T02:00:00Z'));
    // three full working days later (Tue-Thu 6-8 Jan) the clock stops on Fri 9 Jan at 00:00 WIB
    c = math.stop(cal, c, at('2026-01-08T17:00:00Z'));
    expect(c.consumedMs).toBe(3 * DAY);
    // resumed Mon 19 Jan 00:00 WIB: 7 working days remain -> Tue 27 Jan end of day
    c = math.resume(c, at('2026-01-18T17:00:00Z'));
    expect(math.remainingAt(cal, c, at('2026-01-18T17:00:00Z'))).toBe(7 * DAY);
    expect(math.scheduleOf(cal, c, 0.8).deadline.toISOString()).toBe('2026-01-27T16:59:59.999Z');
  });

  it('warns at the configured share of the budget', () => {
    const c = math.start(cal, 10 * DAY, at('2026-01-05T02:00:00Z'));
    const s = math.scheduleOf(cal, c, 0.8);
    // 8 working days from Tue 6 Jan 00:00 WIB: 6,7,8,9,12,13,14,15 Jan -> Fri 16 Jan 00:00 WIB
    expect(s.warnAt.toISOString()).toBe('2026-01-15T17:00:00.000Z');
  });

  it('delay compensation accrues per working day overdue up to its cap', () => {
    const deadline = at('2026-01-16T16:59:59.999Z'); // end of Fri 16 Jan
    expect(math.workingDaysLate(cal, deadline, at('2026-01-16T10:00:00Z'))).toBe(0);
    expect(math.workingDaysLate(cal, deadline, at('2026-01-19T05:00:00Z'))).toBe(1); // Mon, partly
    expect(math.workingDaysLate(cal, deadline, at('2026-01-21T05:00:00Z'))).toBe(3);
    expect(math.compensationOwed(3, { perWorkingDay: 50_000, cap: 120_000 })).toBe(120_000);
    expect(math.compensationOwed(2, { perWorkingDay: 50_000, cap: 120_000 })).toBe(100_000);
    expect(math.compensationOwed(5, undefined)).toBe(0);
  });

  it('working time consumed past the budget counts whole working days over, and none accrue while stopped', () => {
    // 2 working days from Mon 5 Jan 2026: counted Tue 6 and Wed 7 Jan, deadline end of Wed 7 Jan WIB
    let c = math.start(cal, 2 * DAY, at('2026-01-05T02:00:00Z'));
    const friNoon = at('2026-01-09T05:00:00Z'); // Fri 9 Jan 12:00 WIB: 3.5 working days consumed
    expect(math.workingDaysOver(math.consumedAt(cal, c, friNoon).ms, c.budgetMs)).toBe(2);
    c = math.stop(cal, c, friNoon); // a deficiency notice after the breach
    expect(math.workingDaysOver(math.consumedAt(cal, c, at('2026-01-15T05:00:00Z')).ms, c.budgetMs)).toBe(2); // stopped: no accrual
    c = math.resume(c, at('2026-01-18T17:00:00Z')); // Mon 19 Jan 00:00 WIB
    const monNoon = at('2026-01-19T05:00:00Z');
    expect(math.workingDaysOver(math.consumedAt(cal, c, monNoon).ms, c.budgetMs)).toBe(2); // 2.0 days over
    expect(math.workingDaysOver(math.consumedAt(cal, c, at('2026-01-19T06:00:00Z')).ms, c.budgetMs)).toBe(3);
    expect(math.workingDaysOver(1 * DAY, 2 * DAY)).toBe(0);
  });

  it('a calendar-day response window ends at the end of the N-th local day', () => {
    expect(math.calendarDaysDeadline(cal, at('2026-03-17T03:00:00Z'), 30).toISOString()).toBe('2026-04-16T16:59:59.999Z');
    expect(math.calendarDaysDeadline(cal, at('2026-03-17T16:59:59.999Z'), 0).toISOString()).toBe('2026-03-17T16:59:59.999Z');
  });

  it('a calendar-day window stepped day by day ends where luxon calendar arithmetic puts it, in WIB and across DST', () => {
    const amsterdam = new BusinessCalendar({ id: 'nl', name: 'NL', timeZone: 'Europe/Amsterdam', weekend: [6, 7], chain: ['nl'], years: {}, extraDays: [], fingerprint: 'nl' });
    fc.assert(
      fc.property(fc.constantFrom(cal, amsterdam), instant, fc.integer({ min: 0, max: 90 }), (c, t, days) => {
        const local = DateTime.fromJSDate(t, { zone: c.timeZone }).startOf('day').plus({ days });
        expect(math.calendarDaysDeadline(c, t, days).getTime()).toBe(c.endOfDay(local.toJSDate()).getTime());
      }),
      { numRuns: 200 },
    );
  });
});

describe('clock maths properties', () => {
  it('deadlines always fall at the end of a working day', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 60 }), (s, n) => {
        const d = math.scheduleOf(cal, math.start(cal, n * DAY, s), 0.8).deadline;
        expect(cal.endOfDay(d).getTime()).toBe(d.getTime());
        expect(cal.isWorkingDay(cal.localDate(d))).toBe(true);
        // and it agrees with the calendar's own deadline rule
        expect(d.getTime()).toBe(cal.deadline(s, n).deadline.getTime());
      }),
    );
  });

  it('stopping and restarting never gains or loses working time', () => {
    fc.assert(
      fc.property(instant, fc.array(fc.integer({ min: 1, max: 20 * DAY }), { minLength: 2, maxLength: 8 }), (s, gaps) => {
        let c = math.start(cal, 40 * DAY, s);
        let t = s.getTime();
        let expected = 0;
        let running = true;
        let segmentStart = c.runStartedAt!.getTime();
        for (const g of gaps) {
          t += g;
          const now = new Date(t);
          if (running) {
            expected += cal.workingTimeBetween(new Date(segmentStart), now).ms;
            c = math.stop(cal, c, now);
          } else {
            c = math.resume(c, now);
            segmentStart = t;
          }
          running = !running;
        }
        const end = new Date(t + 1);
        if (running) expected += cal.workingTimeBetween(new Date(segmentStart), end).ms;
        expect(math.consumedAt(cal, c, end).ms).toBe(expected);
      }),
    );
  });

  it('repeated deficiency notices cannot push a deadline past the budget plus the time actually stopped', () => {
    fc.assert(
      fc.property(
        instant,
        fc.integer({ min: 5, max: 30 }),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 3 * DAY }), fc.integer({ min: 1, max: 10 * DAY })), { minLength: 1, maxLength: 4 }),
        (s, n, cycles) => {
          let c = math.start(cal, n * DAY, s);
          let t = c.runStartedAt!.getTime();
          let stoppedWorking = 0;
          for (const [run, pause] of cycles) {
            if (math.remainingAt(cal, c, new Date(t + run)) <= 0) break;
            t += run;
            c = math.stop(cal, c, new Date(t));
            stoppedWorking += cal.workingTimeBetween(new Date(t), new Date(t + pause)).ms;
            t += pause;
            c = math.resume(c, new Date(t));
          }
          const deadline = math.scheduleOf(cal, c, 0.8).deadline;
          const first = math.firstCountingInstant(cal, s);
          const elapsedWorking = cal.workingTimeBetween(first, new Date(deadline.getTime() + 1)).ms;
          // the clock ran for its whole budget; the rest is stopped time plus rounding to the day's end
          expect(elapsedWorking - stoppedWorking).toBeGreaterThanOrEqual(n * DAY);
          expect(elapsedWorking - stoppedWorking).toBeLessThan(n * DAY + DAY);
        },
      ),
    );
  });
});
