import { BusinessCalendar, calendarsFromTexts } from '@tenggat/calendar';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as math from './clock-math';

const DAY = math.DAY_MS;
const HOUR = 3_600_000;

function shipped(id: string): BusinessCalendar {
  const dir = join(__dirname, '..', '..', '..', 'config', 'calendars');
  const texts = readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => readFileSync(join(dir, f), 'utf8'));
  const r = calendarsFromTexts(texts);
  if (!r.ok) throw new Error('shipped calendars invalid');
  return new BusinessCalendar(r.calendars.find((c) => c.id === id)!);
}

const cal = shipped('id-national');
const at = (iso: string): Date => new Date(iso);

/** A calendar-day response window as ClockService.startCalendarDays stores it. */
function calendarWindow(start: Date, days: number): math.FigureInput {
  return { budgetMs: days * DAY, consumedMs: 0, runStartedAt: start, startedAt: start, finishedAt: null, deadlineAt: math.calendarDaysDeadline(cal, start, days) };
}

describe('clock figures: unit, consumed and remaining within the budget', () => {
  it('a 30-calendar-day window opened at 12:15 WIB shows 0 consumed and 30 remaining, not -0.51 and 30.51', () => {
    const notice = at('2026-03-17T05:15:00Z'); // Tue 17 Mar 12:15 WIB
    const w = calendarWindow(notice, 30);
    // the old figures: remaining = deadline - now, consumed = budget - remaining
    const oldRemaining = (w.deadlineAt as Date).getTime() - notice.getTime();
    expect(w.budgetMs - oldRemaining).toBeLessThan(0);
    // the window counts from the next local midnight, like every clock: the start day is not consumed
    expect(math.figuresAt(cal, w, 'calendar-days', notice)).toEqual({ unit: 'calendar-days', budgetMs: 30 * DAY, consumedMs: 0, remainingMs: 30 * DAY, overdueMs: 0 });
    expect(math.figuresAt(cal, w, 'calendar-days', at('2026-03-17T16:59:59.999Z'))).toMatchObject({ consumedMs: 0, remainingMs: 30 * DAY });
    // one full local day later (Thu 19 Mar 00:00 WIB): one day used; holidays and weekends count in calendar days
    expect(math.figuresAt(cal, w, 'calendar-days', at('2026-03-18T17:00:00Z'))).toMatchObject({ consumedMs: DAY, remainingMs: 29 * DAY });
    // the end of the deadline day: everything used, nothing overdue
    const end = new Date((w.deadlineAt as Date).getTime() + 1);
    expect(math.figuresAt(cal, w, 'calendar-days', end)).toEqual({ unit: 'calendar-days', budgetMs: 30 * DAY, consumedMs: 30 * DAY, remainingMs: 0, overdueMs: 0 });
    // two days past it: remaining stays 0, the excess is overdue
    expect(math.figuresAt(cal, w, 'calendar-days', new Date(end.getTime() + 2 * DAY))).toMatchObject({ consumedMs: 30 * DAY, remainingMs: 0, overdueMs: 2 * DAY });
    // finished early: the figures freeze at the finish
    const done = { ...w, runStartedAt: null, finishedAt: at('2026-03-20T05:00:00Z') };
    expect(math.figuresAt(cal, done, 'calendar-days', at('2026-09-01T00:00:00Z'))).toMatchObject({ consumedMs: 2 * DAY + 12 * HOUR, remainingMs: 27 * DAY + 12 * HOUR });
  });

  it('working-day clocks: consumed is working time from the day after the start, clamped, overdue apart', () => {
    const c = math.start(cal, 5 * DAY, at('2026-01-05T02:00:00Z')); // Mon 5 Jan, 5 working days
    const input = { ...c, startedAt: at('2026-01-05T02:00:00Z'), finishedAt: null, deadlineAt: null };
    expect(math.figuresAt(cal, input, 'working-days', at('2026-01-05T02:00:00Z'))).toEqual({ unit: 'working-days', budgetMs: 5 * DAY, consumedMs: 0, remainingMs: 5 * DAY, overdueMs: 0 });
    // Tue-Fri 6-9 Jan: 4 working days
    expect(math.figuresAt(cal, input, 'working-days', at('2026-01-09T17:00:00Z'))).toMatchObject({ consumedMs: 4 * DAY, remainingMs: DAY });
    // Mon 12 - Wed 14 Jan: 7 working days in all, 2 beyond the budget
    expect(math.figuresAt(cal, input, 'working-days', at('2026-01-14T17:00:00Z'))).toMatchObject({ consumedMs: 5 * DAY, remainingMs: 0, overdueMs: 2 * DAY });
  });

  it('figuresOf clamps any recorded figures into [0, budget]', () => {
    expect(math.figuresOf('working-days', 10 * DAY, -3)).toMatchObject({ consumedMs: 0, remainingMs: 10 * DAY, overdueMs: 0 });
    expect(math.figuresOf('calendar-days', 10 * DAY, 12 * DAY)).toMatchObject({ consumedMs: 10 * DAY, remainingMs: 0, overdueMs: 2 * DAY });
  });

  it('property: consumed and remaining lie in [0, budget] and add up to it, for any window and any instant', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('2025-01-02T00:00:00Z'), max: Date.parse('2026-10-01T00:00:00Z') }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: -5 * DAY, max: 90 * DAY }),
        fc.constantFrom<math.ClockUnit>('working-days', 'calendar-days'),
        (start, days, offset, unit) => {
          const s = new Date(start);
          const input: math.FigureInput =
            unit === 'calendar-days' ? calendarWindow(s, days) : { ...math.start(cal, days * DAY, s), startedAt: s, finishedAt: null, deadlineAt: null };
          const f = math.figuresAt(cal, input, unit, new Date(start + offset));
          expect(f.unit).toBe(unit);
          expect(f.consumedMs).toBeGreaterThanOrEqual(0);
          expect(f.remainingMs).toBeGreaterThanOrEqual(0);
          expect(f.consumedMs + f.remainingMs).toBe(f.budgetMs);
          expect(f.overdueMs).toBeGreaterThanOrEqual(0);
          if (f.overdueMs > 0) expect(f.remainingMs).toBe(0);
        },
      ),
      { numRuns: 300 },
    );
  });
});
